package org.trdoutcomes.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.trdoutcomes.rules.Classification;
import org.trdoutcomes.rules.DefinitionProfile;
import org.trdoutcomes.rules.DefinitionProfiles;
import org.trdoutcomes.rules.PatientAttributes;
import org.trdoutcomes.rules.RuleThresholds;
import org.trdoutcomes.rules.Scale;
import org.trdoutcomes.rules.Strategy;
import org.trdoutcomes.rules.TreatmentCatalogue;
import org.trdoutcomes.rules.Trial;

/**
 * The tally of classified patients: its attrition counts and names the failed agents the definition in force asks
 * for (not a fixed 2), and tallies of partitions merge into the tally of the whole.
 */
class OutcomeTallyTest {

    private static final TreatmentCatalogue CATALOGUE = TreatmentCatalogue.defaults();
    private static final LocalDate AS_OF = LocalDate.of(2025, 12, 31);

    /** An adequate trial (minimum dose, 60 days) scored 20 → 16 on PHQ-9: 20 % better, failed. */
    private static Trial failed(String patient, String agent, Strategy strategy, LocalDate start, long seq) {
        return new Trial(patient, 1, start, start.plusDays(60), CATALOGUE.find(agent).orElseThrow(), strategy,
                CATALOGUE.find(agent).orElseThrow().minimumDose(), null, null, Scale.PHQ9, 20.0, 16.0, null, seq);
    }

    /** P-two: two adequately failed agents; P-one: one. */
    private static List<PatientTrials> patients() {
        LocalDate d = LocalDate.of(2025, 1, 1);
        return List.of(
                new PatientTrials(PatientAttributes.unknown("P-two"), false, new ArrayList<>(List.of(
                        failed("P-two", "citalopram", Strategy.INITIAL, d, 1),
                        failed("P-two", "sertraline", Strategy.SWITCH, d.plusDays(70), 2)))),
                new PatientTrials(PatientAttributes.unknown("P-one"), false, new ArrayList<>(List.of(
                        failed("P-one", "citalopram", Strategy.INITIAL, d, 3)))));
    }

    private static OutcomeTally tally(int minFailedTrials, List<PatientTrials> patients) {
        RuleThresholds s = RuleThresholds.standard();
        RuleThresholds thresholds = new RuleThresholds(s.minWeeks(), s.nonResponseThreshold(), s.responseThreshold(),
                s.minAdherencePct(), minFailedTrials, s.minEctSessions(), true);
        DefinitionProfile standard = DefinitionProfiles.builtIn(thresholds).get(0);
        ProfileSet profiles = new ProfileSet(standard, List.of(standard));
        OutcomeTally tally = new OutcomeTally(1, minFailedTrials);
        patients.forEach(p -> tally.add(profiles.classify(p, AS_OF)));
        return tally;
    }

    @Test
    void attritionFollowsTheMinimumNumberOfFailedAgentsInForce() {
        OutcomeTally two = tally(2, patients());
        assertThat(two.attritionCriteria().get(4)).isEqualTo("With at least 2 failed agents");
        assertThat(two.attrition(3)).as("with an evaluable trial").isEqualTo(2);
        assertThat(two.attrition(4)).isEqualTo(1);
        assertThat(two.attrition(5)).as("TRD").isEqualTo(1);

        OutcomeTally three = tally(3, patients());
        assertThat(three.attritionCriteria().get(4)).isEqualTo("With at least 3 failed agents");
        assertThat(three.attrition(4)).isZero();
        assertThat(three.attrition(5)).isZero();

        OutcomeTally one = tally(1, patients());
        assertThat(one.attritionCriteria().get(4)).isEqualTo("With at least 1 failed agent");
        assertThat(one.attrition(4)).isEqualTo(2);
        assertThat(one.attrition(5)).isEqualTo(2);
    }

    @Test
    void partitionTalliesMergeIntoTheTallyOfTheWhole() {
        List<PatientTrials> all = patients();
        OutcomeTally whole = tally(2, all);
        OutcomeTally merged = tally(2, all.subList(0, 1));
        merged.merge(tally(2, all.subList(1, 2)));

        assertThat(merged.patients()).isEqualTo(2).isEqualTo(whole.patients());
        assertThat(merged.count(Classification.TRD)).isEqualTo(1).isEqualTo(whole.count(Classification.TRD));
        assertThat(merged.trials()).isEqualTo(3).isEqualTo(whole.trials());
        assertThat(merged.evaluableTrials()).isEqualTo(whole.evaluableTrials());
        for (int i = 0; i < whole.attritionCriteria().size(); i++) {
            assertThat(merged.attrition(i)).as(whole.attritionCriteria().get(i)).isEqualTo(whole.attrition(i));
        }
        assertThat(merged.versusStandard(0)).containsExactly(whole.versusStandard(0));
        for (int step = 1; step <= 2; step++) {
            assertThat(merged.stepEntered(step)).isEqualTo(whole.stepEntered(step));
            assertThat(merged.stepRemitters(step)).isEqualTo(whole.stepRemitters(step));
        }
    }

    @Test
    void talliesOfDifferentDefinitionsDoNotMerge() {
        assertThatThrownBy(() -> tally(2, patients()).merge(tally(3, patients())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("failed agents");
    }
}
