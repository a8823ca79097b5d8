package org.trdoutcomes.rules;

import java.util.Optional;

/**
 * 95% Wilson score interval of a proportion (Wilson 1927), the interval docs/clinical-rules.md §6 asks for. Unlike the Wald
 * interval it stays inside [0, 1] and keeps a sensible width at 0/n and n/n, which small clinic cells often are.
 *
 * @param low  lower bound, a fraction in [0, 1]
 * @param high upper bound, a fraction in [0, 1]
 */
public record WilsonInterval(double low, double high) {

    /** The two-sided 95% normal quantile docs/clinical-rules.md §6 fixes (not 1.96, so results match R's {@code prop.test}). */
    public static final double Z = 1.959964;

    public WilsonInterval {
        if (!(0.0 <= low && low <= high && high <= 1.0)) {
            throw new IllegalArgumentException("not an interval in [0, 1]: [" + low + ", " + high + "]");
        }
    }

    /** The interval of {@code successes} out of {@code n}; none when {@code n} is 0 (there is no proportion). */
    public static Optional<WilsonInterval> of(long successes, long n) {
        if (n < 0 || successes < 0 || successes > n) {
            throw new IllegalArgumentException("need 0 <= successes <= n, got " + successes + "/" + n);
        }
        if (n == 0) {
            return Optional.empty();
        }
        double p = (double) successes / n;
        double z2 = Z * Z;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2.0 * n)) / denominator;
        double half = Z / denominator * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        // At 0/n and n/n the bound is exactly 0 or 1 by the formula; rounding must not leave 1e-17 behind.
        double low = successes == 0 ? 0.0 : Math.max(0.0, centre - half);
        double high = successes == n ? 1.0 : Math.min(1.0, centre + half);
        return Optional.of(new WilsonInterval(low, high));
    }
}
