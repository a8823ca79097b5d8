package org.trdoutcomes.rules;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Small-cell suppression of docs/workbook-contract.md: a count between 1 and {@code minCellCount − 1} is not shown (the report
 * writes {@link #label()} instead), and a rate together with its interval is hidden when its numerator, its
 * denominator or their difference is such a count, because otherwise the hidden count could be worked back from
 * the rate (numerator = rate × denominator, and a Wilson interval alone pins down both). Zero is shown: an empty
 * cell identifies nobody.
 *
 * @param minCellCount the smallest count that is shown; 5 by default (as OHDSI tools use), 11 for CMS-style
 *                     release, 1 switches suppression off
 */
public record SmallCellSuppression(int minCellCount) {

    public static final int DEFAULT_MIN_CELL_COUNT = 5;
    public static final SmallCellSuppression DEFAULT = new SmallCellSuppression(DEFAULT_MIN_CELL_COUNT);
    public static final SmallCellSuppression OFF = new SmallCellSuppression(1);

    public SmallCellSuppression {
        if (minCellCount < 1) {
            throw new IllegalArgumentException("min-cell-count must be at least 1 (1 = off), got " + minCellCount);
        }
    }

    public boolean isOff() {
        return minCellCount == 1;
    }

    /** True when {@code count} must not be shown: 1 ≤ count < minCellCount. */
    public boolean isSuppressed(long count) {
        return count >= 1 && count < minCellCount;
    }

    /** The text written in place of a suppressed count, e.g. {@code <5}. */
    public String label() {
        return "<" + minCellCount;
    }

    /** True when the rate {@code numerator / denominator} (and its interval) must be left empty. */
    public boolean hidesRate(long numerator, long denominator) {
        return isSuppressed(numerator) || isSuppressed(denominator) || isSuppressed(denominator - numerator);
    }

    /** The rate as a fraction; empty when the denominator is 0 or the rate is hidden. */
    public OptionalDouble rate(long numerator, long denominator) {
        if (denominator == 0 || hidesRate(numerator, denominator)) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of((double) numerator / denominator);
    }

    /** The Wilson interval of the rate; empty exactly when {@link #rate} is. */
    public Optional<WilsonInterval> interval(long numerator, long denominator) {
        if (hidesRate(numerator, denominator)) {
            return Optional.empty();
        }
        return WilsonInterval.of(numerator, denominator);
    }
}
