package org.trdoutcomes.rules;

import java.time.LocalDate;
import java.util.List;

/**
 * Applies rules.md §4–§5 to one patient: trial outcome and adequacy, step, in-TRD-at-start, classification,
 * flags, Thase–Rush, MGH-S and Maudsley staging. Pure function of its inputs.
 * STUB: the implementation is being written (issue 2).
 */
public final class PatientClassifier {

    private final RuleThresholds thresholds;

    public PatientClassifier(RuleThresholds thresholds) {
        this.thresholds = thresholds;
    }

    public RuleThresholds thresholds() {
        return thresholds;
    }

    /**
     * @param patient attributes from the patients files, or {@link PatientAttributes#unknown(String)}
     * @param trials  every accepted trial of this patient, any order, any episode (may be empty)
     * @param asOf    the run's as-of date (episode duration for the Maudsley method)
     */
    public PatientAssessment assess(PatientAttributes patient, List<Trial> trials, LocalDate asOf) {
        throw new UnsupportedOperationException("not yet");
    }
}
