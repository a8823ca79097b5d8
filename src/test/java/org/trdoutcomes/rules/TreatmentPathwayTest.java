package org.trdoutcomes.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trdoutcomes.rules.TrialBuilder.JAN_1;
import static org.trdoutcomes.rules.TrialBuilder.trial;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/clinical-rules.md §9: the pathway of a patient-episode, its steps 1–4 joined with " → ", and " → …" beyond four. */
class TreatmentPathwayTest {

    private final PatientClassifier classifier = new PatientClassifier(RuleThresholds.standard());

    private List<TrialAssessment> assess(Trial... trials) {
        return classifier.assess(PatientAttributes.unknown("P1"), List.of(trials), LocalDate.of(2025, 12, 31))
                .trials();
    }

    private static Trial at(String treatment, Strategy strategy, int day) {
        TrialBuilder b = trial(treatment).start(JAN_1.plusDays(day)).days(56);
        return (strategy == null ? b : b.strategy(strategy)).build();
    }

    @Test
    void oneStepIsItsCategory() {
        assertThat(TreatmentPathway.text(assess(at("sertraline", Strategy.INITIAL, 0))))
                .isEqualTo("Initial antidepressant");
    }

    @Test
    void stepsAreJoinedWithAnArrowInStepOrder() {
        // given out of order: the step order (start date) decides
        List<TrialAssessment> trials = assess(at("lithium", null, 120), at("sertraline", Strategy.INITIAL, 0),
                at("venlafaxine", Strategy.SWITCH, 60));
        assertThat(TreatmentPathway.text(trials))
                .isEqualTo("Initial antidepressant \u2192 Switch antidepressant \u2192 Augmentation: lithium");
    }

    @Test
    void fourStepsAndFiveStepsAreDifferentPathways() {
        Trial[] four = {at("sertraline", Strategy.INITIAL, 0), at("venlafaxine", Strategy.SWITCH, 60),
                at("aripiprazole", null, 120), at("ketamine", null, 180)};
        String fourSteps = "Initial antidepressant → Switch antidepressant → Augmentation: atypical antipsychotic"
                + " → Ketamine / esketamine (NMDA)";
        assertThat(TreatmentPathway.text(assess(four))).isEqualTo(fourSteps);
        List<TrialAssessment> five = assess(four[0], four[1], four[2], four[3], at("ECT", null, 240));
        assertThat(TreatmentPathway.text(five)).isEqualTo(fourSteps + " → …");
        int key = TreatmentPathway.key(five, 0, five.size());
        assertThat(TreatmentPathway.wentFurther(key)).isTrue();
        assertThat(TreatmentPathway.steps(key)).isEqualTo(4);
        assertThat(TreatmentPathway.key(five, 0, 4)).isNotEqualTo(key);
    }

    @Test
    void twoTrialsStartingOnTheSameDayAreTwoSteps() {
        List<TrialAssessment> trials = assess(at("sertraline", Strategy.INITIAL, 0), at("CBT", null, 0));
        assertThat(TreatmentPathway.text(trials)).isEqualTo("Initial antidepressant → Psychotherapy");
    }

    @Test
    void everyKeyReadsBackItsCategories() {
        for (StrategyCategory first : StrategyCategory.values()) {
            for (StrategyCategory last : StrategyCategory.values()) {
                List<TrialAssessment> trials = List.of(assessment(first), assessment(last), assessment(last),
                        assessment(first), assessment(last));
                int four = TreatmentPathway.key(trials, 0, 4);
                assertThat(TreatmentPathway.categories(four)).containsExactly(first, last, last, first);
                assertThat(TreatmentPathway.wentFurther(four)).isFalse();
                assertThat(TreatmentPathway.categories(TreatmentPathway.key(trials, 1, 2))).containsExactly(last);
                assertThat(TreatmentPathway.key(trials, 0, 5)).isEqualTo(four + 1);
            }
        }
    }

    private static TrialAssessment assessment(StrategyCategory category) {
        Trial t = trial("sertraline").build();
        return new TrialAssessment(t, category, 1, false, Double.NaN, false, false, false, false, java.util.Set.of(),
                false);
    }
}
