package org.trdoutcomes.ingest.omop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.trdoutcomes.ingest.ExtractRow;
import org.trdoutcomes.ingest.ExtractRow.AcceptedPatient;
import org.trdoutcomes.ingest.ExtractRow.AcceptedTrial;
import org.trdoutcomes.ingest.ExtractRow.RejectedRow;
import org.trdoutcomes.ingest.ExtractRow.WarningRow;
import org.trdoutcomes.rules.Treatment;
import org.trdoutcomes.rules.TreatmentCatalogue;
import org.trdoutcomes.rules.Trial;

/**
 * Reads an OMOP CDM (omop.md) and hands out the same rows the trials reader does: {@link AcceptedPatient} and
 * {@link AcceptedTrial} records derived from the CDM, {@link RejectedRow}s of CDM rows that break the contract,
 * and {@link WarningRow}s. Nothing after the ingest needs to know which reader ran.
 *
 * <p>The stream is deterministic: first the source's warnings (ignored files), then every rejected row in table
 * order and row order, then patient by patient in patient-id order (the decimal text, compared as text) the
 * patient, a PATIENT_NOT_IN_PATIENTS_FILES warning where the person table lacks them, and their trials in file
 * order (start, then treatment name; {@link Trial#sequence()} numbers them from 1); last the UNMAPPED_DRUG
 * warnings by concept id.
 *
 * <p>Memory stays bounded whatever the size of the CDM, in three phases over a work folder ({@link OmopWorkFolder}):
 * {@link CdmSpill} parses the rows one at a time and spills them into {@link OmopSettings#buckets()} files by a hash
 * of their person id, then reads the vocabulary tables filtered to the drug concepts the CDM used;
 * {@link BucketDerivation} derives each bucket on its own (one bucket's patients in memory) and writes its patients
 * in patient-id order; {@link OmopRowStream} merges the buckets. Set-up happens on the first {@link #next()};
 * {@link #accounts()} is complete once it has returned null.
 */
public final class OmopExtractReader implements AutoCloseable {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(OmopExtractReader.class);

    private final CdmSource source;
    private final OmopSettings settings;
    private final Map<String, Treatment> byCanonicalName = new HashMap<>();
    private final CdmSpill spill;

    private boolean prepared;
    private OmopWorkFolder work;
    private OmopRowStream stream;

    public OmopExtractReader(CdmSource source, OmopSettings settings, TreatmentCatalogue catalogue) {
        this.source = source;
        this.settings = settings;
        this.spill = new CdmSpill(settings, catalogue);
        for (Treatment t : catalogue.treatments()) {
            byCanonicalName.put(t.canonicalName(), t);
        }
    }

    /** The next row, or null at the end. */
    public ExtractRow next() {
        if (!prepared) {
            prepare();
        }
        return stream.next();
    }

    /** Per-table accounting in reading order; complete once {@link #next()} has returned null. */
    public List<CdmTableAccount> accounts() {
        return List.copyOf(spill.accounts());
    }

    public String describeSource() {
        return source.describe();
    }

    private void prepare() {
        prepared = true;
        long started = System.nanoTime();
        try {
            work = OmopWorkFolder.create(settings.workFolder(), settings.buckets());
            spill.spill(source, work);
            long read = System.nanoTime();
            UnmappedDrugs unmapped = new BucketDerivation(spill.vocabulary(), byCanonicalName::get, settings.asOf())
                    .deriveAll(work);
            log.info("OMOP CDM read in {} s, derived in {} s ({} buckets)", String.format("%.1f", (read - started) / 1e9),
                    String.format("%.1f", (System.nanoTime() - read) / 1e9), work.buckets());
            stream = new OmopRowStream(work, byCanonicalName::get, source.warnings(), spill.accounts(), unmapped);
        } catch (IOException e) {
            throw new UncheckedIOException("OMOP work folder " + work + ": " + e.getMessage(), e);
        } finally {
            source.close();
        }
    }

    @Override
    public void close() {
        if (stream != null) {
            stream.close();
        }
        source.close();
        if (work != null) {
            work.delete();
        }
    }
}
