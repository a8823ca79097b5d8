package org.trdoutcomes.rules;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Maudsley Staging Method (Fekadu et al. 2009, J Clin Psychiatry 70:177–184), items as in docs/clinical-rules.md §5:
 * duration 1–3, severity 1–5, failed agents 1–5, augmentation 0–1, ECT 0–1; total 3–15.
 */
final class MaudsleyStaging {

    private MaudsleyStaging() {
    }

    /**
     * The score of one episode, or null when the method does not apply: no adequately failed agent (the method
     * stages resistance, and there is none) or severity unknown (no baseline score and no psychotic features).
     *
     * @param episodeTrials the episode's trials in step order (start date, then file order)
     */
    static MaudsleyScore score(PatientAttributes patient, List<TrialAssessment> episodeTrials,
                               int adequatelyFailedAgents, LocalDate asOf) {
        if (adequatelyFailedAgents < 1 || episodeTrials.isEmpty()) {
            return null;
        }
        int severity;
        if (patient.psychoticFeatures()) {
            // Fekadu 2009: "severe with psychosis" scores 5 whatever the scale says
            severity = 5;
        } else {
            Trial first = earliestBaseline(episodeTrials);
            if (first == null) {
                return null;
            }
            severity = severityItem(first.scale(), first.baselineScore(), false);
        }
        LocalDate episodeStart = patient.episodeStart() != null
                ? patient.episodeStart()
                : episodeTrials.get(0).trial().startDate();
        boolean augmentation = false;
        boolean ect = false;
        for (TrialAssessment a : episodeTrials) {
            augmentation |= isAugmentation(a);
            ect |= a.trial().treatment().drugClass() == DrugClass.ECT;
        }
        return new MaudsleyScore(
                durationItem(ChronoUnit.DAYS.between(episodeStart, asOf)),
                severity,
                failedAgentsItem(adequatelyFailedAgents),
                augmentation ? 1 : 0,
                ect ? 1 : 0);
    }

    /** The first trial of the episode (step order) with a scale and a baseline score, or null. */
    private static Trial earliestBaseline(List<TrialAssessment> episodeTrials) {
        for (TrialAssessment a : episodeTrials) {
            Trial t = a.trial();
            if (t.scale() != null && t.baselineScore() != null) {
                return t;
            }
        }
        return null;
    }

    /** A combination/augmentation strategy of antidepressants, or an augmentation-class agent (lithium, T3, …). */
    static boolean isAugmentation(TrialAssessment a) {
        return a.category() == StrategyCategory.ANTIDEPRESSANT_COMBINATION
                || a.trial().treatment().drugClass().isAugmentationAgent();
    }

    /** Episode duration: acute ≤ 12 months 1, sub-acute 13–24 months 2, chronic > 24 months 3. */
    static int durationItem(long days) {
        if (days <= 365) {
            return 1;
        }
        return days <= 730 ? 2 : 3;
    }

    /** Subsyndromal 1, mild 2, moderate 3, severe 4 by the scale's bands (docs/clinical-rules.md §3); 5 with psychosis. */
    static int severityItem(Scale scale, double baselineScore, boolean psychoticFeatures) {
        return psychoticFeatures ? 5 : scale.severityBand(baselineScore);
    }

    /** Failed agents: 1–2 → 1, 3–4 → 2, 5–6 → 3, 7–10 → 4, more than 10 → 5. */
    static int failedAgentsItem(int agents) {
        if (agents <= 2) {
            return 1;
        }
        if (agents <= 4) {
            return 2;
        }
        if (agents <= 6) {
            return 3;
        }
        return agents <= 10 ? 4 : 5;
    }
}
