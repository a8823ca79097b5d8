package org.trdoutcomes.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.trdoutcomes.classify.ProfileSet;
import org.trdoutcomes.rules.DefinitionProfile;

/** docs/clinical-rules.md §7 through configuration: a profile in force other than standard, and a clinic's own profile. */
@SpringBootTest(properties = {
        "trd.launch.enabled=false",
        "spring.datasource.url=jdbc:h2:mem:profiles",
        "trd.rules.profile=eu-pearl",
        "trd.rules.min-weeks=5",
        "trd.rules.profiles.three-failures.description=Three adequately failed agents",
        "trd.rules.profiles.three-failures.source=clinic protocol",
        "trd.rules.profiles.three-failures.min-failed-trials=3"})
class ProfileConfigurationTests {

    @Autowired
    ProfileSet profiles;

    @Test
    void theProfileInForceAndAClinicProfileComeFromConfiguration() {
        assertThat(profiles.inForce().name()).isEqualTo("eu-pearl");
        assertThat(profiles.compared()).extracting(DefinitionProfile::name)
                .containsExactly("standard", "eu-pearl", "strict", "any-failure", "switch-proxy", "three-failures");
        assertThat(profiles.others()).extracting(DefinitionProfile::name)
                .containsExactly("standard", "strict", "any-failure", "switch-proxy", "three-failures");

        DefinitionProfile standard = profiles.compared().get(0);
        DefinitionProfile clinic = profiles.compared().get(5);
        // trd.rules.* thresholds define standard; a clinic profile takes what it does not set from standard
        assertThat(standard.thresholds().minWeeks()).isEqualTo(5);
        assertThat(clinic.thresholds().minWeeks()).isEqualTo(5);
        assertThat(clinic.thresholds().minFailedTrials()).isEqualTo(3);
        assertThat(clinic.thresholds().nonResponseThreshold()).isEqualTo(0.50);
        assertThat(clinic.description()).isEqualTo("Three adequately failed agents");
        assertThat(clinic.criterion()).isEqualTo(DefinitionProfile.Criterion.FAILED_AGENTS);
        // switch-proxy takes the configured standard thresholds for assessing trials (min-weeks 5 here)
        assertThat(profiles.compared().get(4).thresholds()).isEqualTo(standard.thresholds());
        // eu-pearl keeps its own 4 weeks and 25% whatever standard says (Sforzini et al. 2022)
        assertThat(profiles.inForce().thresholds().minWeeks()).isEqualTo(4);
        assertThat(profiles.inForce().thresholds().nonResponseThreshold()).isEqualTo(0.25);
    }
}
