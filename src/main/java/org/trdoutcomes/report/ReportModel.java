package org.trdoutcomes.report;

import java.util.OptionalDouble;
import org.trdoutcomes.rules.CohenKappa;
import org.trdoutcomes.rules.SmallCellSuppression;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

/**
 * Everything the workbook shows except the two row-level sheets (Patients, Data quality), which are streamed.
 * Counts only: the report computes rates, Wilson intervals and suppression itself.
 *
 * @param reasonCounts     rows per rejection reason / warning code, for the count at the top of Data quality
 * @param strategies       the 19 categories of docs/clinical-rules.md §2 in order (zeros included); "All strategies" is added by the report
 * @param treatments       one per canonical treatment that occurs, ordered by category then name
 * @param steps            steps 1–4
 * @param definitionItems  the Definitions sheet: every threshold, rules version, suppression, methods, sources
 * @param comparedProfiles `Definitions compared`, `standard` first
 * @param extraProfileNames non-default profiles whose classification the Patients sheet shows as extra columns
 * @param minCellCount     suppression threshold (1 = off)
 * @param includePatients  false leaves the Patients sheet out (reports that leave the clinic)
 * @param pathways         `Pathways`: the listed pathways (at least min-cell-count episodes, most frequent first),
 *                         then `Other pathways`, then `All pathways`
 * @param afterFailure     `After failure`: for k = 1, 2, 3 the next-step categories that occur, then `All strategies`
 * @param strategiesAtStep the chart on `Pathways`: the categories that occur at any of steps 1–4, in docs/clinical-rules.md §2 order
 */
public record ReportModel(
        LocalDateTime generatedAt,
        LocalDate asOf,
        Summary summary,
        List<InputFileAccount> files,
        List<AttritionStep> attrition,
        Map<String, Long> reasonCounts,
        List<StrategyRow> strategies,
        List<TreatmentRow> treatments,
        List<StepRow> steps,
        List<DefinitionItem> definitionItems,
        List<ComparedProfile> comparedProfiles,
        List<BreakdownRow> breakdowns,
        List<String> extraProfileNames,
        int minCellCount,
        boolean includePatients,
        List<PathwayRow> pathways,
        List<AfterFailureRow> afterFailure,
        List<StrategyAtStepRow> strategiesAtStep) {

    public ReportModel {
        pathways = pathways == null ? List.of() : List.copyOf(pathways);
        afterFailure = afterFailure == null ? List.of() : List.copyOf(afterFailure);
        strategiesAtStep = strategiesAtStep == null ? List.of() : List.copyOf(strategiesAtStep);
    }

    /** A model without pathway counts (the Pathways and After failure sheets then show their total rows only). */
    public ReportModel(LocalDateTime generatedAt, LocalDate asOf, Summary summary, List<InputFileAccount> files,
                       List<AttritionStep> attrition, Map<String, Long> reasonCounts, List<StrategyRow> strategies,
                       List<TreatmentRow> treatments, List<StepRow> steps, List<DefinitionItem> definitionItems,
                       List<ComparedProfile> comparedProfiles, List<BreakdownRow> breakdowns,
                       List<String> extraProfileNames, int minCellCount, boolean includePatients) {
        this(generatedAt, asOf, summary, files, attrition, reasonCounts, strategies, treatments, steps,
                definitionItems, comparedProfiles, breakdowns, extraProfileNames, minCellCount, includePatients,
                List.of(), List.of(), List.of());
    }

    // ---- statistics derived from the counts: decided here, so that the writer only lays out cells ----

    /** The suppression of this report: every rate and share shown is decided through it. */
    public SmallCellSuppression suppression() {
        return new SmallCellSuppression(minCellCount);
    }

    /** The `All strategies` row of `Strategy response`: the strategies' counts added up. */
    public OutcomeCounts allStrategies() {
        OutcomeCounts total = OutcomeCounts.ZERO;
        for (StrategyRow s : strategies) {
            total = total.plus(s.counts());
        }
        return total;
    }

    /**
     * A rate as shown: null when suppression hides it or it has no base (the charts plot the same values as the
     * cells, never a hidden one).
     */
    public Double shownRate(long count, long base) {
        OptionalDouble rate = suppression().rate(count, base);
        return rate.isPresent() ? rate.getAsDouble() : null;
    }

    /**
     * Cumulative remission assuming no drop-out, 1 − Π(1 − rate_j) over steps j ≤ k (STAR*D's 67%), as shown: empty
     * (null) from the first step whose rate is hidden by suppression or has no evaluable trial on. Carrying on past
     * such a step would either reveal the hidden rate (from two neighbouring cumulative values) or assume one.
     */
    public Double[] cumulativeRemission() {
        SmallCellSuppression suppression = suppression();
        Double[] cumulative = new Double[steps.size()];
        double stillIll = 1.0;
        for (int k = 0; k < steps.size(); k++) {
            StepRow s = steps.get(k);
            OptionalDouble rate = suppression.rate(s.remitters(), s.evaluable());
            if (rate.isEmpty()) {
                break;
            }
            stillIll *= 1 - rate.getAsDouble();
            cumulative[k] = 1 - stillIll;
        }
        return cumulative;
    }

    /** The counts of the Summary sheet (docs/workbook-contract.md); `TRD prevalence` is computed from them. */
    public record Summary(long patients, long excludedBipolar, long trd, long pseudoResistant, long notTrd,
                          long insufficientData, long trials, long evaluableTrials,
                          long rowsRead, long rowsAccepted, long rowsRejected, String inputFormat) {

        /** A summary of a trials extract (omop.md §5: the Summary names the input's format). */
        public Summary(long patients, long excludedBipolar, long trd, long pseudoResistant, long notTrd,
                       long insufficientData, long trials, long evaluableTrials,
                       long rowsRead, long rowsAccepted, long rowsRejected) {
            this(patients, excludedBipolar, trd, pseudoResistant, notTrd, insufficientData, trials, evaluableTrials,
                    rowsRead, rowsAccepted, rowsRejected, TRIALS_EXTRACT);
        }
    }

    /** The input format names of omop.md §5. */
    public static final String TRIALS_EXTRACT = "Trials extract";
    public static final String OMOP_CDM = "OMOP CDM";

    public record InputFileAccount(String file, String kind, long rowsRead, long rowsAccepted, long rowsRejected,
                                   String sha256) {
    }

    /** One line of the OHDSI-style attrition list: patients remaining after this criterion. */
    public record AttritionStep(String criterion, long patients) {
    }

    public record StrategyRow(String strategy, OutcomeCounts counts) {
    }

    public record TreatmentRow(String strategy, String treatment, OutcomeCounts counts) {
    }

    /**
     * One row of `Treatment steps` (docs/clinical-rules.md §6).
     *
     * @param observedBase       patient-episodes with an evaluable step-1 trial
     * @param observedRemitted   of those, remitted at any step ≤ this one
     * @param starDRemission     STAR*D's per-level remission (fraction)
     * @param starDCumulative    STAR*D's cumulative remission (fraction)
     */
    public record StepRow(int step, long entered, long evaluable, long remitters,
                          long observedBase, long observedRemitted,
                          double starDRemission, double starDCumulative) {
    }

    /** One row of the Definitions sheet: an item and its value (text or number). */
    public record DefinitionItem(String item, Object value) {
    }

    /**
     * One profile of `Definitions compared`: a 2×2 table against `standard` over the assessed patients.
     *
     * @param bothTrd      TRD under both standard and this profile
     * @param standardOnly TRD under standard only
     * @param profileOnly  TRD under this profile only
     * @param neither      TRD under neither
     */
    public record ComparedProfile(String name, String description, String source,
                                  long assessed, long trd, long bothTrd, long standardOnly, long profileOnly,
                                  long neither) {

        /** Agreement with `standard` and Cohen's kappa, from the 2×2 table. */
        public CohenKappa agreement() {
            return CohenKappa.of(bothTrd, standardOnly, profileOnly, neither);
        }
    }

    /** One row of `Breakdowns` (docs/clinical-rules.md §8). {@code assessed} = TRD + pseudo-resistant + not TRD in the group. */
    public record BreakdownRow(String dimension, String group, long patients, long trd, long assessed,
                               long evaluableTrials, long responders, long remitters) {
    }

    /**
     * One row of `Pathways` (docs/clinical-rules.md §9).
     *
     * @param steps    strategies named in the pathway (1–4); null for `Other pathways` and `All pathways`
     * @param remitted episodes with a remitter trial at a step ≤ 4
     */
    public record PathwayRow(String pathway, Integer steps, long episodes, long remitted) {
    }

    /**
     * One row of `After failure` (docs/clinical-rules.md §9): episodes whose step {@code afterFailedStep} failed and whose next
     * step falls in {@code nextStrategy}, and the outcomes of those next-step trials.
     */
    public record AfterFailureRow(int afterFailedStep, String nextStrategy, long episodes, long evaluable,
                                  long responders, long remitters) {
    }

    /**
     * One strategy category of the chart on `Pathways`: the episodes whose trial at step 1, 2, 3, 4 falls in it
     * ({@code episodes[0..3]}), and the episodes entering each step ({@code entered[0..3]}, as on Treatment steps).
     */
    public record StrategyAtStepRow(String strategy, long[] episodes, long[] entered) {
    }
}
