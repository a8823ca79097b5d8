package org.trdoutcomes.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trdoutcomes.rules.DrugClass.*;
import static org.trdoutcomes.rules.TrialBuilder.failed;
import static org.trdoutcomes.rules.TrialBuilder.trial;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Thase–Rush, MGH-S and Maudsley staging (docs/clinical-rules.md §5), each against its definition. */
class StagingTest {

    static final LocalDate AS_OF = LocalDate.of(2024, 12, 31);

    private final PatientClassifier classifier = new PatientClassifier(RuleThresholds.standard());

    private PatientAssessment assess(PatientAttributes patient, Trial... trials) {
        return classifier.assess(patient, List.of(trials), AS_OF);
    }

    private PatientAssessment assess(Trial... trials) {
        return assess(PatientAttributes.unknown("P1"), trials);
    }

    @Nested
    class ThaseRush {

        @Test
        void stagesFromTheClassesFailed() {
            assertThat(ThaseRushStage.of(Set.of(), true)).isZero();
            assertThat(ThaseRushStage.of(EnumSet.of(SSRI), false)).isEqualTo(1);
            assertThat(ThaseRushStage.of(EnumSet.of(SSRI, SNRI), false)).isEqualTo(2);
            assertThat(ThaseRushStage.of(EnumSet.of(SSRI, SNRI, OTHER_AD), false)).as("no TCA").isEqualTo(2);
            assertThat(ThaseRushStage.of(EnumSet.of(TCA, SSRI), false)).as("TCA + SSRI only").isEqualTo(2);
            assertThat(ThaseRushStage.of(EnumSet.of(TCA, SSRI, SNRI), false)).isEqualTo(3);
            assertThat(ThaseRushStage.of(EnumSet.of(TCA, SSRI, SNRI), true)).as("ECT needs stage 4").isEqualTo(3);
            assertThat(ThaseRushStage.of(EnumSet.of(TCA, SSRI, MAOI), false)).isEqualTo(4);
            assertThat(ThaseRushStage.of(EnumSet.of(TCA, SSRI, MAOI), true)).isEqualTo(5);
        }

        @Test
        void countsAdequatelyFailedAgentsAndAnAdequateFailedEct() {
            assertThat(assess(failed("sertraline", 0)).thaseRushStage()).isEqualTo(1);
            assertThat(assess(failed("sertraline", 0), failed("citalopram", 60)).thaseRushStage())
                    .as("two SSRIs are one class").isEqualTo(1);
            assertThat(assess(failed("sertraline", 0), failed("imipramine", 60),
                    trial("phenelzine").dose(15, DoseUnit.MG).startDay(120).build()).thaseRushStage())
                    .as("the MAOI failed at a low dose").isEqualTo(2);
            Trial[] stage5 = {failed("sertraline", 0), failed("imipramine", 60), failed("phenelzine", 120),
                    trial("ECT").sessions(8).startDay(180).build()};
            assertThat(assess(stage5).thaseRushStage()).isEqualTo(5);
            assertThat(assess(failed("sertraline", 0), failed("imipramine", 60), failed("phenelzine", 120),
                    trial("ECT").sessions(4).startDay(180).build()).thaseRushStage())
                    .as("four sessions are not an adequate ECT course").isEqualTo(4);
        }
    }

    @Nested
    class MghS {

        @Test
        void sumsFavaPointsWithHalves() {
            PatientAssessment a = assess(
                    failed("sertraline", 0),                                                  // +1
                    trial("sertraline").strategy(Strategy.DOSE_INCREASE).startDay(60).build(), // +0.5
                    trial("venlafaxine").strategy(Strategy.SWITCH).startDay(120).build(),     // +1
                    trial("mirtazapine").strategy(Strategy.COMBINATION).startDay(180).build(), // +0.5
                    trial("bupropion").strategy(Strategy.AUGMENTATION).startDay(240).build(), // +0.5
                    failed("lithium", 300),                                                    // +0.5
                    failed("T3", 300),                                                         // +0.5
                    failed("aripiprazole", 300),                                               // +0.5
                    failed("modafinil", 300),                                                  // +0.5
                    failed("buspirone", 300),                                                  // +0.5
                    trial("ECT").sessions(6).startDay(360).build());                           // +3
            assertThat(a.mghScore()).isEqualTo(9.0);
        }

        @Test
        void countsOnlyWhatTheDefinitionCounts() {
            PatientAssessment a = assess(
                    trial("sertraline").dose(25, DoseUnit.MG).build(),                        // inadequate: 0
                    trial("venlafaxine").strategy(Strategy.SWITCH).responded().startDay(60).build(), // not failed
                    trial("sertraline").strategy(Strategy.DOSE_INCREASE).dose(25, DoseUnit.MG)
                            .days(10).startDay(120).build(),                                  // +0.5, adequacy not needed
                    trial("lithium").responded().startDay(180).build(),                        // not failed
                    failed("CBT", 200),                                                        // not counted
                    failed("ketamine", 220),                                                   // not counted
                    trial("ECT").sessions(5).startDay(240).build());                           // inadequate ECT
            assertThat(a.mghScore()).isEqualTo(0.5);
        }

        @Test
        void onlyTheCurrentEpisode() {
            assertThat(assess(failed("sertraline", 0),
                    trial("venlafaxine").episode(2).startDay(400).build()).mghScore()).isEqualTo(1.0);
        }
    }

    @Nested
    class Maudsley {

        @ParameterizedTest(name = "{0} days → {1}")
        @CsvSource({"0,1", "365,1", "366,2", "730,2", "731,3"})
        void durationBands(long days, int item) {
            assertThat(MaudsleyStaging.durationItem(days)).isEqualTo(item);
        }

        @ParameterizedTest(name = "{0} {1} → {2}")
        @CsvSource({
                "PHQ9,4,1", "PHQ9,5,2", "PHQ9,9,2", "PHQ9,10,3", "PHQ9,19,3", "PHQ9,20,4",
                "HAMD17,7,1", "HAMD17,8,2", "HAMD17,13,2", "HAMD17,14,3", "HAMD17,19,3", "HAMD17,20,4",
                "MADRS,6,1", "MADRS,7,2", "MADRS,19,2", "MADRS,20,3", "MADRS,34,3", "MADRS,35,4",
                "QIDS_SR16,5,1", "QIDS_SR16,6,2", "QIDS_SR16,10,2", "QIDS_SR16,11,3", "QIDS_SR16,15,3",
                "QIDS_SR16,16,4",
                "BDI_II,13,1", "BDI_II,14,2", "BDI_II,19,2", "BDI_II,20,3", "BDI_II,28,3", "BDI_II,29,4"})
        void severityBandsAtTheirEdges(Scale scale, double score, int item) {
            assertThat(MaudsleyStaging.severityItem(scale, score, false)).isEqualTo(item);
            assertThat(MaudsleyStaging.severityItem(scale, score, true)).as("psychotic").isEqualTo(5);
        }

        @ParameterizedTest(name = "{0} agents → {1}")
        @CsvSource({"1,1", "2,1", "3,2", "4,2", "5,3", "6,3", "7,4", "10,4", "11,5", "25,5"})
        void failedAgentsBands(int agents, int item) {
            assertThat(MaudsleyStaging.failedAgentsItem(agents)).isEqualTo(item);
        }

        @ParameterizedTest(name = "total {0} → {1}")
        @CsvSource({"3,MILD", "6,MILD", "7,MODERATE", "10,MODERATE", "11,SEVERE", "15,SEVERE"})
        void totalsToCategories(int total, MsmCategory category) {
            // spread the total over the items: duration 1, severity, agents, augmentation, ect
            int severity = Math.min(5, total - 2);
            int agents = Math.min(5, total - 1 - severity);
            int rest = total - 1 - severity - agents;
            MaudsleyScore score = new MaudsleyScore(1, severity, agents, Math.min(1, rest), Math.max(0, rest - 1));
            assertThat(score.total()).isEqualTo(total);
            assertThat(score.category()).isEqualTo(category);
        }

        @Test
        void scoresTheEpisodeFromItsTrials() {
            // episode from 1 Jan 2024 to 31 Dec 2024 = 365 days; first baseline PHQ-9 20 → severe (4)
            PatientAssessment a = assess(failed("sertraline", 0), failed("venlafaxine", 60),
                    trial("lithium").startDay(120).responded().build(),
                    trial("ECT").sessions(3).startDay(180).build());
            assertThat(a.maudsley()).isEqualTo(new MaudsleyScore(1, 4, 1, 1, 1));
            assertThat(a.maudsley().total()).isEqualTo(8);
            assertThat(a.maudsley().category()).isEqualTo(MsmCategory.MODERATE);
        }

        @Test
        void durationFromTheRecordedEpisodeStartElseTheFirstTrial() {
            PatientAttributes started = new PatientAttributes("P1", null, null, null, null,
                    AS_OF.minusDays(731), false, false, false, false, false, false);
            assertThat(assess(started, failed("sertraline", 0)).maudsley().duration()).isEqualTo(3);
            Trial early = trial("sertraline").start(AS_OF.minusDays(366)).build();
            assertThat(assess(early).maudsley().duration()).isEqualTo(2);
        }

        @Test
        void severityFromTheEarliestBaselineOfTheEpisode() {
            Trial later = trial("venlafaxine").startDay(60).scores(Scale.MADRS, 40.0, 35.0).build();
            Trial noScore = trial("CBT").startDay(-30).scores(null, null, null).build();
            Trial first = trial("sertraline").startDay(0).scores(Scale.HAMD17, 12.0, 10.0).build();
            assertThat(assess(later, noScore, first).maudsley().severity()).isEqualTo(2);
        }

        @Test
        void augmentationIsAnAntidepressantCombinationOrAnAugmentationAgent() {
            assertThat(assess(failed("sertraline", 0)).maudsley().augmentation()).isZero();
            assertThat(assess(failed("sertraline", 0),
                    trial("mirtazapine").strategy(Strategy.COMBINATION).startDay(60).responded().build())
                    .maudsley().augmentation()).isEqualTo(1);
            assertThat(assess(failed("sertraline", 0), trial("Abilify").startDay(60).ongoing().build())
                    .maudsley().augmentation()).isEqualTo(1);
            assertThat(assess(failed("sertraline", 0), trial("ketamine").startDay(60).build())
                    .maudsley().augmentation()).isZero();
        }

        @Test
        void psychoticFeaturesScoreFive() {
            PatientAttributes psychotic = new PatientAttributes("P1", null, null, null, null, null,
                    true, false, false, false, false, false);
            assertThat(assess(psychotic, failed("sertraline", 0)).maudsley().severity()).isEqualTo(5);
        }

        @Test
        void notStagedWithoutAnAdequateFailureOrAKnownSeverity() {
            assertThat(assess(trial("sertraline").responded().build()).maudsley()).isNull();
            assertThat(assess(trial("sertraline").dose(10, DoseUnit.MG).build()).maudsley()).isNull();
            assertThat(assess(failed("sertraline", 0), failed("sertraline", 60)).maudsley()).isNotNull();
            // a failed trial is evaluable, so it has a baseline: the unknown severity needs the failure elsewhere
            assertThat(MaudsleyStaging.score(PatientAttributes.unknown("P1"),
                    new TrialAssessor(RuleThresholds.standard()).assess(
                            List.of(trial("sertraline").scores(null, null, null).build())), 1, AS_OF)).isNull();
        }

        @Test
        void failedAgentsItemCountsAdequatelyFailedAgents() {
            PatientAssessment a = assess(failed("sertraline", 0), failed("venlafaxine", 60),
                    failed("mirtazapine", 120), trial("bupropion").noDose().startDay(180).build());
            assertThat(a.adequatelyFailedAgents()).isEqualTo(3);
            assertThat(a.maudsley().failedAgents()).isEqualTo(2);
        }
    }

    @Test
    void episodeStartInTheFutureStillScoresOne() {
        PatientAttributes odd = new PatientAttributes("P1", null, null, null, null,
                AS_OF.plusDays(10), false, false, false, false, false, false);
        assertThat(assess(odd, failed("sertraline", 0)).maudsley().duration()).isEqualTo(1);
    }
}
