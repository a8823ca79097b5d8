package org.trdoutcomes.generate;

import java.util.Locale;

/** The columns of {@code trials*.csv} in docs/data-contract.md order. */
enum TrialColumn {
    PATIENT_ID("Patient ID"),
    EPISODE("Episode"),
    START_DATE("Start Date"),
    END_DATE("End Date"),
    TREATMENT("Treatment"),
    STRATEGY("Strategy"),
    DOSE("Dose"),
    DOSE_UNIT("Dose Unit"),
    SESSIONS("Sessions"),
    ADHERENCE_PCT("Adherence Pct"),
    SCALE("Scale"),
    BASELINE_SCORE("Baseline Score"),
    OUTCOME_SCORE("Outcome Score"),
    STOP_REASON("Stop Reason");

    /** The spreadsheet-style spelling one sample file uses, to show that headers are normalised (docs/data-contract.md). */
    final String displayName;

    TrialColumn(String displayName) {
        this.displayName = displayName;
    }

    String contractName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
