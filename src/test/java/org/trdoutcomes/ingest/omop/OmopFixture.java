package org.trdoutcomes.ingest.omop;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.trdoutcomes.ingest.ExtractRow;
import org.trdoutcomes.rules.TreatmentCatalogue;

/** The hand-worked CDM of fixtures/omop-handworked (its README works out every expected figure). */
public final class OmopFixture {

    public static final LocalDate AS_OF = LocalDate.of(2025, 6, 30);

    private OmopFixture() {
    }

    public static Path folder() {
        try {
            return Path.of(OmopFixture.class.getResource("/fixtures/omop-handworked/README.md").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Everything the reader streams, in order, and its accounting. */
    record Read(List<ExtractRow> rows, List<CdmTableAccount> accounts) {
    }

    static Read readAll(CdmSource source, Path work, int buckets) {
        List<ExtractRow> rows = new ArrayList<>();
        try (OmopExtractReader reader = new OmopExtractReader(source,
                new OmopSettings(AS_OF, OmopSettings.DEFAULT_SCALES, work, buckets), TreatmentCatalogue.defaults())) {
            for (ExtractRow r = reader.next(); r != null; r = reader.next()) {
                rows.add(r);
            }
            return new Read(rows, reader.accounts());
        }
    }
}
