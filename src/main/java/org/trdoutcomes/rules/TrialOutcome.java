package org.trdoutcomes.rules;

/**
 * Outcome of one trial from its rating-scale scores (docs/clinical-rules.md §4). Improvement is the relative reduction of
 * the score, the measure STAR*D and most TRD definitions use for response (≥ 50 %) and non-response.
 */
final class TrialOutcome {

    private TrialOutcome() {
    }

    /**
     * A trial can be judged only when it has ended and has a scale, a positive baseline (improvement divides by
     * it) and an outcome score.
     */
    static boolean isEvaluable(Trial trial) {
        return !trial.isOngoing()
                && trial.scale() != null
                && trial.baselineScore() != null
                && trial.baselineScore() > 0
                && trial.outcomeScore() != null;
    }

    /** (baseline − outcome) / baseline, or NaN when the trial is not evaluable. */
    static double improvement(Trial trial) {
        if (!isEvaluable(trial)) {
            return Double.NaN;
        }
        double baseline = trial.baselineScore();
        return (baseline - trial.outcomeScore()) / baseline;
    }
}
