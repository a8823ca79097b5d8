package org.trdoutcomes.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trdoutcomes.rules.InadequacyReason.*;
import static org.trdoutcomes.rules.TrialBuilder.trial;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AdequacyRuleTest {

    private final AdequacyRule standard = new AdequacyRule(RuleThresholds.standard());

    @Test
    void minimumDoseForSixWeeksIsAdequate() {
        assertThat(standard.assess(trial("sertraline").dose(50, DoseUnit.MG).days(42).build()))
                .isEqualTo(AdequacyRule.Adequacy.ADEQUATE);
    }

    @Test
    void venlafaxine75mgForSevenWeeksIsALowDoseOfAdequateDuration() {
        var adequacy = standard.assess(trial("venlafaxine").dose(75, DoseUnit.MG).days(49).build());
        assertThat(adequacy.adequate()).isFalse();
        assertThat(adequacy.reasons()).containsExactly(LOW_DOSE);
    }

    @Test
    void dosesAreConvertedToTheCatalogueUnit() {
        assertThat(standard.assess(trial("sertraline").dose(50_000, DoseUnit.MCG).build()).adequate()).isTrue();
        assertThat(standard.assess(trial("sertraline").dose(49_999, DoseUnit.MCG).build()).reasons())
                .containsExactly(LOW_DOSE);
    }

    @Test
    void aPatchDoseIsComparableOnlyWithAPatchMinimum() {
        assertThat(standard.assess(trial("Emsam").dose(6, DoseUnit.MG_PER_24H).build()).adequate()).isTrue();
        assertThat(standard.assess(trial("selegiline transdermal").dose(6, DoseUnit.MG).build()).reasons())
                .containsExactly(UNKNOWN_DOSE);
        assertThat(standard.assess(trial("sertraline").dose(50, DoseUnit.MG_PER_24H).build()).reasons())
                .containsExactly(UNKNOWN_DOSE);
    }

    @Test
    void aMissingDoseIsUnknown() {
        assertThat(standard.assess(trial("sertraline").noDose().build()).reasons()).containsExactly(UNKNOWN_DOSE);
    }

    @ParameterizedTest(name = "{0} days: short = {1}")
    @CsvSource({"0,true", "41,true", "42,false", "100,false"})
    void sixWeeksIsFortyTwoDays(int days, boolean shortTrial) {
        var reasons = standard.assess(trial("sertraline").days(days).build()).reasons();
        assertThat(reasons.contains(SHORT_TRIAL)).isEqualTo(shortTrial);
    }

    @Test
    void anOngoingTrialIsOngoingNotShort() {
        assertThat(standard.assess(trial("sertraline").ongoing().build()).reasons()).containsExactly(ONGOING);
    }

    @ParameterizedTest(name = "adherence {0}: low = {1}")
    @CsvSource({"79.9,true", "0,true", "80,false", "100,false", ",false"})
    void adherenceBelowEightyPercentIsLow(Double adherence, boolean low) {
        var reasons = standard.assess(trial("sertraline").adherence(adherence).build()).reasons();
        assertThat(reasons.contains(LOW_ADHERENCE)).isEqualTo(low);
    }

    @Test
    void stoppingForSideEffectsOrNonadherenceMakesATrialInadequate() {
        assertThat(standard.assess(trial("sertraline").stop(StopReason.SIDE_EFFECTS).build()).reasons())
                .containsExactly(STOPPED_FOR_SIDE_EFFECTS);
        assertThat(standard.assess(trial("sertraline").stop(StopReason.NONADHERENCE).build()).reasons())
                .containsExactly(STOPPED_FOR_NONADHERENCE);
        for (StopReason fine : new StopReason[] {StopReason.COMPLETED, StopReason.INEFFECTIVE,
                StopReason.PATIENT_CHOICE, StopReason.OTHER, null}) {
            assertThat(standard.assess(trial("sertraline").stop(fine).build()).adequate()).as("%s", fine).isTrue();
        }
    }

    @Test
    void everyReasonThatAppliesIsGiven() {
        var adequacy = standard.assess(trial("sertraline").dose(25, DoseUnit.MG).days(20).adherence(50.0)
                .stop(StopReason.SIDE_EFFECTS).build());
        assertThat(adequacy.reasons()).containsExactlyInAnyOrder(LOW_DOSE, SHORT_TRIAL, LOW_ADHERENCE,
                STOPPED_FOR_SIDE_EFFECTS);
    }

    @Test
    void strictNeedsEightWeeks() {
        var strict = new AdequacyRule(new RuleThresholds(8, 0.5, 0.5, 80, 2, 6, true));
        Trial sevenWeeks = trial("sertraline").days(49).build();
        assertThat(strict.assess(sevenWeeks).reasons()).containsExactly(SHORT_TRIAL);
        assertThat(standard.assess(sevenWeeks).adequate()).isTrue();
        assertThat(strict.assess(trial("sertraline").days(56).build()).adequate()).isTrue();
    }

    @Test
    void anyFailureCountsEveryAntidepressantTrialAsAdequate() {
        var anyFailure = new AdequacyRule(new RuleThresholds(6, 0.5, 0.5, 80, 2, 6, false));
        var adequacy = anyFailure.assess(trial("sertraline").noDose().days(10).adherence(10.0).build());
        assertThat(adequacy.adequate()).isTrue();
        assertThat(adequacy.reasons()).isEmpty();
    }

    @ParameterizedTest(name = "{0} sessions: adequate = {1}")
    @CsvSource({"5,false", "6,true", "12,true", ",false"})
    void ectIsAdequateFromSixSessions(Integer sessions, boolean adequate) {
        var adequacy = standard.assess(trial("ECT").sessions(sessions).build());
        assertThat(adequacy.adequate()).isEqualTo(adequate);
        assertThat(adequacy.reasons()).isEmpty();
    }

    @Test
    void otherTreatmentsHaveNoAdequacy() {
        assertThat(standard.assess(trial("lithium").sessions(20).build()).adequate()).isFalse();
        assertThat(standard.assess(trial("CBT").sessions(20).build()).adequate()).isFalse();
    }
}
