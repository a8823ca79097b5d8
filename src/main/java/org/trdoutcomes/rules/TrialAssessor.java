package org.trdoutcomes.rules;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Assesses every trial of one patient (docs/clinical-rules.md §4): category, step, outcome, adequacy and whether the patient
 * was already treatment-resistant when the trial started (the TRD columns of the rates take only those).
 */
final class TrialAssessor {

    /** Episode, then start date, then file order: the order of steps (docs/clinical-rules.md §4 "Step"). */
    static final Comparator<Trial> STEP_ORDER = Comparator.comparingInt(Trial::episode)
            .thenComparing(Trial::startDate)
            .thenComparingLong(Trial::sequence);

    private final RuleThresholds thresholds;
    private final AdequacyRule adequacyRule;

    TrialAssessor(RuleThresholds thresholds) {
        this.thresholds = thresholds;
        this.adequacyRule = new AdequacyRule(thresholds);
    }

    /** Whether the trial was an adequate test of its treatment under these thresholds (AdequacyRule). */
    boolean isAdequate(Trial trial) {
        return adequacyRule.isAdequate(trial);
    }

    /** The assessments in step order: by episode, then step. */
    List<TrialAssessment> assess(List<Trial> trials) {
        int n = trials.size();
        if (n == 0) {
            return List.of();
        }
        Trial[] sorted = trials.toArray(new Trial[0]);
        Arrays.sort(sorted, STEP_ORDER);

        int[] steps = new int[n];
        boolean[] evaluable = new boolean[n];
        double[] improvement = new double[n];
        boolean[] failed = new boolean[n];
        AdequacyRule.Adequacy[] adequacy = new AdequacyRule.Adequacy[n];
        for (int i = 0; i < n; i++) {
            Trial t = sorted[i];
            steps[i] = i > 0 && sorted[i - 1].episode() == t.episode() ? steps[i - 1] + 1 : 1;
            evaluable[i] = TrialOutcome.isEvaluable(t);
            improvement[i] = evaluable[i] ? TrialOutcome.improvement(t) : Double.NaN;
            failed[i] = evaluable[i] && improvement[i] < thresholds.nonResponseThreshold();
            adequacy[i] = adequacyRule.assess(t);
        }

        List<TrialAssessment> result = new ArrayList<>(n);
        int episodeFrom = 0;
        for (int i = 0; i < n; i++) {
            Trial t = sorted[i];
            if (sorted[episodeFrom].episode() != t.episode()) {
                episodeFrom = i;
            }
            boolean responder = evaluable[i] && improvement[i] >= thresholds.responseThreshold();
            boolean remitter = evaluable[i] && t.scale().isRemission(t.outcomeScore());
            result.add(new TrialAssessment(
                    t,
                    StrategyCategory.of(t.treatment(), t.strategy()),
                    steps[i],
                    evaluable[i],
                    improvement[i],
                    responder,
                    remitter,
                    failed[i],
                    adequacy[i].adequate(),
                    adequacy[i].reasons(),
                    inTrdAtStart(sorted, failed, adequacy, episodeFrom, i)));
        }
        return result;
    }

    /**
     * Whether, when trial {@code i} started, the patient already had {@code min-failed-trials} (default 2, the
     * "≥ 2" of docs/clinical-rules.md §4) distinct antidepressants adequately failed in the same episode, each failure ended on
     * or before that start. The trial itself never counts ("already had").
     */
    private boolean inTrdAtStart(Trial[] sorted, boolean[] failed, AdequacyRule.Adequacy[] adequacy,
                                 int episodeFrom, int i) {
        int needed = thresholds.minFailedTrials();
        LocalDate start = sorted[i].startDate();
        int episode = sorted[i].episode();
        // few trials per patient: a small list beats a hash set here
        List<String> agents = null;
        for (int j = episodeFrom; j < sorted.length && sorted[j].episode() == episode; j++) {
            Trial other = sorted[j];
            if (j == i || !failed[j] || !adequacy[j].adequate() || !other.treatment().isAntidepressant()
                    || other.endDate() == null || other.endDate().isAfter(start)) {
                continue;
            }
            if (agents == null) {
                agents = new ArrayList<>(4);
            }
            String agent = other.treatment().canonicalName();
            if (!agents.contains(agent)) {
                agents.add(agent);
            }
        }
        return (agents == null ? 0 : agents.size()) >= needed;
    }
}
