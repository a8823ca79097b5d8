package org.trdoutcomes.report;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.trdoutcomes.classify.OutcomeTally;
import org.trdoutcomes.classify.PathwayTally;
import org.trdoutcomes.rules.Classification;
import org.trdoutcomes.rules.DefinitionProfile;
import org.trdoutcomes.rules.RuleThresholds;
import org.trdoutcomes.rules.StrategyCategory;
import org.trdoutcomes.rules.SwitchProxy;
import org.trdoutcomes.rules.TreatmentPathway;

/**
 * Turns the classify step's {@link OutcomeTally} and the ingest accounting into the {@link ReportModel}:
 * counts only, in the order docs/workbook-contract.md lists rows. Plain Java.
 */
public final class ReportAssembler {

    /** STAR*D per-level remission, QIDS-SR16 (Rush et al. 2006, Am J Psychiatry 163:1905). */
    public static final double[] STAR_D_REMISSION = {0.368, 0.306, 0.137, 0.130};

    public static final String OTHER_PATHWAYS = "Other pathways";
    public static final String ALL_PATHWAYS = "All pathways";
    public static final String ALL_STRATEGIES = "All strategies";

    /** Version of the rule set this build implements (printed on the Definitions sheet). */
    public static final String RULES_VERSION = "docs/clinical-rules.md 2026-11 (TRD Outcomes 0.1)";

    private ReportAssembler() {
    }

    /** What the run knows besides the tally. */
    public record RunFacts(LocalDateTime generatedAt, LocalDate asOf, List<ReportModel.InputFileAccount> files,
                           Map<String, Long> reasonCounts, DefinitionProfile profileInForce,
                           List<DefinitionProfile> comparedProfiles, List<DefinitionProfile> extraProfiles,
                           double maxRejectFraction, String catalogueSource, int minCellCount,
                           boolean includePatients, String inputFormat, Map<String, Object> inputDefinitions) {

        /** Facts of a run on a trials extract. */
        public RunFacts(LocalDateTime generatedAt, LocalDate asOf, List<ReportModel.InputFileAccount> files,
                        Map<String, Long> reasonCounts, DefinitionProfile profileInForce,
                        List<DefinitionProfile> comparedProfiles, List<DefinitionProfile> extraProfiles,
                        double maxRejectFraction, String catalogueSource, int minCellCount, boolean includePatients) {
            this(generatedAt, asOf, files, reasonCounts, profileInForce, comparedProfiles, extraProfiles,
                    maxRejectFraction, catalogueSource, minCellCount, includePatients, ReportModel.TRIALS_EXTRACT,
                    Map.of());
        }
    }

    public static ReportModel assemble(OutcomeTally tally, RunFacts facts) {
        long read = 0;
        long accepted = 0;
        long rejected = 0;
        for (ReportModel.InputFileAccount f : facts.files()) {
            read += f.rowsRead();
            accepted += f.rowsAccepted();
            rejected += f.rowsRejected();
        }
        ReportModel.Summary summary = new ReportModel.Summary(tally.patients(),
                tally.count(Classification.EXCLUDED_BIPOLAR), tally.count(Classification.TRD),
                tally.count(Classification.PSEUDO_RESISTANT), tally.count(Classification.NOT_TRD),
                tally.count(Classification.INSUFFICIENT_DATA), tally.trials(), tally.evaluableTrials(),
                read, accepted, rejected, facts.inputFormat());

        List<ReportModel.AttritionStep> attrition = new ArrayList<>();
        List<String> criteria = tally.attritionCriteria();
        for (int i = 0; i < criteria.size(); i++) {
            attrition.add(new ReportModel.AttritionStep(criteria.get(i), tally.attrition(i)));
        }

        List<ReportModel.StrategyRow> strategies = new ArrayList<>();
        List<ReportModel.TreatmentRow> treatments = new ArrayList<>();
        for (StrategyCategory category : StrategyCategory.values()) {
            strategies.add(new ReportModel.StrategyRow(category.label(), counts(tally.strategy(category))));
            tally.treatments(category).forEach((name, c) ->
                    treatments.add(new ReportModel.TreatmentRow(category.label(), name, counts(c))));
        }

        List<ReportModel.StepRow> steps = new ArrayList<>();
        double starDSurvival = 1.0;
        for (int step = 1; step <= OutcomeTally.STEPS; step++) {
            starDSurvival *= 1.0 - STAR_D_REMISSION[step - 1];
            steps.add(new ReportModel.StepRow(step, tally.stepEntered(step), tally.stepEvaluable(step),
                    tally.stepRemitters(step), tally.observedBase(), tally.observedRemitted(step),
                    STAR_D_REMISSION[step - 1], 1.0 - starDSurvival));
        }

        List<ReportModel.ComparedProfile> compared = new ArrayList<>();
        for (int p = 0; p < facts.comparedProfiles().size(); p++) {
            DefinitionProfile profile = facts.comparedProfiles().get(p);
            long[] t = tally.versusStandard(p);
            long assessed = t[0] + t[1] + t[2] + t[3];
            compared.add(new ReportModel.ComparedProfile(profile.name(), profile.description(), profile.source(),
                    assessed, t[OutcomeTally.BOTH_TRD] + t[OutcomeTally.PROFILE_ONLY], t[OutcomeTally.BOTH_TRD],
                    t[OutcomeTally.STANDARD_ONLY], t[OutcomeTally.PROFILE_ONLY], t[OutcomeTally.NEITHER]));
        }

        List<ReportModel.BreakdownRow> breakdowns = new ArrayList<>();
        for (int d = 0; d < OutcomeTally.DIMENSIONS.size(); d++) {
            String dimension = OutcomeTally.DIMENSIONS.get(d);
            tally.groups(d).forEach((group, g) -> breakdowns.add(new ReportModel.BreakdownRow(dimension, group,
                    g[OutcomeTally.B_PATIENTS], g[OutcomeTally.B_TRD], g[OutcomeTally.B_ASSESSED],
                    g[OutcomeTally.B_EVALUABLE], g[OutcomeTally.B_RESPONDERS], g[OutcomeTally.B_REMITTERS])));
        }

        return new ReportModel(facts.generatedAt(), facts.asOf(), summary, facts.files(), attrition,
                facts.reasonCounts(), strategies, treatments, steps, definitionItems(facts), compared, breakdowns,
                facts.extraProfiles().stream().map(DefinitionProfile::name).toList(), facts.minCellCount(),
                facts.includePatients(), pathways(tally.pathways(), facts.minCellCount()),
                afterFailure(tally.pathways()), strategiesAtStep(tally));
    }

    /**
     * `Pathways` (docs/workbook-contract.md): each pathway of at least {@code minCellCount} episodes, most episodes first, then by
     * text in code-point order; the smaller ones pooled into `Other pathways` (0 when none), then `All pathways`.
     * Pooling rather than hiding keeps the listed rows plus `Other pathways` adding up to `All pathways`.
     */
    static List<ReportModel.PathwayRow> pathways(PathwayTally tally, int minCellCount) {
        List<ReportModel.PathwayRow> listed = new ArrayList<>();
        long otherEpisodes = 0;
        long otherRemitted = 0;
        long allEpisodes = 0;
        long allRemitted = 0;
        for (Map.Entry<Integer, long[]> e : tally.pathways().entrySet()) {
            long episodes = e.getValue()[PathwayTally.P_EPISODES];
            long remitted = e.getValue()[PathwayTally.P_REMITTED];
            allEpisodes += episodes;
            allRemitted += remitted;
            if (episodes >= minCellCount) {
                listed.add(new ReportModel.PathwayRow(TreatmentPathway.text(e.getKey()),
                        TreatmentPathway.steps(e.getKey()), episodes, remitted));
            } else {
                otherEpisodes += episodes;
                otherRemitted += remitted;
            }
        }
        listed.sort(Comparator.comparingLong(ReportModel.PathwayRow::episodes).reversed()
                .thenComparing(ReportModel.PathwayRow::pathway));
        listed.add(new ReportModel.PathwayRow(OTHER_PATHWAYS, null, otherEpisodes, otherRemitted));
        listed.add(new ReportModel.PathwayRow(ALL_PATHWAYS, null, allEpisodes, allRemitted));
        return listed;
    }

    /** `After failure` (docs/workbook-contract.md): for k = 1, 2, 3 the next-step categories that occur, in §2 order, then the total. */
    static List<ReportModel.AfterFailureRow> afterFailure(PathwayTally tally) {
        List<ReportModel.AfterFailureRow> rows = new ArrayList<>();
        for (int k = 1; k <= PathwayTally.FAILED_STEPS; k++) {
            long[] all = new long[PathwayTally.A_SIZE];
            for (StrategyCategory next : StrategyCategory.values()) {
                long[] c = tally.afterFailure(k, next);
                if (c[PathwayTally.A_EPISODES] == 0) {
                    continue;
                }
                rows.add(afterFailureRow(k, next.label(), c));
                for (int i = 0; i < all.length; i++) {
                    all[i] += c[i];
                }
            }
            rows.add(afterFailureRow(k, ALL_STRATEGIES, all));
        }
        return rows;
    }

    private static ReportModel.AfterFailureRow afterFailureRow(int k, String next, long[] c) {
        return new ReportModel.AfterFailureRow(k, next, c[PathwayTally.A_EPISODES], c[PathwayTally.A_EVALUABLE],
                c[PathwayTally.A_RESPONDERS], c[PathwayTally.A_REMITTERS]);
    }

    /** The chart on `Pathways`: categories that occur at any of steps 1–4, with the episodes entering each step. */
    static List<ReportModel.StrategyAtStepRow> strategiesAtStep(OutcomeTally tally) {
        int steps = TreatmentPathway.MAX_STEPS;
        long[] entered = new long[steps];
        for (int step = 1; step <= steps; step++) {
            entered[step - 1] = tally.stepEntered(step);
        }
        List<ReportModel.StrategyAtStepRow> rows = new ArrayList<>();
        for (StrategyCategory category : StrategyCategory.values()) {
            long[] episodes = new long[steps];
            long any = 0;
            for (int step = 1; step <= steps; step++) {
                episodes[step - 1] = tally.pathways().atStep(step, category);
                any += episodes[step - 1];
            }
            if (any > 0) {
                rows.add(new ReportModel.StrategyAtStepRow(category.label(), episodes, entered.clone()));
            }
        }
        return rows;
    }

    private static OutcomeCounts counts(long[] c) {
        return new OutcomeCounts(c[OutcomeTally.TRIALS], c[OutcomeTally.EVALUABLE], c[OutcomeTally.RESPONDERS],
                c[OutcomeTally.REMITTERS], c[OutcomeTally.TRD_EVALUABLE], c[OutcomeTally.TRD_RESPONDERS],
                c[OutcomeTally.TRD_REMITTERS]);
    }

    private static List<ReportModel.DefinitionItem> definitionItems(RunFacts facts) {
        RuleThresholds t = facts.profileInForce().thresholds();
        Map<String, Object> items = new LinkedHashMap<>();
        items.put("Rules version", RULES_VERSION);
        items.put("Definition in force (trd.rules.profile)", facts.profileInForce().name());
        items.put("Minimum trial duration, weeks (min-weeks)", t.minWeeks());
        items.put("Failed when improvement below (non-response-threshold)", t.nonResponseThreshold());
        items.put("Response when improvement at least", t.responseThreshold());
        items.put("Minimum adherence, % (min-adherence-pct)", t.minAdherencePct());
        items.put("Adequately failed agents for TRD (min-failed-trials)", t.minFailedTrials());
        items.put("Adequate ECT, sessions (min-ect-sessions)", t.minEctSessions());
        items.put("Adequacy checked", t.adequacyChecked() ? "yes" : "no");
        items.put("Maximum share of rejected rows per file (max-reject-fraction)", facts.maxRejectFraction());
        items.put("Treatment catalogue", facts.catalogueSource());
        // an OMOP CDM: the windows of omop.md §4 and the scale concepts in force (empty for a trials extract)
        items.putAll(facts.inputDefinitions());
        items.put("switch-proxy: a course lasted at least, days", SwitchProxy.MIN_COURSE_DAYS);
        items.put("switch-proxy: next agent started within, days of the course's end", SwitchProxy.MAX_GAP_DAYS);
        items.put("switch-proxy: qualifying switches for TRD", SwitchProxy.MIN_SWITCHES);
        items.put("switch-proxy: antidepressant agents for TRD", SwitchProxy.MIN_AGENTS);
        List<ReportModel.DefinitionItem> result = new ArrayList<>();
        items.forEach((k, v) -> result.add(new ReportModel.DefinitionItem(k, v)));
        return result;
    }
}
