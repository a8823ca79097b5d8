package org.trdoutcomes.ingest.omop;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.trdoutcomes.ingest.CellFormats;
import org.trdoutcomes.ingest.ExtractWarning;
import org.trdoutcomes.ingest.WarningCode;

/**
 * The drug_exposure rows whose drug maps to no catalogue treatment, tallied by drug_concept_id for the UNMAPPED_DRUG
 * warnings (omop.md §3): how many rows, and the source value of the first of them. One tally per bucket, added up
 * into the read's tally under its lock.
 */
final class UnmappedDrugs {

    private static final class Tally {
        long rows;
        long firstLine = Long.MAX_VALUE;
        String sourceValue;
    }

    private final Map<Long, Tally> byConcept = new TreeMap<>();

    /** One unmapped row of drug concept {@code concept}. */
    void count(long concept, long line, String sourceValue) {
        Tally t = byConcept.computeIfAbsent(concept, k -> new Tally());
        t.rows++;
        if (line < t.firstLine) {
            t.firstLine = line;
            t.sourceValue = sourceValue;
        }
    }

    /** Adds a bucket's tally; buckets are derived in parallel. */
    synchronized void add(UnmappedDrugs bucket) {
        bucket.byConcept.forEach((concept, u) -> {
            Tally total = byConcept.computeIfAbsent(concept, k -> new Tally());
            total.rows += u.rows;
            if (u.firstLine < total.firstLine) {
                total.firstLine = u.firstLine;
                total.sourceValue = u.sourceValue;
            }
        });
    }

    /** One UNMAPPED_DRUG warning per concept, by concept id, naming the first row in {@code drugSource}. */
    synchronized List<ExtractWarning> warnings(String drugSource) {
        List<ExtractWarning> warnings = new ArrayList<>(byConcept.size());
        byConcept.forEach((concept, u) -> warnings.add(warning(drugSource, concept, u)));
        return warnings;
    }

    /**
     * The drug_source_value goes to the Data quality sheet so that a site sees what it is missing; one that looks
     * like a direct identifier (an e-mail address, a phone number) is masked as the trials reader masks patient ids.
     */
    private static ExtractWarning warning(String drugSource, long concept, Tally u) {
        String value = u.sourceValue;
        if (value != null && CellFormats.identifierKind(value) != null) {
            value = CellFormats.mask(value);
        }
        value = CellFormats.cut(value);
        String message = u.rows + (u.rows == 1 ? " drug_exposure row" : " drug_exposure rows") + " of drug_concept_id "
                + concept + (value == null ? "" : " (drug_source_value '" + value + "')")
                + " map to no catalogue treatment and are not used; add the concept as an omop:" + concept
                + " synonym, or the name as a synonym, in the catalogue extension.";
        return new ExtractWarning(drugSource, u.firstLine, "drug_concept_id", Long.toString(concept),
                WarningCode.UNMAPPED_DRUG, message);
    }
}
