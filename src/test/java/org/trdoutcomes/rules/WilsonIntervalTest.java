package org.trdoutcomes.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WilsonIntervalTest {

    private static final double TOLERANCE = 0.00005;

    @Test
    void noIntervalWithoutDenominator() {
        assertThat(WilsonInterval.of(0, 0)).isEmpty();
    }

    @Test
    void noneOfTenReachesExactlyZero() {
        WilsonInterval ci = WilsonInterval.of(0, 10).orElseThrow();
        assertThat(ci.low()).isEqualTo(0.0);
        assertThat(ci.high()).isCloseTo(0.2775, within(TOLERANCE));
    }

    @Test
    void halfOfTenIsSymmetric() {
        WilsonInterval ci = WilsonInterval.of(5, 10).orElseThrow();
        assertThat(ci.low()).isCloseTo(0.2366, within(TOLERANCE));
        assertThat(ci.high()).isCloseTo(0.7634, within(TOLERANCE));
    }

    @Test
    void allOfTenReachesExactlyOne() {
        WilsonInterval ci = WilsonInterval.of(10, 10).orElseThrow();
        assertThat(ci.low()).isCloseTo(0.7225, within(TOLERANCE));
        assertThat(ci.high()).isEqualTo(1.0);
    }

    @Test
    void matchesTheClosedFormForALargerSample() {
        // 81/263 (Newcombe 1998, example of the score method): 0.2553 – 0.3662
        WilsonInterval ci = WilsonInterval.of(81, 263).orElseThrow();
        assertThat(ci.low()).isCloseTo(0.2553, within(TOLERANCE));
        assertThat(ci.high()).isCloseTo(0.3662, within(TOLERANCE));
    }

    @Test
    void alwaysContainsThePointEstimate() {
        for (int n = 1; n <= 60; n++) {
            for (int k = 0; k <= n; k++) {
                WilsonInterval ci = WilsonInterval.of(k, n).orElseThrow();
                double p = (double) k / n;
                assertThat(ci.low()).isLessThanOrEqualTo(p).isGreaterThanOrEqualTo(0.0);
                assertThat(ci.high()).isGreaterThanOrEqualTo(p).isLessThanOrEqualTo(1.0);
            }
        }
    }

    @Test
    void rejectsImpossibleCounts() {
        assertThatThrownBy(() -> WilsonInterval.of(11, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WilsonInterval.of(-1, 10)).isInstanceOf(IllegalArgumentException.class);
    }
}
