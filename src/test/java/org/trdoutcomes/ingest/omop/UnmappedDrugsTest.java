package org.trdoutcomes.ingest.omop;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.trdoutcomes.ingest.ExtractWarning;
import org.trdoutcomes.ingest.WarningCode;

/** The UNMAPPED_DRUG tally of omop.md §3, added up from buckets derived in any order. */
class UnmappedDrugsTest {

    @Test
    void bucketsAddUpToOneWarningPerConceptNamingTheFirstRowAndItsSourceValue() {
        UnmappedDrugs bucketA = new UnmappedDrugs();
        bucketA.count(42, 30, "later row");
        bucketA.count(7, 12, "seven");
        UnmappedDrugs bucketB = new UnmappedDrugs();
        bucketB.count(42, 9, "first row");
        bucketB.count(42, 50, "last row");

        UnmappedDrugs total = new UnmappedDrugs();
        total.add(bucketA);
        total.add(bucketB);

        assertThat(total.warnings("drug.csv")).extracting(ExtractWarning::file, ExtractWarning::line,
                        ExtractWarning::value, ExtractWarning::code)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("drug.csv", 12L, "7", WarningCode.UNMAPPED_DRUG),
                        org.assertj.core.groups.Tuple.tuple("drug.csv", 9L, "42", WarningCode.UNMAPPED_DRUG));
        assertThat(total.warnings("drug.csv").get(1).message()).startsWith("3 drug_exposure rows of drug_concept_id 42"
                + " (drug_source_value 'first row')");
        assertThat(total.warnings("drug.csv").get(0).message()).startsWith("1 drug_exposure row of drug_concept_id 7 ");
    }

    @Test
    void aSourceValueThatLooksLikeADirectIdentifierIsMaskedAndAMissingOneIsLeftOut() {
        UnmappedDrugs tally = new UnmappedDrugs();
        tally.count(1, 2, "jane.doe@example.org");
        tally.count(2, 3, null);

        assertThat(tally.warnings("d").get(0).message()).doesNotContain("jane.doe").contains("drug_source_value '");
        assertThat(tally.warnings("d").get(1).message()).doesNotContain("drug_source_value");
    }
}
