package org.trdoutcomes.ingest;

/** Things the Data quality sheet lists that do not reject a row (docs/data-contract.md, docs/workbook-contract.md). */
public enum WarningCode {
    UNKNOWN_COLUMN, IGNORED_FILE, PATIENT_NOT_IN_PATIENTS_FILES,
    /** OMOP input (omop.md §3 rule 5): drug_exposure rows of a drug_concept_id no mapping rule resolves. */
    UNMAPPED_DRUG
}
