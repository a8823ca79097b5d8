package org.trdoutcomes.rules;

/** A patient's classification for the current episode (docs/clinical-rules.md §5), first match wins in this order. */
public enum Classification {
    EXCLUDED_BIPOLAR, TRD, PSEUDO_RESISTANT, NOT_TRD, INSUFFICIENT_DATA;

    /** Patients whose classification is one of TRD / PSEUDO_RESISTANT / NOT_TRD form the prevalence denominator. */
    public boolean isAssessed() {
        return this == TRD || this == PSEUDO_RESISTANT || this == NOT_TRD;
    }
}
