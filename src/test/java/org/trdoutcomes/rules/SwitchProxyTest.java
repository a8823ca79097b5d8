package org.trdoutcomes.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trdoutcomes.rules.TrialBuilder.JAN_1;
import static org.trdoutcomes.rules.TrialBuilder.trial;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/clinical-rules.md §7, switch-proxy: courses are consecutive antidepressant trials of one agent; a qualifying switch goes
 * from a course that ended after ≥ 42 days to another agent started 0–98 days later, and not back to an earlier
 * agent; TRD at ≥ 2 qualifying switches and ≥ 3 agents. Each case below is one clause of that definition.
 */
class SwitchProxyTest {

    /** An antidepressant trial from day {@code startDay} (after 1 Jan 2024) lasting {@code days}; no scores. */
    private static Trial course(String agent, int startDay, int days) {
        return trial(agent).start(JAN_1.plusDays(startDay)).days(days).scores(null, null, null).build();
    }

    private static SwitchProxy.Count count(Trial... trials) {
        return SwitchProxy.countTrials(List.of(trials));
    }

    @Test
    void threeAgentsEachTakenOverWithinTheGapMakeTwoSwitchesAndTrd() {
        SwitchProxy.Count c = count(course("sertraline", 0, 60), course("venlafaxine", 60, 60),
                course("mirtazapine", 130, 60));
        assertThat(c).isEqualTo(new SwitchProxy.Count(3, 3, 2));
        assertThat(c.isTrd()).isTrue();
        assertThat(SwitchProxy.classify(false, c)).isEqualTo(Classification.TRD);
    }

    @Test
    void aSwitchBackToAnEarlierAgentDoesNotCount() {
        // sertraline → venlafaxine (counts) → sertraline again (back: does not count) → mirtazapine (counts)
        SwitchProxy.Count back = count(course("sertraline", 0, 60), course("venlafaxine", 60, 60),
                course("sertraline", 120, 60));
        assertThat(back).isEqualTo(new SwitchProxy.Count(3, 2, 1));
        SwitchProxy.Count thenNew = count(course("sertraline", 0, 60), course("venlafaxine", 60, 60),
                course("sertraline", 120, 60), course("mirtazapine", 180, 60));
        assertThat(thenNew).isEqualTo(new SwitchProxy.Count(4, 3, 2));
        assertThat(thenNew.isTrd()).isTrue();
    }

    @Test
    void anOverlapIsNotASwitch() {
        // bupropion added 30 days into sertraline, which goes on: a combination, then a switch to venlafaxine
        SwitchProxy.Count c = count(course("sertraline", 0, 90), course("bupropion", 30, 60),
                course("venlafaxine", 90, 60));
        assertThat(c).isEqualTo(new SwitchProxy.Count(3, 3, 1));
        assertThat(c.isTrd()).isFalse();
        List<SwitchProxy.Course> courses = SwitchProxy.courses(List.of(course("sertraline", 0, 90),
                course("bupropion", 89, 60)));
        assertThat(SwitchProxy.isSwitch(courses.get(0), courses.get(1))).as("started a day before the end").isFalse();
    }

    @Test
    void aCourseUnder42DaysIsNotSwitchedAwayFrom() {
        List<SwitchProxy.Course> c41 = SwitchProxy.courses(List.of(course("sertraline", 0, 41),
                course("venlafaxine", 41, 60)));
        List<SwitchProxy.Course> c42 = SwitchProxy.courses(List.of(course("sertraline", 0, 42),
                course("venlafaxine", 42, 60)));
        assertThat(SwitchProxy.isSwitch(c41.get(0), c41.get(1))).isFalse();
        assertThat(SwitchProxy.isSwitch(c42.get(0), c42.get(1))).isTrue();
    }

    @Test
    void theNextAgentMayStartUpTo98DaysAfterTheEndButNot99() {
        List<SwitchProxy.Course> gap98 = SwitchProxy.courses(List.of(course("sertraline", 0, 60),
                course("venlafaxine", 60 + 98, 60)));
        List<SwitchProxy.Course> gap99 = SwitchProxy.courses(List.of(course("sertraline", 0, 60),
                course("venlafaxine", 60 + 99, 60)));
        List<SwitchProxy.Course> sameDay = SwitchProxy.courses(List.of(course("sertraline", 0, 60),
                course("venlafaxine", 60, 60)));
        assertThat(SwitchProxy.isSwitch(gap98.get(0), gap98.get(1))).isTrue();
        assertThat(SwitchProxy.isSwitch(gap99.get(0), gap99.get(1))).isFalse();
        assertThat(SwitchProxy.isSwitch(sameDay.get(0), sameDay.get(1))).isTrue();
    }

    @Test
    void anOngoingCourseHasNoEndToSwitchFrom() {
        Trial ongoing = trial("sertraline").start(JAN_1).ongoing().scores(null, null, null).build();
        List<SwitchProxy.Course> courses = SwitchProxy.courses(List.of(ongoing, course("venlafaxine", 200, 60)));
        assertThat(courses.get(0).end()).isNull();
        assertThat(SwitchProxy.isSwitch(courses.get(0), courses.get(1))).isFalse();
        // an ongoing course switched to is fine: the switch is judged on the course it leaves
        assertThat(count(course("citalopram", 0, 60), course("sertraline", 60, 60),
                trial("mirtazapine").start(JAN_1.plusDays(130)).ongoing().build()).qualifyingSwitches()).isEqualTo(2);
    }

    @Test
    void consecutiveTrialsOfOneAgentAreOneCourseEvenAcrossADoseIncreaseOrAnAugmentation() {
        Trial first = course("sertraline", 0, 30);
        Trial increase = trial("sertraline").strategy(Strategy.DOSE_INCREASE).start(JAN_1.plusDays(30)).days(30)
                .scores(null, null, null).build();
        Trial lithium = trial("lithium").start(JAN_1.plusDays(40)).days(30).build();
        List<SwitchProxy.Course> courses = SwitchProxy.courses(List.of(first, lithium, increase,
                course("venlafaxine", 60, 60)));
        assertThat(courses).extracting(SwitchProxy.Course::agent).containsExactly("sertraline", "venlafaxine");
        // 30 + 30 days: the merged course lasted 60, so the switch counts although each trial was short
        assertThat(courses.get(0)).isEqualTo(new SwitchProxy.Course("sertraline", JAN_1, JAN_1.plusDays(60)));
        assertThat(SwitchProxy.isSwitch(courses.get(0), courses.get(1))).isTrue();
    }

    @Test
    void twoSwitchesNeedThreeAgentsAndThreeAgentsNeedTwoSwitches() {
        // A → B → A → B: one qualifying switch (the others go back), two agents
        assertThat(count(course("sertraline", 0, 60), course("venlafaxine", 60, 60), course("sertraline", 120, 60),
                course("venlafaxine", 180, 60)).isTrd()).isFalse();
        // three agents, but the second started 100 days after the first ended
        assertThat(count(course("sertraline", 0, 60), course("venlafaxine", 160, 60), course("mirtazapine", 220, 60)))
                .isEqualTo(new SwitchProxy.Count(3, 3, 1));
    }

    @Test
    void classificationIgnoresScoresButKeepsTheBipolarExclusion() {
        SwitchProxy.Count trd = new SwitchProxy.Count(3, 3, 2);
        assertThat(SwitchProxy.classify(true, trd)).isEqualTo(Classification.EXCLUDED_BIPOLAR);
        assertThat(SwitchProxy.classify(false, new SwitchProxy.Count(1, 1, 0))).isEqualTo(Classification.NOT_TRD);
        assertThat(SwitchProxy.classify(false, SwitchProxy.Count.NONE)).isEqualTo(Classification.INSUFFICIENT_DATA);
    }

    @Test
    void theClassifierUnderSwitchProxyUsesOnlyTheCurrentEpisode() {
        PatientClassifier classifier = new PatientClassifier(RuleThresholds.standard(),
                DefinitionProfile.Criterion.QUALIFYING_SWITCHES);
        LocalDate asOf = LocalDate.of(2025, 12, 31);
        List<Trial> firstEpisodeOnly = List.of(course("sertraline", 0, 60), course("venlafaxine", 60, 60),
                course("mirtazapine", 120, 60), trial("citalopram").episode(2).start(JAN_1.plusDays(400)).days(60)
                        .scores(null, null, null).build());
        PatientAssessment a = classifier.assess(PatientAttributes.unknown("P1"), firstEpisodeOnly, asOf);
        assertThat(a.classification()).isEqualTo(Classification.NOT_TRD);
        List<Trial> current = List.of(course("sertraline", 0, 60), course("venlafaxine", 60, 60),
                course("mirtazapine", 120, 60));
        PatientAssessment trd = classifier.assess(PatientAttributes.unknown("P1"), current, asOf);
        assertThat(trd.classification()).isEqualTo(Classification.TRD);
        // and reads the same from an assessment made under any profile
        assertThat(SwitchProxy.classify(new PatientClassifier(RuleThresholds.standard())
                .assess(PatientAttributes.unknown("P1"), current, asOf))).isEqualTo(Classification.TRD);
    }
}
