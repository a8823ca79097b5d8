package org.trdoutcomes.rules;

import java.util.List;

/**
 * Massachusetts General Hospital staging score (MGH-S; Fava 2003, J Clin Psychiatry 64 Suppl 16), as
 * docs/clinical-rules.md §5 gives it: a continuous score that, unlike Thase–Rush, also weighs optimisation, augmentation and
 * the number of trials rather than only the classes failed.
 */
final class MghStagingScore {

    /** Points of Fava 2003 for each failed step. */
    static final double ADEQUATE_TRIAL = 1.0;
    static final double OPTIMISATION = 0.5;
    static final double AUGMENTATION = 0.5;
    static final double ECT = 3.0;

    private MghStagingScore() {
    }

    /** The score of one episode's trials (the current episode in a patient assessment). */
    static double of(List<TrialAssessment> episodeTrials) {
        double score = 0;
        for (TrialAssessment a : episodeTrials) {
            if (a.failed()) {
                score += points(a);
            }
        }
        return score;
    }

    /** Points for one failed trial. Only new-agent trials and ECT need adequacy; optimisation and add-ons do not. */
    private static double points(TrialAssessment failed) {
        return switch (failed.category()) {
            case INITIAL_ANTIDEPRESSANT, SWITCH_ANTIDEPRESSANT -> failed.adequate() ? ADEQUATE_TRIAL : 0;
            case DOSE_INCREASE -> OPTIMISATION;
            case ANTIDEPRESSANT_COMBINATION, AUGMENTATION_LITHIUM, AUGMENTATION_THYROID, AUGMENTATION_ANTIPSYCHOTIC,
                 AUGMENTATION_STIMULANT, AUGMENTATION_OTHER -> AUGMENTATION;
            case ECT -> failed.adequate() ? ECT : 0;
            default -> 0;
        };
    }
}
