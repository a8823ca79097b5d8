package org.trdoutcomes.rules;

/** Why an antidepressant trial was not adequate (docs/clinical-rules.md §4). Names appear in the Patients sheet's Flags. */
public enum InadequacyReason {
    UNKNOWN_DOSE, LOW_DOSE, ONGOING, SHORT_TRIAL, LOW_ADHERENCE, STOPPED_FOR_SIDE_EFFECTS, STOPPED_FOR_NONADHERENCE
}
