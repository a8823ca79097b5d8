package org.trdoutcomes.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trdoutcomes.rules.TrialBuilder.failed;
import static org.trdoutcomes.rules.TrialBuilder.trial;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** The definitions of docs/clinical-rules.md §7, each with a patient on whom it differs from {@code standard}. */
class DefinitionProfilesTest {

    static final LocalDate AS_OF = LocalDate.of(2024, 12, 31);

    private final List<DefinitionProfile> profiles = DefinitionProfiles.builtIn(RuleThresholds.standard());

    @Test
    void fiveProfilesInOrderDerivedFromStandard() {
        assertThat(profiles).extracting(DefinitionProfile::name)
                .containsExactly("standard", "eu-pearl", "strict", "any-failure", "switch-proxy");
        // switch-proxy assesses trials under standard's thresholds; only what makes TRD differs
        assertThat(profiles.get(4).thresholds()).isEqualTo(RuleThresholds.standard());
        assertThat(profiles.get(4).criterion()).isEqualTo(DefinitionProfile.Criterion.QUALIFYING_SWITCHES);
        assertThat(profiles.subList(0, 4)).extracting(DefinitionProfile::criterion)
                .containsOnly(DefinitionProfile.Criterion.FAILED_AGENTS);
        assertThat(profiles.get(4).source()).contains("Fabbri");
        assertThat(profiles.get(0).thresholds()).isEqualTo(RuleThresholds.standard());
        assertThat(profiles.get(1).thresholds()).isEqualTo(new RuleThresholds(4, 0.25, 0.5, 80, 2, 6, true));
        assertThat(profiles.get(2).thresholds()).isEqualTo(new RuleThresholds(8, 0.5, 0.5, 80, 2, 6, true));
        assertThat(profiles.get(3).thresholds()).isEqualTo(new RuleThresholds(6, 0.5, 0.5, 80, 2, 6, false));
        assertThat(profiles).allSatisfy(p -> {
            assertThat(p.description()).isNotBlank();
            assertThat(p.source()).isNotBlank();
        });
        assertThat(profiles.get(1).source()).contains("Sforzini");
        assertThat(profiles.get(3).source()).contains("OHDSI");
    }

    @Test
    void configuredThresholdsCarryOver() {
        RuleThresholds clinic = new RuleThresholds(6, 0.5, 0.5, 75, 3, 8, true);
        List<DefinitionProfile> derived = DefinitionProfiles.builtIn(clinic);
        assertThat(derived).allSatisfy(p -> {
            assertThat(p.thresholds().minAdherencePct()).isEqualTo(75);
            assertThat(p.thresholds().minFailedTrials()).isEqualTo(3);
            assertThat(p.thresholds().minEctSessions()).isEqualTo(8);
        });
    }

    @Test
    void findByName() {
        assertThat(DefinitionProfiles.find(RuleThresholds.standard(), " EU-PEARL ")).map(DefinitionProfile::name)
                .contains("eu-pearl");
        assertThat(DefinitionProfiles.find(RuleThresholds.standard(), "lenient")).isEmpty();
        assertThat(DefinitionProfiles.find(RuleThresholds.standard(), null)).isEmpty();
    }

    @Test
    void thirtyPercentImprovementFailsUnderStandardButNotEuPearl() {
        Map<String, Classification> c = classifyUnderEach(
                trial("sertraline").scores(20, 14).build(),
                trial("venlafaxine").scores(20, 14).startDay(60).build());
        assertThat(c).containsEntry("standard", Classification.TRD)
                .containsEntry("eu-pearl", Classification.NOT_TRD)
                .containsEntry("strict", Classification.TRD)
                .containsEntry("any-failure", Classification.TRD);
    }

    @Test
    void twoShortTrialsAreTrdOnlyUnderAnyFailure() {
        Map<String, Classification> c = classifyUnderEach(
                trial("sertraline").days(21).scores(20, 18).build(),
                trial("venlafaxine").days(21).scores(20, 18).startDay(21).build());
        assertThat(c).containsEntry("standard", Classification.PSEUDO_RESISTANT)
                .containsEntry("eu-pearl", Classification.PSEUDO_RESISTANT)
                .containsEntry("strict", Classification.PSEUDO_RESISTANT)
                .containsEntry("any-failure", Classification.TRD);
    }

    @Test
    void strictRejectsASevenWeekTrial() {
        Map<String, Classification> c = classifyUnderEach(
                failed("sertraline", 0),
                trial("venlafaxine").days(49).startDay(60).build());
        assertThat(c).containsEntry("standard", Classification.TRD)
                .containsEntry("strict", Classification.PSEUDO_RESISTANT);
    }

    @Test
    void fiveWeeksIsAdequateOnlyUnderEuPearl() {
        Map<String, Classification> c = classifyUnderEach(
                trial("sertraline").days(35).scores(20, 18).build(),
                trial("venlafaxine").days(35).scores(20, 18).startDay(40).build());
        assertThat(c).containsEntry("standard", Classification.PSEUDO_RESISTANT)
                .containsEntry("eu-pearl", Classification.TRD);
    }

    private Map<String, Classification> classifyUnderEach(Trial... trials) {
        return profiles.stream().collect(Collectors.toMap(DefinitionProfile::name,
                p -> new PatientClassifier(p.thresholds())
                        .assess(PatientAttributes.unknown("P1"), List.of(trials), AS_OF).classification()));
    }
}
