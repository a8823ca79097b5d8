package org.trdoutcomes.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.OptionalDouble;

import org.junit.jupiter.api.Test;

class SmallCellSuppressionTest {

    private final SmallCellSuppression five = SmallCellSuppression.DEFAULT;

    @Test
    void countsOneToFourAreSuppressedZeroAndFiveAreShown() {
        assertThat(five.minCellCount()).isEqualTo(5);
        assertThat(five.isSuppressed(0)).isFalse();
        for (long c = 1; c <= 4; c++) {
            assertThat(five.isSuppressed(c)).as("count %d", c).isTrue();
        }
        assertThat(five.isSuppressed(5)).isFalse();
        assertThat(five.isSuppressed(1_000_000)).isFalse();
        assertThat(five.label()).isEqualTo("<5");
    }

    @Test
    void labelNamesTheThresholdInForce() {
        SmallCellSuppression cms = new SmallCellSuppression(11);
        assertThat(cms.label()).isEqualTo("<11");
        assertThat(cms.isSuppressed(10)).isTrue();
        assertThat(cms.isSuppressed(11)).isFalse();
    }

    @Test
    void oneSwitchesSuppressionOff() {
        SmallCellSuppression off = SmallCellSuppression.OFF;
        assertThat(off.isOff()).isTrue();
        for (long c = 0; c <= 10; c++) {
            assertThat(off.isSuppressed(c)).isFalse();
        }
        assertThat(off.rate(1, 2)).hasValue(0.5);
        assertThat(off.interval(1, 2)).isPresent();
    }

    @Test
    void rejectsThresholdBelowOne() {
        assertThatThrownBy(() -> new SmallCellSuppression(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rateIsHiddenWhenNumeratorDenominatorOrDifferenceIsSmall() {
        assertThat(five.rate(3, 40)).isEmpty();   // numerator
        assertThat(five.rate(0, 3)).isEmpty();    // denominator
        assertThat(five.rate(38, 40)).isEmpty();  // difference 2: non-responders could be worked back
        assertThat(five.interval(38, 40)).isEmpty();
        assertThat(five.rate(10, 40)).hasValue(0.25);
        assertThat(five.interval(10, 40)).isPresent();
    }

    @Test
    void zeroIsShownAndDoesNotHideARate() {
        assertThat(five.rate(0, 20)).hasValue(0.0);
        assertThat(five.rate(20, 20)).hasValue(1.0);
        assertThat(five.interval(0, 20)).isPresent();
    }

    @Test
    void noRateWithoutDenominator() {
        assertThat(five.rate(0, 0)).isEmpty();
        assertThat(five.interval(0, 0)).isEmpty();
    }

    /**
     * The purpose of the rule, checked over every small table: a shown rate together with its Wilson interval
     * determines both its numerator and its denominator (the interval's width fixes n, the rate then fixes k),
     * and so their difference. Whenever a rate is shown, none of those three may be a hidden count.
     */
    @Test
    void noHiddenCountCanBeWorkedBackFromAShownRate() {
        for (int min : List.of(2, 5, 11)) {
            SmallCellSuppression s = new SmallCellSuppression(min);
            for (long n = 0; n <= 40; n++) {
                for (long k = 0; k <= n; k++) {
                    OptionalDouble rate = s.rate(k, n);
                    assertThat(rate.isPresent()).isEqualTo(s.interval(k, n).isPresent());
                    if (rate.isPresent()) {
                        assertThat(s.isSuppressed(k) || s.isSuppressed(n) || s.isSuppressed(n - k))
                                .as("%d/%d shown at min %d", k, n, min).isFalse();
                    }
                }
            }
        }
    }

    /**
     * The same on a whole report row (Strategy response): trials, evaluable, responders, remitters and the two rates
     * that share the evaluable denominator. Everything derivable from what is shown (shown counts, and from each
     * shown rate its numerator, denominator and difference) is closed under deduction and contains no hidden count.
     */
    @Test
    void noHiddenValueOnARowCanBeWorkedBackFromTheShownRates() {
        for (long evaluable = 0; evaluable <= 14; evaluable++) {
            for (long responders = 0; responders <= evaluable; responders++) {
                for (long remitters = 0; remitters <= responders; remitters++) {
                    long[][] rates = {{responders, evaluable}, {remitters, evaluable}};
                    for (long[] r : rates) {
                        if (five.rate(r[0], r[1]).isPresent()) {
                            for (long derived : new long[] {r[0], r[1], r[1] - r[0]}) {
                                assertThat(five.isSuppressed(derived))
                                        .as("row %d/%d/%d: %d derivable", evaluable, responders, remitters, derived)
                                        .isFalse();
                            }
                        }
                    }
                    if (five.isSuppressed(evaluable)) {
                        assertThat(five.rate(responders, evaluable)).isEmpty();
                        assertThat(five.rate(remitters, evaluable)).isEmpty();
                    }
                }
            }
        }
    }
}
