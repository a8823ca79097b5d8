package org.trdoutcomes.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CohenKappaTest {

    @Test
    void textbookExample() {
        // a=20 b=5 c=10 d=15: p_o = 35/50 = 0.7; p_e = (25·30 + 25·20)/2500 = 0.5; kappa = 0.2/0.5 = 0.4
        CohenKappa k = CohenKappa.of(20, 5, 10, 15);
        assertThat(k.observedAgreement().getAsDouble()).isCloseTo(0.7, within(1e-12));
        assertThat(k.kappa().getAsDouble()).isCloseTo(0.4, within(1e-12));
    }

    @Test
    void perfectAgreementOnBothSidesIsOne() {
        CohenKappa k = CohenKappa.of(7, 0, 0, 13);
        assertThat(k.observedAgreement().getAsDouble()).isEqualTo(1.0);
        assertThat(k.kappa().getAsDouble()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void agreementNoBetterThanChanceIsZero() {
        // both raters say yes to half, independently: p_o = p_e = 0.5
        CohenKappa k = CohenKappa.of(25, 25, 25, 25);
        assertThat(k.observedAgreement().getAsDouble()).isEqualTo(0.5);
        assertThat(k.kappa().getAsDouble()).isCloseTo(0.0, within(1e-12));
    }

    @Test
    void systematicDisagreementIsNegative() {
        CohenKappa k = CohenKappa.of(0, 10, 10, 0);
        assertThat(k.observedAgreement().getAsDouble()).isEqualTo(0.0);
        assertThat(k.kappa().getAsDouble()).isCloseTo(-1.0, within(1e-12));
    }

    @Test
    void kappaIsEmptyWhenExpectedAgreementIsOne() {
        // everybody on the "not TRD" side under both definitions: p_e = 1, kappa = 0/0
        CohenKappa k = CohenKappa.of(0, 0, 0, 40);
        assertThat(k.observedAgreement().getAsDouble()).isEqualTo(1.0);
        assertThat(k.kappa()).isEmpty();
        assertThat(CohenKappa.of(12, 0, 0, 0).kappa()).isEmpty();
    }

    @Test
    void nothingWithoutPatients() {
        CohenKappa k = CohenKappa.of(0, 0, 0, 0);
        assertThat(k.observedAgreement()).isEmpty();
        assertThat(k.kappa()).isEmpty();
    }
}
