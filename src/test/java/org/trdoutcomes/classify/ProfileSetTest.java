package org.trdoutcomes.classify;

import static org.assertj.core.api.Assertions.assertThat;

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

/** switch-proxy gives the same answer as a compared column and as the profile in force. */
class ProfileSetTest {

    private static final TreatmentCatalogue CATALOGUE = TreatmentCatalogue.defaults();
    private static final LocalDate AS_OF = LocalDate.of(2025, 12, 31);
    private static final List<DefinitionProfile> PROFILES = DefinitionProfiles.builtIn(RuleThresholds.standard());

    private static Trial trial(String agent, Strategy strategy, LocalDate start, int days, Double outcome, long seq) {
        return new Trial("P1", 1, start, start.plusDays(days), CATALOGUE.find(agent).orElseThrow(), strategy,
                CATALOGUE.find(agent).orElseThrow().minimumDose(), null, null, outcome == null ? null : Scale.PHQ9,
                outcome == null ? null : 20.0, outcome, null, seq);
    }

    /** Three agents taken over without a gap, only the first scored (20 → 16, failed): TRD only by switches. */
    private static PatientTrials switcher() {
        LocalDate d = LocalDate.of(2025, 1, 1);
        List<Trial> trials = new ArrayList<>(List.of(trial("citalopram", Strategy.INITIAL, d, 60, 16.0, 1),
                trial("sertraline", Strategy.SWITCH, d.plusDays(60), 60, null, 2),
                trial("mirtazapine", Strategy.SWITCH, d.plusDays(120), 60, null, 3)));
        return new PatientTrials(PatientAttributes.unknown("P1"), false, trials);
    }

    @Test
    void switchProxyIsTheSameComparedOrInForce() {
        ProfileSet standardInForce = new ProfileSet(PROFILES.get(0), PROFILES);
        ProfileSet switchProxyInForce = new ProfileSet(PROFILES.get(4), PROFILES);
        ClassifiedPatient compared = standardInForce.classify(switcher(), AS_OF);
        ClassifiedPatient inForce = switchProxyInForce.classify(switcher(), AS_OF);
        assertThat(compared.assessment().classification()).isEqualTo(Classification.NOT_TRD);
        assertThat(compared.classificationsByProfile()).containsExactly(Classification.NOT_TRD,
                Classification.NOT_TRD, Classification.NOT_TRD, Classification.NOT_TRD, Classification.TRD);
        assertThat(inForce.assessment().classification()).isEqualTo(Classification.TRD);
        assertThat(inForce.classificationsByProfile()).isEqualTo(compared.classificationsByProfile());
        assertThat(switchProxyInForce.others()).extracting(DefinitionProfile::name)
                .containsExactly("standard", "eu-pearl", "strict", "any-failure");
        // the trials are assessed alike under both: switch-proxy keeps standard's thresholds
        assertThat(inForce.assessment().trials()).isEqualTo(compared.assessment().trials());
        assertThat(inForce.assessment().failedAgents()).isEqualTo(1);
    }
}
