package org.trdoutcomes.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trdoutcomes.rules.TrialBuilder.JAN_1;
import static org.trdoutcomes.rules.TrialBuilder.trial;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrialAssessorTest {

    private final TrialAssessor assessor = new TrialAssessor(RuleThresholds.standard());

    private TrialAssessment one(Trial trial) {
        return assessor.assess(List.of(trial)).get(0);
    }

    @Test
    void evaluableNeedsAnEndAScalePositiveBaselineAndOutcome() {
        assertThat(one(trial("sertraline").build()).evaluable()).isTrue();
        assertThat(one(trial("sertraline").ongoing().build()).evaluable()).isFalse();
        assertThat(one(trial("sertraline").scores(null, 20.0, 10.0).build()).evaluable()).isFalse();
        assertThat(one(trial("sertraline").scores(Scale.PHQ9, 0.0, 0.0).build()).evaluable()).isFalse();
        assertThat(one(trial("sertraline").scores(Scale.PHQ9, null, null).build()).evaluable()).isFalse();
        assertThat(one(trial("sertraline").scores(Scale.PHQ9, 20.0, null).build()).evaluable()).isFalse();
    }

    @Test
    void aTrialThatCannotBeEvaluatedIsNeitherFailedNorAResponse() {
        TrialAssessment a = one(trial("sertraline").ongoing().build());
        assertThat(a.improvement()).isNaN();
        assertThat(a.failed()).isFalse();
        assertThat(a.responder()).isFalse();
        assertThat(a.remitter()).isFalse();
    }

    @ParameterizedTest(name = "{0} → {1}: improvement {2}, responder {3}, failed {4}")
    @CsvSource({
            "20,10,0.5,true,false",
            "20,11,0.45,false,true",
            "20,0,1.0,true,false",
            "20,25,-0.25,false,true",
            "27,13.5,0.5,true,false"})
    void responseAtHalfTheBaselineFailureBelow(double baseline, double outcome, double improvement,
                                               boolean responder, boolean failed) {
        TrialAssessment a = one(trial("sertraline").scores(baseline, outcome).build());
        assertThat(a.improvement()).isEqualTo(improvement);
        assertThat(a.responder()).isEqualTo(responder);
        assertThat(a.failed()).isEqualTo(failed);
    }

    @ParameterizedTest(name = "{0} outcome {1}: remission {2}")
    @CsvSource({"PHQ9,4,true", "PHQ9,5,false", "HAMD17,7,true", "HAMD17,8,false", "MADRS,10,true",
            "MADRS,11,false", "QIDS_SR16,5,true", "QIDS_SR16,6,false", "BDI_II,13,true", "BDI_II,14,false"})
    void remissionAtTheScaleCutoff(Scale scale, double outcome, boolean remission) {
        assertThat(one(trial("sertraline").scores(scale, 27.0, outcome).build()).remitter()).isEqualTo(remission);
    }

    @Test
    void categoryFollowsStrategyForAntidepressantsAndClassOtherwise() {
        assertThat(one(trial("sertraline").strategy(Strategy.SWITCH).build()).category())
                .isEqualTo(StrategyCategory.SWITCH_ANTIDEPRESSANT);
        assertThat(one(trial("bupropion").strategy(Strategy.AUGMENTATION).build()).category())
                .isEqualTo(StrategyCategory.ANTIDEPRESSANT_COMBINATION);
        assertThat(one(trial("Seroquel").build()).category()).isEqualTo(StrategyCategory.AUGMENTATION_ANTIPSYCHOTIC);
    }

    @Test
    void stepsRankByStartDateThenFileOrderWithinEachEpisode() {
        Trial third = trial("sertraline").start(JAN_1.plusDays(30)).sequence(1).build();
        Trial first = trial("citalopram").start(JAN_1).sequence(5).build();
        Trial secondTied = trial("lithium").start(JAN_1.plusDays(10)).sequence(3).build();
        Trial thirdTied = trial("CBT").start(JAN_1.plusDays(10)).sequence(4).build();
        Trial otherEpisode = trial("fluoxetine").episode(2).start(JAN_1.minusDays(100)).sequence(0).build();

        List<TrialAssessment> assessed = assessor.assess(List.of(third, thirdTied, otherEpisode, first, secondTied));

        assertThat(assessed).extracting(TrialAssessment::trial)
                .containsExactly(first, secondTied, thirdTied, third, otherEpisode);
        assertThat(assessed).extracting(TrialAssessment::step).containsExactly(1, 2, 3, 4, 1);
    }

    @Test
    void inTrdAtStartAfterTwoAgentsAdequatelyFailedByThatDay() {
        Trial a = trial("sertraline").start(JAN_1).days(60).build();
        Trial b = trial("venlafaxine").start(JAN_1.plusDays(60)).days(60).build();
        Trial sameDay = trial("mirtazapine").start(JAN_1.plusDays(120)).build();
        Trial dayBefore = trial("bupropion").start(JAN_1.plusDays(119)).build();

        List<TrialAssessment> assessed = assessor.assess(List.of(a, b, sameDay, dayBefore));

        assertThat(inTrd(assessed, sameDay)).as("end date equal to start date counts").isTrue();
        assertThat(inTrd(assessed, dayBefore)).as("venlafaxine had not ended yet").isFalse();
        assertThat(inTrd(assessed, a)).isFalse();
        assertThat(inTrd(assessed, b)).isFalse();
    }

    @Test
    void inTrdAtStartCountsDistinctAgentsAdequatelyFailedInTheSameEpisode() {
        Trial sertraline1 = trial("sertraline").start(JAN_1).days(60).build();
        Trial sertraline2 = trial("Zoloft").strategy(Strategy.DOSE_INCREASE).start(JAN_1.plusDays(60)).days(60).build();
        Trial lowDose = trial("venlafaxine").dose(75, DoseUnit.MG).start(JAN_1.plusDays(120)).days(60).build();
        Trial responded = trial("duloxetine").responded().start(JAN_1.plusDays(180)).days(60).build();
        Trial otherEpisode = trial("fluoxetine").episode(2).start(JAN_1.plusDays(240)).build();
        Trial later = trial("mirtazapine").start(JAN_1.plusDays(400)).build();

        List<TrialAssessment> assessed = assessor.assess(
                List.of(sertraline1, sertraline2, lowDose, responded, otherEpisode, later));

        assertThat(inTrd(assessed, later)).isFalse();
        assertThat(inTrd(assessed, otherEpisode)).isFalse();
    }

    @Test
    void anyFailureCountsInadequateFailuresTowardsInTrdAtStart() {
        Trial a = trial("sertraline").noDose().start(JAN_1).days(20).build();
        Trial b = trial("venlafaxine").dose(75, DoseUnit.MG).start(JAN_1.plusDays(20)).days(20).build();
        Trial c = trial("mirtazapine").start(JAN_1.plusDays(40)).build();
        List<Trial> trials = List.of(a, b, c);

        assertThat(inTrd(assessor.assess(trials), c)).isFalse();
        var anyFailure = new TrialAssessor(new RuleThresholds(6, 0.5, 0.5, 80, 2, 6, false));
        assertThat(inTrd(anyFailure.assess(trials), c)).isTrue();
    }

    @Test
    void inTrdAtStartUsesMinFailedTrials() {
        Trial a = trial("sertraline").start(JAN_1).days(60).build();
        Trial c = trial("mirtazapine").start(JAN_1.plusDays(60)).build();
        var one = new TrialAssessor(new RuleThresholds(6, 0.5, 0.5, 80, 1, 6, true));
        assertThat(inTrd(one.assess(List.of(a, c)), c)).isTrue();
        assertThat(inTrd(assessor.assess(List.of(a, c)), c)).isFalse();
    }

    @Test
    void noTrialsNoAssessments() {
        assertThat(assessor.assess(List.of())).isEmpty();
    }

    private static boolean inTrd(List<TrialAssessment> assessed, Trial trial) {
        return assessed.stream().filter(a -> a.trial() == trial).findFirst().orElseThrow().inTrdAtStart();
    }
}
