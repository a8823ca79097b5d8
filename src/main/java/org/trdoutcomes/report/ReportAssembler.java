package org.trdoutcomes.report;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.trdoutcomes.classify.OutcomeTally;
import org.trdoutcomes.rules.Classification;
import org.trdoutcomes.rules.DefinitionProfile;
import org.trdoutcomes.rules.RuleThresholds;
import org.trdoutcomes.rules.StrategyCategory;

/**
 * Turns the classify step's {@link OutcomeTally} and the ingest accounting into the {@link ReportModel}:
 * counts only, in the order report.md lists rows. Plain Java.
 */
public final class ReportAssembler {

    /** STAR*D per-level remission, QIDS-SR16 (Rush et al. 2006, Am J Psychiatry 163:1905). */
    public static final double[] STAR_D_REMISSION = {0.368, 0.306, 0.137, 0.130};

    /** Version of the rule set this build implements (printed on the Definitions sheet). */
    public static final String RULES_VERSION = "rules.md 2026-11 (TRD Outcomes 0.1)";

    private ReportAssembler() {
    }

    /** What the run knows besides the tally. */
    public record RunFacts(LocalDateTime generatedAt, LocalDate asOf, List<ReportModel.InputFileAccount> files,
                           Map<String, Long> reasonCounts, DefinitionProfile profileInForce,
                           List<DefinitionProfile> comparedProfiles, List<DefinitionProfile> extraProfiles,
                           double maxRejectFraction, String catalogueSource, int minCellCount,
                           boolean includePatients) {
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
                read, accepted, rejected);

        List<ReportModel.AttritionStep> attrition = new ArrayList<>();
        for (int i = 0; i < OutcomeTally.ATTRITION.size(); i++) {
            attrition.add(new ReportModel.AttritionStep(OutcomeTally.ATTRITION.get(i), tally.attrition(i)));
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
                facts.includePatients());
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
        List<ReportModel.DefinitionItem> result = new ArrayList<>();
        items.forEach((k, v) -> result.add(new ReportModel.DefinitionItem(k, v)));
        return result;
    }
}
