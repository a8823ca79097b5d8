package org.trdoutcomes.classify;

import java.io.Serial;
import java.io.Serializable;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.trdoutcomes.rules.Classification;
import org.trdoutcomes.rules.PatientAssessment;
import org.trdoutcomes.rules.StrategyCategory;
import org.trdoutcomes.rules.Treatment;
import org.trdoutcomes.rules.TrialAssessment;

/**
 * The counts behind every aggregate of the workbook, accumulated one classified patient at a time. Small (a few
 * hundred numbers whatever the extract's size) and serializable: the classify step keeps it in its execution
 * context, committed with each chunk, so a restart resumes the counts exactly where the staged results stop.
 * Plain Java, no Spring.
 */
public final class OutcomeTally implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Steps reported in `Treatment steps` (STAR*D's four levels). */
    public static final int STEPS = 4;
    /** Indexes into an outcome-count array. */
    public static final int TRIALS = 0, EVALUABLE = 1, RESPONDERS = 2, REMITTERS = 3, TRD_EVALUABLE = 4,
            TRD_RESPONDERS = 5, TRD_REMITTERS = 6, OUTCOME_SIZE = 7;
    /** Indexes into a breakdown-group array. */
    public static final int B_PATIENTS = 0, B_TRD = 1, B_ASSESSED = 2, B_EVALUABLE = 3, B_RESPONDERS = 4,
            B_REMITTERS = 5, B_SIZE = 6;
    /** Indexes into a 2×2 table against `standard`. */
    public static final int BOTH_TRD = 0, STANDARD_ONLY = 1, PROFILE_ONLY = 2, NEITHER = 3;
    /** Attrition criteria, in order; the fifth is {@link #attritionCriteria()}'s, which names the threshold. */
    private static final int ATTRITION_SIZE = 6;
    public static final List<String> DIMENSIONS = List.of("Site", "Sex", "Age band");
    public static final String NOT_GIVEN = "(not given)";

    private final long[] byClassification = new long[Classification.values().length];
    private long trials;
    private long evaluableTrials;
    private final long[][] byStrategy = new long[StrategyCategory.values().length][OUTCOME_SIZE];
    /** Key: category ordinal (2 digits) + '|' + canonical name, so the natural order is the report's order. */
    private final TreeMap<String, long[]> byTreatment = new TreeMap<>();
    private final long[] stepEntered = new long[STEPS];
    private final long[] stepEvaluable = new long[STEPS];
    private final long[] stepRemitters = new long[STEPS];
    private long observedBase;
    private final long[] observedRemitted = new long[STEPS];
    private final long[] attrition = new long[ATTRITION_SIZE];
    /** Failed agents that make TRD under the profile in force: the attrition's last step but one. */
    private final int minFailedTrials;
    private final long[][] versusStandard;
    /** Key: dimension index + '|' + group. */
    private final TreeMap<String, long[]> byGroup = new TreeMap<>();
    /** Pathways and what followed a failed step (docs/clinical-rules.md §9). */
    private final PathwayTally pathways = new PathwayTally();

    /**
     * @param comparedProfiles number of compared profiles, `standard` first
     * @param minFailedTrials  failed agents that make TRD under the profile in force ({@code trd.rules.min-failed-trials}
     *                         for standard): the attrition counts the patients with at least this many
     */
    public OutcomeTally(int comparedProfiles, int minFailedTrials) {
        this.versusStandard = new long[comparedProfiles][4];
        this.minFailedTrials = minFailedTrials;
    }

    /** Attrition criteria, in order, as the Summary sheet lists them. */
    public List<String> attritionCriteria() {
        return List.of(
                "Patients in the input",
                "Not excluded as bipolar",
                "With an antidepressant trial in the current episode",
                "With an evaluable antidepressant trial in the current episode",
                "With at least " + minFailedTrials + " failed " + (minFailedTrials == 1 ? "agent" : "agents"),
                "TRD");
    }

    public void add(ClassifiedPatient classified) {
        PatientAssessment a = classified.assessment();
        Classification c = a.classification();
        byClassification[c.ordinal()]++;
        countAttrition(a);
        countVersusStandard(classified.classificationsByProfile());
        if (c == Classification.EXCLUDED_BIPOLAR) {
            // Unipolar TRD criteria do not apply: these patients' trials are left out of every rate (docs/clinical-rules.md §5).
            return;
        }
        long[] groupCounts = new long[B_SIZE];
        groupCounts[B_PATIENTS] = 1;
        groupCounts[B_TRD] = c == Classification.TRD ? 1 : 0;
        groupCounts[B_ASSESSED] = c.isAssessed() ? 1 : 0;
        countTrials(a, groupCounts);
        pathways.add(a.trials());
        String[] groups = {a.patient().site(), a.patient().sex(), a.patient().ageBand()};
        for (int d = 0; d < groups.length; d++) {
            String group = groups[d] == null || groups[d].isBlank() ? NOT_GIVEN : groups[d];
            long[] g = byGroup.computeIfAbsent(d + "|" + group, k -> new long[B_SIZE]);
            for (int i = 0; i < B_SIZE; i++) {
                g[i] += groupCounts[i];
            }
        }
    }

    /**
     * Adds another tally's counts to this one: the tallies of the classify step's partitions (one per bucket, each
     * over its own patients) add up to the tally of the whole extract. Every count is a sum over patients, so the
     * order in which partitions are merged does not matter.
     */
    public void merge(OutcomeTally other) {
        if (other.versusStandard.length != versusStandard.length) {
            throw new IllegalArgumentException("tallies of different profile sets: " + other.versusStandard.length
                    + " and " + versusStandard.length + " profiles");
        }
        if (other.minFailedTrials != minFailedTrials) {
            throw new IllegalArgumentException("tallies of different definitions: at least " + other.minFailedTrials
                    + " and " + minFailedTrials + " failed agents");
        }
        addInto(byClassification, other.byClassification);
        trials += other.trials;
        evaluableTrials += other.evaluableTrials;
        for (int c = 0; c < byStrategy.length; c++) {
            addInto(byStrategy[c], other.byStrategy[c]);
        }
        other.byTreatment.forEach((k, v) -> addInto(byTreatment.computeIfAbsent(k, x -> new long[v.length]), v));
        addInto(stepEntered, other.stepEntered);
        addInto(stepEvaluable, other.stepEvaluable);
        addInto(stepRemitters, other.stepRemitters);
        observedBase += other.observedBase;
        addInto(observedRemitted, other.observedRemitted);
        addInto(attrition, other.attrition);
        for (int p = 0; p < versusStandard.length; p++) {
            addInto(versusStandard[p], other.versusStandard[p]);
        }
        other.byGroup.forEach((k, v) -> addInto(byGroup.computeIfAbsent(k, x -> new long[v.length]), v));
        pathways.merge(other.pathways);
    }

    private static void addInto(long[] target, long[] counts) {
        for (int i = 0; i < counts.length; i++) {
            target[i] += counts[i];
        }
    }

    private void countAttrition(PatientAssessment a) {
        attrition[0]++;
        if (a.classification() == Classification.EXCLUDED_BIPOLAR) {
            return;
        }
        attrition[1]++;
        if (a.antidepressantTrials() == 0) {
            return;
        }
        attrition[2]++;
        boolean evaluableAd = a.trials().stream().anyMatch(t -> t.evaluable()
                && t.trial().episode() == a.currentEpisode() && t.trial().treatment().isAntidepressant());
        if (!evaluableAd) {
            return;
        }
        attrition[3]++;
        if (a.failedAgents() < minFailedTrials) {
            return;
        }
        attrition[4]++;
        if (a.classification() == Classification.TRD) {
            attrition[5]++;
        }
    }

    private void countVersusStandard(List<Classification> byProfile) {
        Classification standard = byProfile.get(0);
        if (!standard.isAssessed()) {
            return; // the same denominator for every profile: those standard assesses (docs/clinical-rules.md §7)
        }
        boolean standardTrd = standard == Classification.TRD;
        for (int p = 0; p < byProfile.size() && p < versusStandard.length; p++) {
            boolean profileTrd = byProfile.get(p) == Classification.TRD;
            int cell = standardTrd ? (profileTrd ? BOTH_TRD : STANDARD_ONLY) : (profileTrd ? PROFILE_ONLY : NEITHER);
            versusStandard[p][cell]++;
        }
    }

    /** "%02d|name" without String.format, which was a sixth of the classify step's own work (once per trial). */
    private static String treatmentKey(int categoryOrdinal, String canonicalName) {
        return (categoryOrdinal < 10 ? "0" : "") + categoryOrdinal + "|" + canonicalName;
    }

    /**
     * The counts of a treatment in a category, in {@link #byTreatment}. Found through {@link #treatmentCounts} by the
     * catalogue's treatment object first: building the sorted map's key for every trial was a tenth of the tally's
     * work. Not serialized: the map is the tally, this only finds its entries.
     */
    private transient Map<Treatment, long[]>[] treatmentCountsByCategory;

    @SuppressWarnings("unchecked")
    private long[] treatmentCounts(StrategyCategory category, Treatment treatment) {
        if (treatmentCountsByCategory == null) {
            treatmentCountsByCategory = new Map[StrategyCategory.values().length];
        }
        Map<Treatment, long[]> byObject = treatmentCountsByCategory[category.ordinal()];
        if (byObject == null) {
            byObject = new IdentityHashMap<>();
            treatmentCountsByCategory[category.ordinal()] = byObject;
        }
        long[] counts = byObject.get(treatment);
        if (counts == null) {
            counts = byTreatment.computeIfAbsent(treatmentKey(category.ordinal(), treatment.canonicalName()),
                    k -> new long[OUTCOME_SIZE]);
            byObject.put(treatment, counts);
        }
        return counts;
    }

    private void countTrials(PatientAssessment a, long[] groupCounts) {
        // Observed cumulative remission follows each patient-episode from an evaluable step-1 trial (docs/clinical-rules.md §6).
        Map<Integer, int[]> firstRemissionStepByEpisode = new TreeMap<>();
        for (TrialAssessment t : a.trials()) {
            trials++;
            long[] s = byStrategy[t.category().ordinal()];
            long[] tr = treatmentCounts(t.category(), t.trial().treatment());
            add(s, t);
            add(tr, t);
            if (t.evaluable()) {
                evaluableTrials++;
                groupCounts[B_EVALUABLE]++;
                if (t.responder()) {
                    groupCounts[B_RESPONDERS]++;
                }
                if (t.remitter()) {
                    groupCounts[B_REMITTERS]++;
                }
            }
            int step = t.step();
            if (step >= 1 && step <= STEPS) {
                stepEntered[step - 1]++;
                if (t.evaluable()) {
                    stepEvaluable[step - 1]++;
                    if (t.remitter()) {
                        stepRemitters[step - 1]++;
                    }
                }
                int[] episodeState = firstRemissionStepByEpisode.computeIfAbsent(t.trial().episode(),
                        k -> new int[] {0, Integer.MAX_VALUE});
                if (step == 1 && t.evaluable()) {
                    episodeState[0] = 1;
                }
                if (t.evaluable() && t.remitter() && step < episodeState[1]) {
                    episodeState[1] = step;
                }
            }
        }
        for (int[] episodeState : firstRemissionStepByEpisode.values()) {
            if (episodeState[0] == 1) {
                observedBase++;
                for (int k = episodeState[1]; k <= STEPS; k++) {
                    observedRemitted[k - 1]++;
                }
            }
        }
    }

    private static void add(long[] counts, TrialAssessment t) {
        counts[TRIALS]++;
        if (!t.evaluable()) {
            return;
        }
        counts[EVALUABLE]++;
        counts[RESPONDERS] += t.responder() ? 1 : 0;
        counts[REMITTERS] += t.remitter() ? 1 : 0;
        if (t.inTrdAtStart()) {
            counts[TRD_EVALUABLE]++;
            counts[TRD_RESPONDERS] += t.responder() ? 1 : 0;
            counts[TRD_REMITTERS] += t.remitter() ? 1 : 0;
        }
    }

    /** The counts of `Pathways` and `After failure`. Read them; do not add to them from outside. */
    public PathwayTally pathways() {
        return pathways;
    }

    public long patients() {
        return attrition[0];
    }

    public long count(Classification c) {
        return byClassification[c.ordinal()];
    }

    public long trials() {
        return trials;
    }

    public long evaluableTrials() {
        return evaluableTrials;
    }

    public long[] strategy(StrategyCategory category) {
        return byStrategy[category.ordinal()].clone();
    }

    /** Canonical treatment → counts, for one category, ordered by name. */
    public Map<String, long[]> treatments(StrategyCategory category) {
        String prefix = String.format("%02d|", category.ordinal());
        Map<String, long[]> result = new TreeMap<>();
        byTreatment.subMap(prefix, prefix + Character.MAX_VALUE)
                .forEach((k, v) -> result.put(k.substring(prefix.length()), v.clone()));
        return result;
    }

    public long stepEntered(int step) {
        return stepEntered[step - 1];
    }

    public long stepEvaluable(int step) {
        return stepEvaluable[step - 1];
    }

    public long stepRemitters(int step) {
        return stepRemitters[step - 1];
    }

    public long observedBase() {
        return observedBase;
    }

    public long observedRemitted(int step) {
        return observedRemitted[step - 1];
    }

    public long attrition(int index) {
        return attrition[index];
    }

    /** The 2×2 table of profile {@code index} (0 = standard) against standard, over standard's assessed patients. */
    public long[] versusStandard(int profileIndex) {
        return versusStandard[profileIndex].clone();
    }

    /** Group → counts for one dimension (0 Site, 1 Sex, 2 Age band), alphabetical with "(not given)" last. */
    public Map<String, long[]> groups(int dimension) {
        String prefix = dimension + "|";
        Map<String, long[]> sorted = new TreeMap<>((x, y) -> {
            if (x.equals(y)) {
                return 0;
            }
            if (x.equals(NOT_GIVEN)) {
                return 1;
            }
            if (y.equals(NOT_GIVEN)) {
                return -1;
            }
            return x.compareTo(y);
        });
        byGroup.subMap(prefix, prefix + Character.MAX_VALUE)
                .forEach((k, v) -> sorted.put(k.substring(prefix.length()), v.clone()));
        return sorted;
    }
}
