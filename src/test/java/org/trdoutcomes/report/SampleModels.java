package org.trdoutcomes.report;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.trdoutcomes.report.ReportModel.AttritionStep;
import org.trdoutcomes.report.ReportModel.BreakdownRow;
import org.trdoutcomes.report.ReportModel.ComparedProfile;
import org.trdoutcomes.report.ReportModel.DefinitionItem;
import org.trdoutcomes.report.ReportModel.InputFileAccount;
import org.trdoutcomes.report.ReportModel.StepRow;
import org.trdoutcomes.report.ReportModel.StrategyRow;
import org.trdoutcomes.report.ReportModel.TreatmentRow;
import org.trdoutcomes.rules.StrategyCategory;

/** A hand-made report model whose numbers the tests recompute by hand. */
final class SampleModels {

    static final LocalDateTime GENERATED_AT = LocalDateTime.of(2026, 3, 2, 6, 15, 30);
    static final LocalDate AS_OF = LocalDate.of(2026, 3, 1);

    // rows of Strategy response, by category index (the rest are zero)
    static final OutcomeCounts INITIAL = new OutcomeCounts(120, 100, 45, 30, 20, 6, 3);
    static final OutcomeCounts DOSE_INCREASE = new OutcomeCounts(40, 30, 3, 0, 0, 0, 0);
    static final OutcomeCounts SWITCH = new OutcomeCounts(50, 40, 38, 20, 10, 9, 5);
    static final OutcomeCounts COMBINATION = new OutcomeCounts(3, 2, 1, 1, 0, 0, 0);
    static final OutcomeCounts ECT = new OutcomeCounts(25, 20, 12, 8, 15, 9, 6);

    static final String RISKY_TREATMENT = "=HYPERLINK(\"http://example.org\",\"x\")";

    private SampleModels() {
    }

    static ReportModel model(int minCellCount, boolean includePatients) {
        List<StrategyRow> strategies = new ArrayList<>();
        for (StrategyCategory c : StrategyCategory.values()) {
            OutcomeCounts counts = switch (c) {
                case INITIAL_ANTIDEPRESSANT -> INITIAL;
                case DOSE_INCREASE -> DOSE_INCREASE;
                case SWITCH_ANTIDEPRESSANT -> SWITCH;
                case ANTIDEPRESSANT_COMBINATION -> COMBINATION;
                case ECT -> ECT;
                default -> OutcomeCounts.ZERO;
            };
            strategies.add(new StrategyRow(c.label(), counts));
        }
        List<TreatmentRow> treatments = List.of(
                new TreatmentRow("Initial antidepressant", "sertraline", INITIAL),
                new TreatmentRow("Dose increase", RISKY_TREATMENT, DOSE_INCREASE),
                new TreatmentRow("ECT", "ECT", ECT));
        List<StepRow> steps = List.of(
                new StepRow(1, 200, 180, 66, 180, 66, 0.368, 0.368),
                new StepRow(2, 90, 80, 24, 180, 90, 0.306, 0.569),
                new StepRow(3, 30, 25, 3, 180, 92, 0.137, 0.627),
                new StepRow(4, 10, 8, 2, 180, 94, 0.130, 0.670));
        Map<String, Long> reasons = new LinkedHashMap<>();
        reasons.put("BAD_DATE", 3L);
        reasons.put("UNKNOWN_TREATMENT", 12L);
        return new ReportModel(GENERATED_AT, AS_OF,
                new ReportModel.Summary(310, 4, 40, 30, 80, 156, 238, 190, 1000, 985, 15),
                List.of(new InputFileAccount("patients.csv", "PATIENTS", 310, 308, 2, "ab".repeat(32)),
                        new InputFileAccount("trials-2026.csv", "TRIALS", 690, 677, 13, "cd".repeat(32))),
                List.of(new AttritionStep("Patients in the input", 310),
                        new AttritionStep("With an antidepressant trial in the current episode", 290),
                        new AttritionStep("With an evaluable trial", 200),
                        new AttritionStep("With 2 or more failed agents", 60),
                        new AttritionStep("TRD", 40)),
                reasons, strategies, treatments, steps,
                List.of(new DefinitionItem("Rules version", "2026.1"),
                        new DefinitionItem("Minimum trial duration (weeks)", 6),
                        new DefinitionItem("Response threshold (improvement)", 0.5)),
                List.of(new ComparedProfile("standard", "≥ 2 adequately failed agents, 6 weeks", "", 150, 40, 40, 0,
                                0, 110),
                        new ComparedProfile("eu-pearl", "4 weeks, improvement below 25%", "Sforzini et al. 2022",
                                150, 55, 38, 2, 17, 93),
                        new ComparedProfile("strict", "8 weeks", "", 150, 3, 3, 37, 0, 110)),
                List.of(new BreakdownRow("Site", "North", 200, 30, 120, 150, 60, 40),
                        new BreakdownRow("Site", "South", 4, 1, 3, 6, 2, 1),
                        new BreakdownRow("Site", "(not given)", 102, 9, 27, 34, 0, 0)),
                List.of("eu-pearl", "strict"),
                minCellCount, includePatients);
    }

    /**
     * {@link #model} with Pathways and After failure counts: 240 episodes, two pathways listed at 5 (120 and 60
     * episodes), three pooled (3 + 2 + 1 = 6 episodes, so `Other pathways` is 6 of which 4 remitted); after a
     * failed step 1, 30 switches (25 evaluable, 10 responders, 8 remitters) and 3 ECT courses.
     */
    static ReportModel withPathways(int minCellCount) {
        ReportModel m = model(minCellCount, true);
        String initial = StrategyCategory.INITIAL_ANTIDEPRESSANT.label();
        String sw = StrategyCategory.SWITCH_ANTIDEPRESSANT.label();
        List<ReportModel.PathwayRow> pathways = minCellCount <= 1
                ? List.of(new ReportModel.PathwayRow(initial, 1, 174, 90),
                        new ReportModel.PathwayRow(initial + " → " + sw, 2, 60, 20),
                        new ReportModel.PathwayRow("ECT", 1, 3, 2),
                        new ReportModel.PathwayRow(initial + " → ECT", 2, 2, 1),
                        new ReportModel.PathwayRow(initial + " → " + sw + " → " + sw + " → " + sw + " → …", 4, 1, 1),
                        new ReportModel.PathwayRow("Other pathways", null, 0, 0),
                        new ReportModel.PathwayRow("All pathways", null, 240, 114))
                : List.of(new ReportModel.PathwayRow(initial, 1, 174, 90),
                        new ReportModel.PathwayRow(initial + " → " + sw, 2, 60, 20),
                        new ReportModel.PathwayRow("Other pathways", null, 6, 4),
                        new ReportModel.PathwayRow("All pathways", null, 240, 114));
        List<ReportModel.AfterFailureRow> after = List.of(
                new ReportModel.AfterFailureRow(1, sw, 30, 25, 10, 8),
                new ReportModel.AfterFailureRow(1, "ECT", 3, 3, 2, 2),
                new ReportModel.AfterFailureRow(1, "All strategies", 33, 28, 12, 10),
                new ReportModel.AfterFailureRow(2, "All strategies", 0, 0, 0, 0),
                new ReportModel.AfterFailureRow(3, "All strategies", 0, 0, 0, 0));
        long[] entered = {240, 66, 1, 1};
        List<ReportModel.StrategyAtStepRow> atStep = List.of(
                new ReportModel.StrategyAtStepRow(initial, new long[] {237, 0, 0, 0}, entered),
                new ReportModel.StrategyAtStepRow(sw, new long[] {0, 61, 1, 1}, entered),
                new ReportModel.StrategyAtStepRow("ECT", new long[] {3, 5, 0, 0}, entered));
        return new ReportModel(m.generatedAt(), m.asOf(), m.summary(), m.files(), m.attrition(), m.reasonCounts(),
                m.strategies(), m.treatments(), m.steps(), m.definitionItems(), m.comparedProfiles(), m.breakdowns(),
                m.extraProfileNames(), m.minCellCount(), m.includePatients(), pathways, after, atStep);
    }

    /** Patients P00001.. streamed without a list; site of the first is a would-be formula. */
    static RowSource<PatientLine> patients(int count) {
        return consumer -> {
            for (int i = 1; i <= count; i++) {
                consumer.accept(new PatientLine(String.format("P%05d", i), i == 1 ? "+SUM(A1:A2)" : "North", 1,
                        3, 2, 2, i % 2 == 0 ? "TRD" : "NOT_TRD", 2, 4.5, i % 3 == 0 ? null : 7,
                        i % 3 == 0 ? null : "moderate", i == 2 ? "-1+1" : "", List.of("TRD", "NOT_TRD")));
            }
        };
    }

    static RowSource<DataQualityLine> dataQuality(int count) {
        return consumer -> {
            for (int i = 1; i <= count; i++) {
                consumer.accept(new DataQualityLine("trials-2026.csv", i == 1 ? null : (long) i + 1, "start_date",
                        i == 1 ? "@SUM(1)" : "2026-13-01", "BAD_DATE", "not a date: expected yyyy-mm-dd"));
            }
        };
    }

    static <T> RowSource<T> none() {
        return (Consumer<? super T> consumer) -> { };
    }
}
