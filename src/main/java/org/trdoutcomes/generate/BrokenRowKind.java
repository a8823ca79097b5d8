package org.trdoutcomes.generate;

/**
 * The faults the generator writes on purpose, one per row, so that every rejection path of the ingest
 * (docs/data-contract.md "Row rejections") has sample rows. The expected reason code is named with each kind.
 */
public enum BrokenRowKind {
    /** A treatment no catalogue knows (e.g. a typo or a herbal remedy): {@code UNKNOWN_TREATMENT}. */
    UNKNOWN_TREATMENT,
    /** A start date that does not exist, e.g. {@code 2026-02-30}: {@code BAD_DATE}. */
    BAD_DATE,
    /** An end date before the start date: {@code END_BEFORE_START}. */
    END_BEFORE_START,
    /** A baseline score above the scale's maximum: {@code OUT_OF_RANGE}. */
    SCORE_OUT_OF_RANGE,
    /** An antidepressant trial with a blank strategy: {@code MISSING_STRATEGY}. */
    MISSING_STRATEGY,
    /** An outcome score without a baseline score: {@code OUTCOME_WITHOUT_BASELINE}. */
    OUTCOME_WITHOUT_BASELINE,
    /** An e-mail address as patient id: {@code IDENTIFIER_IN_ID}. */
    EMAIL_AS_PATIENT_ID,
    /** A trial row repeated verbatim: {@code DUPLICATE_ROW}. */
    DUPLICATE_TRIAL_ROW,
    /** A stop reason outside the vocabulary: {@code UNKNOWN_VALUE}. */
    UNKNOWN_STOP_REASON,
    /** A second patients row for one patient id (other values differ): {@code DUPLICATE_PATIENT}. */
    DUPLICATE_PATIENT_ROW;

    /** The kinds written into trials files, in the round-robin order they are used. */
    static final BrokenRowKind[] TRIAL_KINDS = {
        UNKNOWN_TREATMENT, BAD_DATE, END_BEFORE_START, SCORE_OUT_OF_RANGE, MISSING_STRATEGY,
        OUTCOME_WITHOUT_BASELINE, EMAIL_AS_PATIENT_ID, DUPLICATE_TRIAL_ROW, UNKNOWN_STOP_REASON
    };
}
