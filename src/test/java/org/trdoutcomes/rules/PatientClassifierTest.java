package org.trdoutcomes.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trdoutcomes.rules.TrialBuilder.JAN_1;
import static org.trdoutcomes.rules.TrialBuilder.failed;
import static org.trdoutcomes.rules.TrialBuilder.trial;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PatientClassifierTest {

    static final LocalDate AS_OF = LocalDate.of(2024, 12, 31);

    private final PatientClassifier classifier = new PatientClassifier(RuleThresholds.standard());

    static PatientAttributes patient() {
        return PatientAttributes.unknown("P1");
    }

    static PatientAttributes withDiagnosis(String diagnosis) {
        return new PatientAttributes("P1", null, null, null, diagnosis, null, false, false, false, false, false, false);
    }

    private PatientAssessment assess(PatientAttributes patient, Trial... trials) {
        return classifier.assess(patient, List.of(trials), AS_OF);
    }

    private PatientAssessment assess(Trial... trials) {
        return assess(patient(), trials);
    }

    @Test
    void noTrialsIsInsufficientData() {
        PatientAssessment a = assess();
        assertThat(a.currentEpisode()).isZero();
        assertThat(a.classification()).isEqualTo(Classification.INSUFFICIENT_DATA);
        assertThat(a.antidepressantTrials()).isZero();
        assertThat(a.thaseRushStage()).isZero();
        assertThat(a.mghScore()).isZero();
        assertThat(a.maudsley()).isNull();
        assertThat(a.flags()).isEmpty();
        assertThat(a.trials()).isEmpty();
    }

    @Test
    void twoAgentsAdequatelyFailedIsTrd() {
        PatientAssessment a = assess(failed("sertraline", 0), failed("venlafaxine", 60));
        assertThat(a.classification()).isEqualTo(Classification.TRD);
        assertThat(a.adequatelyFailedAgents()).isEqualTo(2);
        assertThat(a.failedAgents()).isEqualTo(2);
        assertThat(a.antidepressantTrials()).isEqualTo(2);
    }

    @Test
    void theSameAgentTwiceIsOneAgent() {
        PatientAssessment a = assess(failed("sertraline", 0),
                trial("Zoloft").strategy(Strategy.DOSE_INCREASE).startDay(60).dose(200, DoseUnit.MG).build());
        assertThat(a.adequatelyFailedAgents()).isEqualTo(1);
        assertThat(a.antidepressantTrials()).isEqualTo(2);
        assertThat(a.classification()).isEqualTo(Classification.NOT_TRD);
    }

    @Test
    void bipolarComesFirst() {
        PatientAttributes bipolar = new PatientAttributes("P1", null, null, null, "F33.2", null,
                false, true, false, false, false, false);
        assertThat(assess(bipolar, failed("sertraline", 0), failed("venlafaxine", 60)).classification())
                .isEqualTo(Classification.EXCLUDED_BIPOLAR);
        assertThat(assess(withDiagnosis("F31.4"), failed("sertraline", 0), failed("venlafaxine", 60))
                .classification()).isEqualTo(Classification.EXCLUDED_BIPOLAR);
        assertThat(assess(withDiagnosis(" f31 ")).classification()).isEqualTo(Classification.EXCLUDED_BIPOLAR);
        assertThat(assess(withDiagnosis("F32.1"), failed("sertraline", 0), failed("venlafaxine", 60))
                .classification()).isEqualTo(Classification.TRD);
    }

    @Test
    void failuresWithTooFewAdequateArePseudoResistant() {
        PatientAssessment a = assess(failed("sertraline", 0),
                trial("venlafaxine").dose(75, DoseUnit.MG).startDay(60).build());
        assertThat(a.classification()).isEqualTo(Classification.PSEUDO_RESISTANT);
        assertThat(a.failedAgents()).isEqualTo(2);
        assertThat(a.adequatelyFailedAgents()).isEqualTo(1);
        assertThat(a.flags()).containsExactly("LOW_DOSE");
    }

    @Test
    void oneEvaluableAntidepressantTrialIsNotTrd() {
        assertThat(assess(trial("sertraline").responded().build()).classification())
                .isEqualTo(Classification.NOT_TRD);
        assertThat(assess(failed("sertraline", 0)).classification()).isEqualTo(Classification.NOT_TRD);
    }

    @Test
    void withoutAnEvaluableAntidepressantTrialDataAreInsufficient() {
        assertThat(assess(trial("sertraline").ongoing().build(), failed("lithium", 0), failed("ECT", 60))
                .classification()).isEqualTo(Classification.INSUFFICIENT_DATA);
    }

    @Test
    void onlyTheCurrentEpisodeIsClassified() {
        PatientAssessment a = assess(failed("sertraline", 0), failed("venlafaxine", 60),
                trial("mirtazapine").episode(2).startDay(400).responded().build());
        assertThat(a.currentEpisode()).isEqualTo(2);
        assertThat(a.classification()).isEqualTo(Classification.NOT_TRD);
        assertThat(a.antidepressantTrials()).isEqualTo(1);
        assertThat(a.trials()).as("rates use every episode").hasSize(3);
        assertThat(a.trials()).extracting(t -> t.trial().episode()).containsExactly(1, 1, 2);
    }

    @Test
    void inadequacyFlagsComeOnlyFromFailedTrialsOfTheCurrentEpisode() {
        PatientAssessment a = assess(
                trial("citalopram").episode(1).days(10).build(),                  // other episode
                trial("sertraline").episode(2).days(20).startDay(400).build(),    // failed, SHORT_TRIAL
                trial("venlafaxine").episode(2).adherence(50.0).startDay(430).build(), // failed, LOW_ADHERENCE
                trial("duloxetine").episode(2).noDose().responded().startDay(500).build()); // not failed
        assertThat(a.flags()).containsExactly("LOW_ADHERENCE", "SHORT_TRIAL");
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
            "E03.9,HYPOTHYROIDISM", "e03,HYPOTHYROIDISM",
            "F10.2,SUBSTANCE_USE", "F19,SUBSTANCE_USE", "F15.1,SUBSTANCE_USE",
            "F43.10,TRAUMA", "F43.1,TRAUMA", "F431,TRAUMA",
            "F90.0,ADHD", "f90,ADHD"})
    void diagnosisCodesRaiseReviewFlags(String diagnosis, String flag) {
        assertThat(assess(withDiagnosis(diagnosis)).flags()).containsExactly(flag);
    }

    @ParameterizedTest
    @CsvSource({"F33.2", "F32", "F43.2", "F20.0", "E05", "F1", "F09", "F9"})
    void otherCodesRaiseNone(String diagnosis) {
        assertThat(assess(withDiagnosis(diagnosis)).flags()).isEmpty();
    }

    @Test
    void flagsAreSortedAndJoinedBySemicolons() {
        PatientAttributes everything = new PatientAttributes("P1", null, null, null, null, null,
                true, false, true, true, true, true);
        PatientAssessment a = assess(everything, failed("sertraline", 0),
                trial("venlafaxine").noDose().stop(StopReason.SIDE_EFFECTS).startDay(60).build());
        assertThat(a.flags()).containsExactly("ADHD", "HYPOTHYROIDISM", "PSYCHOTIC_FEATURES",
                "STOPPED_FOR_SIDE_EFFECTS", "SUBSTANCE_USE", "TRAUMA", "UNKNOWN_DOSE");
        assertThat(a.flagText()).isEqualTo(
                "ADHD;HYPOTHYROIDISM;PSYCHOTIC_FEATURES;STOPPED_FOR_SIDE_EFFECTS;SUBSTANCE_USE;TRAUMA;UNKNOWN_DOSE");
    }

    @Test
    void trialOrderOfTheInputDoesNotMatter() {
        Trial a = failed("sertraline", 0);
        Trial b = failed("venlafaxine", 60);
        Trial c = trial("mirtazapine").startDay(120).responded().build();
        assertThat(assess(c, a, b)).isEqualTo(assess(a, b, c));
    }

    @Test
    void classifyFirstMatchWinsWithConfiguredMinimum() {
        RuleThresholds three = new RuleThresholds(6, 0.5, 0.5, 80, 3, 6, true);
        assertThat(PatientClassifier.classify(false, 2, 3, true, three)).isEqualTo(Classification.PSEUDO_RESISTANT);
        assertThat(PatientClassifier.classify(false, 3, 3, true, three)).isEqualTo(Classification.TRD);
        assertThat(PatientClassifier.classify(false, 2, 2, true, three)).isEqualTo(Classification.NOT_TRD);
        assertThat(PatientClassifier.classify(false, 0, 0, false, three))
                .isEqualTo(Classification.INSUFFICIENT_DATA);
        assertThat(PatientClassifier.classify(true, 3, 3, true, three)).isEqualTo(Classification.EXCLUDED_BIPOLAR);
    }

    /**
     * The classification-only path (used for the compared definitions) says what the full assessment says, under
     * every built-in definition, for a seeded mix of patients: several episodes, agents failed adequately or not, ECT,
     * augmentation and psychotherapy, missing scores and doses, ongoing trials, bipolar and other diagnoses.
     */
    @Test
    void classifyAloneAgreesWithTheFullAssessmentUnderEveryDefinition() {
        String[] treatments = {"sertraline", "citalopram", "venlafaxine", "mirtazapine", "bupropion", "ECT", "lithium",
                "CBT", "Emsam"};
        String[] diagnoses = {null, "F32.1", "f31.2", " F33 ", "E03.9", "F431"};
        Random random = new Random(20261201);
        List<PatientClassifier> classifiers = new ArrayList<>();
        for (DefinitionProfile profile : DefinitionProfiles.builtIn(RuleThresholds.standard())) {
            classifiers.add(new PatientClassifier(profile));
        }
        int[] byClassification = new int[Classification.values().length];
        for (int p = 0; p < 3000; p++) {
            PatientAttributes patient = new PatientAttributes("P" + p, null, null, null,
                    diagnoses[random.nextInt(diagnoses.length)], null, false, random.nextInt(20) == 0, false, false,
                    false, false);
            List<Trial> trials = new ArrayList<>();
            int n = random.nextInt(7);
            for (int t = 0; t < n; t++) {
                TrialBuilder b = trial(treatments[random.nextInt(treatments.length)]).patient(patient.patientId())
                        .episode(1 + random.nextInt(2)).startDay(random.nextInt(400)).days(20 + random.nextInt(60))
                        .scores(20, random.nextInt(21)).sessions(random.nextInt(12));
                switch (random.nextInt(8)) {
                    case 0 -> b.ongoing();
                    case 1 -> b.scores(null, null, null);
                    case 2 -> b.noDose();
                    case 3 -> b.adherence(50.0 + random.nextInt(50));
                    case 4 -> b.stop(StopReason.SIDE_EFFECTS);
                    case 5 -> b.dose(1, DoseUnit.MG);
                    default -> { }
                }
                trials.add(b.build());
            }
            for (PatientClassifier classifier : classifiers) {
                Classification full = classifier.assess(patient, trials, AS_OF).classification();
                assertThat(classifier.classify(patient, trials)).as("%s %s", patient, trials).isEqualTo(full);
                byClassification[full.ordinal()]++;
            }
        }
        // the mix reaches every classification, so the comparison covers every branch of it
        assertThat(byClassification).doesNotContain(0);
    }
}
