package org.trdoutcomes.ingest.omop;

import java.util.List;
import java.util.Locale;

/**
 * The CDM v5.4 tables omop.md reads, in reading order, with the columns it uses (the position in
 * {@link #columns()} is the column's slot). Every other column of a table is read past: a CDM table has many
 * columns the contract does not need, so unknown columns are not warned about.
 */
public enum CdmTable {
    PERSON(false, "person_id", List.of("person_id", "gender_concept_id", "year_of_birth", "care_site_id"), 1),
    DRUG_EXPOSURE(true, "drug_exposure_id", List.of("person_id", "drug_concept_id", "drug_exposure_start_date",
            "drug_exposure_end_date", "days_supply", "quantity", "drug_source_value"), 3),
    PROCEDURE_OCCURRENCE(false, "procedure_occurrence_id",
            List.of("person_id", "procedure_concept_id", "procedure_date", "procedure_source_value"), 3),
    CONDITION_OCCURRENCE(false, "condition_occurrence_id",
            List.of("person_id", "condition_concept_id", "condition_start_date", "condition_source_value"), 3),
    MEASUREMENT(false, "measurement_id",
            List.of("person_id", "measurement_concept_id", "measurement_date", "value_as_number"), 3),
    OBSERVATION(false, "observation_id",
            List.of("person_id", "observation_concept_id", "observation_date", "value_as_number"), 3),
    CONCEPT(false, "concept_id", List.of("concept_id", "concept_name", "concept_class_id"), 1),
    CONCEPT_ANCESTOR(false, null, List.of("ancestor_concept_id", "descendant_concept_id", "min_levels_of_separation"), 2),
    DRUG_STRENGTH(false, null, List.of("drug_concept_id", "ingredient_concept_id", "amount_value", "amount_unit_concept_id"), 2);

    private final boolean required;
    private final String orderColumn;
    private final List<String> columns;
    private final int requiredColumns;

    /**
     * @param orderColumn     the primary key a database read is ordered by, so that "file order" (the last value
     *                        read on a date counts) is defined there too; null where order does not matter
     * @param requiredColumns the first this-many columns must be in the header (a file-level failure otherwise)
     */
    CdmTable(boolean required, String orderColumn, List<String> columns, int requiredColumns) {
        this.required = required;
        this.orderColumn = orderColumn;
        this.columns = columns;
        this.requiredColumns = requiredColumns;
    }

    /** The table's name as the CDM spells it (lower case). */
    public String tableName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Only {@code drug_exposure} must be there; every other table is optional (omop.md §1). */
    public boolean isRequired() {
        return required;
    }

    String orderColumn() {
        return orderColumn;
    }

    public List<String> columns() {
        return columns;
    }

    boolean isRequiredColumn(int slot) {
        return slot < requiredColumns;
    }

    /** Vocabulary tables are counted but hold no patient data. */
    public boolean isVocabulary() {
        return this == CONCEPT || this == CONCEPT_ANCESTOR || this == DRUG_STRENGTH;
    }

    /** The table a file or database table name stands for (any letter case), or null. */
    static CdmTable ofName(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        for (CdmTable t : values()) {
            if (t.tableName().equals(key)) {
                return t;
            }
        }
        return null;
    }
}
