package org.trdoutcomes.ingest.omop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.trdoutcomes.ingest.omop.CourseDerivation.Course;
import org.trdoutcomes.ingest.omop.CourseDerivation.Exposure;
import org.trdoutcomes.ingest.omop.CourseDerivation.ScoreValue;
import org.trdoutcomes.rules.Scale;
import org.trdoutcomes.rules.Strategy;
import org.trdoutcomes.rules.Treatment;
import org.trdoutcomes.rules.TreatmentCatalogue;
import org.trdoutcomes.rules.Trial;

/** Each rule of omop.md §4, at its boundary, from the definition. */
class CourseDerivationTest {

    static final LocalDate AS_OF = LocalDate.of(2025, 6, 30);
    static final LocalDate D0 = LocalDate.of(2024, 1, 1);

    private final List<Exposure> rows = new ArrayList<>();
    private final List<ScoreValue> scores = new ArrayList<>();

    private static Treatment t(String name) {
        return TreatmentCatalogue.defaults().find(name).orElseThrow();
    }

    private void row(String treatment, LocalDate start, LocalDate end) {
        rows.add(new Exposure(t(treatment), start, end, Double.NaN, 1, rows.size() + 2));
    }

    private void dosedRow(String treatment, LocalDate start, LocalDate end, double mg) {
        rows.add(new Exposure(t(treatment), start, end, mg, 1, rows.size() + 2));
    }

    private void score(LocalDate date, double value) {
        scores.add(new ScoreValue(Scale.PHQ9, date, value, scores.size()));
    }

    private List<Trial> derive() {
        return CourseDerivation.derive("p", rows, scores, AS_OF).stream().map(Course::trial).toList();
    }

    @Test
    void aRowStartingThirtyDaysAfterTheLatestEndContinuesTheCourseThirtyOneDaysStartsANewOne() {
        row("sertraline", D0, D0.plusDays(9));
        row("sertraline", D0.plusDays(39), D0.plusDays(49)); // 30 days after day 9
        row("sertraline", D0.plusDays(80), D0.plusDays(90)); // 31 days after day 49
        List<Trial> trials = derive();
        assertThat(trials).extracting(Trial::startDate, Trial::endDate).containsExactly(
                org.assertj.core.groups.Tuple.tuple(D0, D0.plusDays(49)),
                org.assertj.core.groups.Tuple.tuple(D0.plusDays(80), D0.plusDays(90)));
    }

    @Test
    void aCourseRunsToItsLatestEndEvenWhenAnEarlierRowEndsLater() {
        row("sertraline", D0, D0.plusDays(100));
        row("sertraline", D0.plusDays(10), D0.plusDays(20));
        assertThat(derive()).singleElement().satisfies(t -> assertThat(t.endDate()).isEqualTo(D0.plusDays(100)));
    }

    @Test
    void aCourseEndingAfterTheAsOfDateIsOngoing() {
        row("sertraline", AS_OF.minusDays(10), AS_OF);
        row("citalopram", AS_OF.minusDays(10), AS_OF.plusDays(1));
        List<Trial> trials = derive();
        assertThat(trials.get(0).treatment().canonicalName()).isEqualTo("citalopram");
        assertThat(trials.get(0).isOngoing()).isTrue();
        assertThat(trials.get(1).endDate()).isEqualTo(AS_OF);
    }

    @Test
    void theCourseDoseIsTheHighestKnownDailyDose() {
        dosedRow("sertraline", D0, D0.plusDays(9), 50);
        rows.add(new Exposure(t("sertraline"), D0.plusDays(10), D0.plusDays(19), Double.NaN, 1, 9));
        dosedRow("sertraline", D0.plusDays(20), D0.plusDays(29), 150);
        dosedRow("sertraline", D0.plusDays(30), D0.plusDays(39), 100);
        assertThat(derive()).singleElement().satisfies(t -> assertThat(t.dose().amount()).isEqualTo(150.0));
    }

    @Test
    void ectSessionsAreTheCourseRowsOtherClassesHaveNone() {
        row("electroconvulsive therapy", D0, D0);
        row("electroconvulsive therapy", D0.plusDays(2), D0.plusDays(2));
        row("electroconvulsive therapy", D0.plusDays(4), D0.plusDays(4));
        row("transcranial magnetic stimulation", D0, D0);
        List<Trial> trials = derive();
        assertThat(trials).extracting(Trial::sessions).containsExactly(3, null);
        assertThat(trials).extracting(Trial::strategy).containsOnlyNulls();
    }

    @Test
    void aCourseStarting181DaysAfterEveryEarlierEndOpensAnEpisode180DaysDoesNot() {
        row("sertraline", D0, D0.plusDays(10));
        row("citalopram", D0.plusDays(190), D0.plusDays(200)); // 180 days after day 10: same episode
        row("fluoxetine", D0.plusDays(381), D0.plusDays(390)); // 181 days after day 200: new episode
        assertThat(derive()).extracting(Trial::episode).containsExactly(1, 1, 2);
    }

    @Test
    void theEpisodeGapCountsFromTheLatestEndOfAllEarlierCoursesAndFromTheAsOfDateForAnOngoingOne() {
        row("lithium", D0, D0.plusDays(300));
        row("sertraline", D0.plusDays(10), D0.plusDays(20));
        row("citalopram", D0.plusDays(400), D0.plusDays(410)); // 100 days after lithium's end
        assertThat(derive()).extracting(Trial::episode).containsExactly(1, 1, 1);
        rows.clear();
        row("lithium", AS_OF.minusDays(400), AS_OF.plusDays(10)); // ongoing: counts as ending on the as-of date
        row("sertraline", AS_OF.minusDays(5), AS_OF.minusDays(1));
        assertThat(derive()).extracting(Trial::episode).containsExactly(1, 1);
    }

    @Test
    void startingThirtyDaysBeforeAnEarlierAntidepressantEndsIsACombination29DaysASwitch() {
        row("sertraline", D0, D0.plusDays(100));
        row("mirtazapine", D0.plusDays(70), D0.plusDays(150)); // 100 − 30 = 70: combination
        row("bupropion", D0.plusDays(121), D0.plusDays(200)); // 150 − 29 = 121: switch
        assertThat(derive()).extracting(Trial::strategy)
                .containsExactly(Strategy.INITIAL, Strategy.COMBINATION, Strategy.SWITCH);
    }

    @Test
    void onlyAntidepressantCoursesOfTheSameEpisodeCountForStrategies() {
        row("lithium", D0, D0.plusDays(300));
        row("sertraline", D0.plusDays(10), D0.plusDays(100)); // first antidepressant: initial despite lithium
        row("citalopram", D0.plusDays(500), D0.plusDays(600)); // 200 days after lithium's end: episode 2, initial
        assertThat(derive()).extracting(Trial::strategy).containsExactly(null, Strategy.INITIAL, Strategy.INITIAL);
    }

    @Test
    void anOngoingEarlierCourseEndsOnTheAsOfDateForTheCombinationRule() {
        row("sertraline", AS_OF.minusDays(100), AS_OF.plusDays(50));
        row("mirtazapine", AS_OF.minusDays(30), AS_OF.plusDays(50)); // as-of − 30: combination
        row("bupropion", AS_OF.minusDays(29), AS_OF.plusDays(50)); // as-of − 29: switch
        assertThat(derive()).extracting(Trial::strategy)
                .containsExactly(Strategy.INITIAL, Strategy.COMBINATION, Strategy.SWITCH);
    }

    @Test
    void coursesStartingTheSameDayAreOrderedByTreatmentName() {
        row("venlafaxine", D0, D0.plusDays(60));
        row("citalopram", D0, D0.plusDays(60));
        assertThat(derive()).extracting(t -> t.treatment().canonicalName() + " " + t.strategy())
                .containsExactly("citalopram INITIAL", "venlafaxine COMBINATION");
    }

    @Test
    void theBaselineIsTheLatestValueFrom30DaysBeforeTo7DaysAfterTheStart() {
        row("sertraline", D0, D0.plusDays(60));
        score(D0.minusDays(31), 27);
        score(D0.minusDays(30), 20);
        score(D0.plusDays(8), 26);
        assertThat(derive().get(0).baselineScore()).isEqualTo(20.0);
        score(D0.plusDays(7), 18);
        assertThat(derive().get(0).baselineScore()).isEqualTo(18.0);
    }

    @Test
    void theOutcomeIsTheValueNearestTheEndWithin14DaysEquallyNearTheLaterOne() {
        LocalDate end = D0.plusDays(60);
        row("sertraline", D0, end);
        score(D0, 20);
        score(end.minusDays(15), 1);
        score(end.plusDays(15), 2);
        assertThat(derive().get(0).outcomeScore()).isNull();
        score(end.minusDays(14), 10);
        score(end.plusDays(14), 12);
        assertThat(derive().get(0).outcomeScore()).isEqualTo(12.0);
        score(end.minusDays(3), 9);
        assertThat(derive().get(0).outcomeScore()).isEqualTo(9.0);
    }

    @Test
    void theOutcomeMustBeAfterTheBaselineDate() {
        LocalDate end = D0.plusDays(10);
        row("sertraline", D0, end);
        score(D0.plusDays(5), 20); // baseline (start + 5), also 5 days from the end
        assertThat(derive().get(0).outcomeScore()).isNull();
        score(D0.plusDays(8), 15); // past start + 7: no baseline candidate, 2 days from the end
        assertThat(derive().get(0).baselineScore()).isEqualTo(20.0);
        assertThat(derive().get(0).outcomeScore()).isEqualTo(15.0);
    }

    @Test
    void onADateWithSeveralValuesTheLastOneReadCounts() {
        row("sertraline", D0, D0.plusDays(60));
        scores.add(new ScoreValue(Scale.PHQ9, D0, 20, 5));
        scores.add(new ScoreValue(Scale.PHQ9, D0, 22, 3));
        assertThat(derive().get(0).baselineScore()).isEqualTo(20.0);
    }

    @Test
    void scalesAreTriedInRulesOrderAndTheOutcomeComesFromTheBaselineScale() {
        LocalDate end = D0.plusDays(60);
        row("sertraline", D0, end);
        scores.add(new ScoreValue(Scale.MADRS, D0, 30, 1));
        scores.add(new ScoreValue(Scale.HAMD17, D0, 20, 2));
        scores.add(new ScoreValue(Scale.MADRS, end, 10, 3));
        Trial t = derive().get(0);
        assertThat(t.scale()).isEqualTo(Scale.HAMD17);
        assertThat(t.outcomeScore()).isNull();
    }

    @Test
    void anOngoingCourseHasABaselineButNoOutcome() {
        row("sertraline", AS_OF.minusDays(20), AS_OF.plusDays(20));
        score(AS_OF.minusDays(20), 20);
        score(AS_OF, 5);
        Trial t = derive().get(0);
        assertThat(t.baselineScore()).isEqualTo(20.0);
        assertThat(t.outcomeScore()).isNull();
    }
}
