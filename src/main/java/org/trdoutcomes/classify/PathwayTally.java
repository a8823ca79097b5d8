package org.trdoutcomes.classify;

import java.io.Serial;
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.trdoutcomes.rules.StrategyCategory;
import org.trdoutcomes.rules.TreatmentPathway;
import org.trdoutcomes.rules.TrialAssessment;

/**
 * The counts behind `Pathways` and `After failure` (docs/clinical-rules.md §9), one patient-episode at a time: episodes and
 * remissions per pathway, what followed a failed step 1, 2 or 3, and the strategy categories entering each of
 * steps 1–4. Bounded whatever the extract's size (pathways are keyed by {@link TreatmentPathway}'s int, at most
 * 20⁴ × 2 of them; the rest are fixed arrays), serializable like {@link OutcomeTally} that holds it, and
 * mergeable, so that partitions can count separately. Plain Java, no Spring.
 */
public final class PathwayTally implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Failed steps followed: after step 1, 2 and 3 (the next step is then at most step 4). */
    public static final int FAILED_STEPS = TreatmentPathway.MAX_STEPS - 1;
    /** Indexes into a pathway's counts. */
    public static final int P_EPISODES = 0, P_REMITTED = 1, P_SIZE = 2;
    /** Indexes into an after-failure group's counts (over the next step's trials). */
    public static final int A_EPISODES = 0, A_EVALUABLE = 1, A_RESPONDERS = 2, A_REMITTERS = 3, A_SIZE = 4;

    private static final int CATEGORIES = StrategyCategory.values().length;

    /** Pathway key → {episodes, remitted}. */
    private final HashMap<Integer, long[]> byPathway = new HashMap<>();
    /** [failed step − 1][category of the next step][A_*]. */
    private final long[][][] afterFailure = new long[FAILED_STEPS][CATEGORIES][A_SIZE];
    /** [step − 1][category]: episodes whose trial at that step falls in the category. */
    private final long[][] atStep = new long[TreatmentPathway.MAX_STEPS][CATEGORIES];

    /**
     * Adds every episode of one patient not excluded as bipolar (the caller leaves those out, as on
     * `Treatment steps`).
     *
     * @param trials the patient's trials in step order (episode, then step), as assessed under the profile in force
     */
    public void add(List<TrialAssessment> trials) {
        int n = trials.size();
        int from = 0;
        while (from < n) {
            int episode = trials.get(from).trial().episode();
            int to = from + 1;
            while (to < n && trials.get(to).trial().episode() == episode) {
                to++;
            }
            addEpisode(trials, from, to);
            from = to;
        }
    }

    private void addEpisode(List<TrialAssessment> trials, int from, int to) {
        boolean remitted = false;
        int last = Math.min(to, from + TreatmentPathway.MAX_STEPS);
        for (int i = from; i < last; i++) {
            TrialAssessment t = trials.get(i);
            int category = t.category().ordinal();
            atStep[i - from][category]++;
            remitted |= t.remitter();
            if (i > from && trials.get(i - 1).failed()) {
                long[] next = afterFailure[i - from - 1][category];
                next[A_EPISODES]++;
                if (t.evaluable()) {
                    next[A_EVALUABLE]++;
                    next[A_RESPONDERS] += t.responder() ? 1 : 0;
                    next[A_REMITTERS] += t.remitter() ? 1 : 0;
                }
            }
        }
        long[] pathway = byPathway.computeIfAbsent(TreatmentPathway.key(trials, from, to), k -> new long[P_SIZE]);
        pathway[P_EPISODES]++;
        pathway[P_REMITTED] += remitted ? 1 : 0;
    }

    /** Adds another tally's counts to this one (partitions counted apart). */
    public void merge(PathwayTally other) {
        other.byPathway.forEach((key, counts) -> {
            long[] mine = byPathway.computeIfAbsent(key, k -> new long[P_SIZE]);
            for (int i = 0; i < P_SIZE; i++) {
                mine[i] += counts[i];
            }
        });
        for (int k = 0; k < FAILED_STEPS; k++) {
            for (int c = 0; c < CATEGORIES; c++) {
                for (int i = 0; i < A_SIZE; i++) {
                    afterFailure[k][c][i] += other.afterFailure[k][c][i];
                }
            }
        }
        for (int s = 0; s < atStep.length; s++) {
            for (int c = 0; c < CATEGORIES; c++) {
                atStep[s][c] += other.atStep[s][c];
            }
        }
    }

    /** Pathway key → {episodes, remitted}, keys in ascending order (a copy). */
    public Map<Integer, long[]> pathways() {
        Map<Integer, long[]> copy = new TreeMap<>();
        byPathway.forEach((k, v) -> copy.put(k, v.clone()));
        return copy;
    }

    /** Counts ({@code A_*}) of the episodes whose step {@code failedStep} (1–3) failed and whose next step is in {@code next}. */
    public long[] afterFailure(int failedStep, StrategyCategory next) {
        return afterFailure[failedStep - 1][next.ordinal()].clone();
    }

    /** Episodes whose trial at {@code step} (1–4) falls in {@code category}. */
    public long atStep(int step, StrategyCategory category) {
        return atStep[step - 1][category.ordinal()];
    }
}
