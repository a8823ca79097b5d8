package org.trdoutcomes.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.trdoutcomes.report.ReportModel.ComparedProfile;
import org.trdoutcomes.report.ReportModel.StepRow;
import org.trdoutcomes.report.ReportModel.StrategyRow;

/** The statistics the model derives from its counts, worked out by hand; the writer only lays them out. */
class ReportModelTest {

    @Test
    void allStrategiesAddsUpEveryStrategysCounts() {
        ReportModel model = model(5, List.of(
                new StrategyRow("Initial antidepressant", new OutcomeCounts(10, 8, 4, 2, 3, 1, 0)),
                new StrategyRow("Switch antidepressant", new OutcomeCounts(5, 5, 1, 1, 5, 1, 1)),
                new StrategyRow("ECT", OutcomeCounts.ZERO)), List.of(), List.of());

        assertThat(model.allStrategies()).isEqualTo(new OutcomeCounts(15, 13, 5, 3, 8, 2, 1));
    }

    @Test
    void cumulativeRemissionMultipliesTheStillIllAndStopsAtTheFirstHiddenRate() {
        // step 1: 50 of 100 remit → 0.5; step 2: 20 of 80 → 0.25, cumulative 1 − 0.5 × 0.75 = 0.625;
        // step 3: 3 of 40 (3 < 5 is hidden) → empty, and so is step 4 although its own rate (10 of 20) is shown
        List<StepRow> steps = List.of(step(1, 100, 50), step(2, 80, 20), step(3, 40, 3), step(4, 20, 10));

        Double[] cumulative = model(5, List.of(), steps, List.of()).cumulativeRemission();

        assertThat(cumulative[0]).isCloseTo(0.5, within(1e-12));
        assertThat(cumulative[1]).isCloseTo(0.625, within(1e-12));
        assertThat(cumulative[2]).isNull();
        assertThat(cumulative[3]).isNull();

        // without suppression every step counts: 1 − 0.5 × 0.75 × (37/40) × 0.5 = 0.8265625
        Double[] unsuppressed = model(1, List.of(), steps, List.of()).cumulativeRemission();
        assertThat(unsuppressed[3]).isCloseTo(1 - 0.5 * 0.75 * (37.0 / 40) * 0.5, within(1e-12));
    }

    @Test
    void aStepWithoutEvaluableTrialsEndsTheCumulativeRemission() {
        Double[] cumulative = model(1, List.of(), List.of(step(1, 10, 5), step(2, 0, 0), step(3, 10, 5)), List.of())
                .cumulativeRemission();

        assertThat(cumulative).containsExactly(0.5, null, null);
    }

    @Test
    void shownRateIsNullWhenSuppressionHidesIt() {
        ReportModel model = model(5, List.of(), List.of(), List.of());

        assertThat(model.shownRate(10, 40)).isEqualTo(0.25);
        assertThat(model.shownRate(3, 40)).as("numerator 3 < 5").isNull();
        assertThat(model.shownRate(38, 40)).as("difference 2 < 5").isNull();
        assertThat(model.shownRate(0, 0)).as("no base").isNull();
        assertThat(model.shownRate(0, 40)).as("zero is shown").isEqualTo(0.0);
    }

    @Test
    void agreementWithStandardIsCohensKappaOfTheTwoByTwoTable() {
        // 40 TRD under both, 10 standard only, 5 profile only, 45 neither: p_o = 0.85; p_e = 0.5 × 0.45 + 0.5 × 0.55
        // = 0.5; kappa = (0.85 − 0.5) / (1 − 0.5) = 0.7
        ComparedProfile profile = new ComparedProfile("eu-pearl", "", "", 100, 45, 40, 10, 5, 45);

        assertThat(profile.agreement().observedAgreement().getAsDouble()).isCloseTo(0.85, within(1e-12));
        assertThat(profile.agreement().kappa().getAsDouble()).isCloseTo(0.7, within(1e-12));
    }

    private static StepRow step(int step, long evaluable, long remitters) {
        return new StepRow(step, evaluable, evaluable, remitters, 0, 0, 0, 0);
    }

    private static ReportModel model(int minCellCount, List<StrategyRow> strategies, List<StepRow> steps,
                                     List<ComparedProfile> compared) {
        return new ReportModel(LocalDateTime.of(2026, 7, 1, 2, 0), LocalDate.of(2026, 6, 30),
                new ReportModel.Summary(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), List.of(), List.of(), Map.of(), strategies,
                List.of(), steps, List.of(), compared, List.of(), List.of(), minCellCount, true);
    }
}
