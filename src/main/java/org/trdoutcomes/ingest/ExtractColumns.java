package org.trdoutcomes.ingest;

import java.util.List;
import java.util.Set;

/**
 * The columns of the data contract (docs/data-contract.md): for each kind of file its contract columns, whose position
 * in the list is the column's "slot", the required ones, and the header names refused as direct identifiers. The
 * header mapping ({@link ExtractHeader}), the cells ({@link RowCells}) and the row rules read them from here.
 */
public final class ExtractColumns {

    private ExtractColumns() {
    }

    /** Header names refused outright (docs/data-contract.md "Direct identifiers"), after normalisation. */
    public static final Set<String> DIRECT_IDENTIFIER_COLUMNS = Set.of(
            "name", "first_name", "last_name", "surname", "full_name", "address", "street", "city", "zip", "postcode",
            "phone", "email", "mrn", "ssn", "nhs_number", "dob", "date_of_birth", "birth_date", "birthdate");

    /** Contract columns of a trials file; the position in this list is the column's slot. */
    static final List<String> TRIAL_COLUMNS = List.of(
            "patient_id", "episode", "start_date", "end_date", "treatment", "strategy", "dose", "dose_unit",
            "sessions", "adherence_pct", "scale", "baseline_score", "outcome_score", "stop_reason");
    static final int T_PATIENT_ID = 0;
    static final int T_EPISODE = 1;
    static final int T_START = 2;
    static final int T_END = 3;
    static final int T_TREATMENT = 4;
    static final int T_STRATEGY = 5;
    static final int T_DOSE = 6;
    static final int T_DOSE_UNIT = 7;
    static final int T_SESSIONS = 8;
    static final int T_ADHERENCE = 9;
    static final int T_SCALE = 10;
    static final int T_BASELINE = 11;
    static final int T_OUTCOME = 12;
    static final int T_STOP = 13;
    static final List<Integer> TRIAL_REQUIRED = List.of(T_PATIENT_ID, T_START, T_TREATMENT);

    /** Contract columns of a patients file; the position in this list is the column's slot. */
    static final List<String> PATIENT_COLUMNS = List.of(
            "patient_id", "site", "sex", "age_band", "diagnosis", "episode_start",
            "psychotic_features", "bipolar", "hypothyroidism", "substance_use", "trauma", "adhd");
    static final int P_PATIENT_ID = 0;
    static final int P_SITE = 1;
    static final int P_SEX = 2;
    static final int P_AGE_BAND = 3;
    static final int P_DIAGNOSIS = 4;
    static final int P_EPISODE_START = 5;
    static final int P_FIRST_BOOLEAN = 6;
    static final List<Integer> PATIENT_REQUIRED = List.of(P_PATIENT_ID);

    static final int MAX_SITE_LENGTH = 64;
    /** age_band and diagnosis: TRD_PATIENT holds 100 characters of each. */
    static final int MAX_KEPT_TEXT = 100;

    static List<String> of(FileKind kind) {
        return kind == FileKind.TRIALS ? TRIAL_COLUMNS : PATIENT_COLUMNS;
    }

    static List<Integer> requiredOf(FileKind kind) {
        return kind == FileKind.TRIALS ? TRIAL_REQUIRED : PATIENT_REQUIRED;
    }
}
