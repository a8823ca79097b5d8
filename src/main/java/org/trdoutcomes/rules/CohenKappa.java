package org.trdoutcomes.rules;

import java.util.OptionalDouble;

/**
 * Agreement of two yes/no ratings of the same patients (Cohen 1960), used by `Definitions compared` to set each
 * TRD definition against `standard` (docs/clinical-rules.md §7). The 2×2 table:
 * <pre>
 *                    other: yes   other: no
 *   reference: yes        a            b
 *   reference: no         c            d
 * </pre>
 *
 * @param observedAgreement (a + d) / n; empty when n = 0
 * @param kappa             (p_o − p_e) / (1 − p_e); empty when n = 0 or the expected agreement p_e is 1 (both
 *                          ratings put everybody on the same side, so kappa is 0/0)
 */
public record CohenKappa(OptionalDouble observedAgreement, OptionalDouble kappa) {

    public static CohenKappa of(long a, long b, long c, long d) {
        if (a < 0 || b < 0 || c < 0 || d < 0) {
            throw new IllegalArgumentException("counts must not be negative: " + a + ", " + b + ", " + c + ", " + d);
        }
        long n = a + b + c + d;
        if (n == 0) {
            return new CohenKappa(OptionalDouble.empty(), OptionalDouble.empty());
        }
        double observed = (double) (a + d) / n;
        // p_e = ((a+b)(a+c) + (c+d)(b+d)) / n²; compared with n² in exact arithmetic so "p_e is 1" is not a
        // floating-point accident.
        long expectedNumerator = Math.addExact(Math.multiplyExact(a + b, a + c), Math.multiplyExact(c + d, b + d));
        long nSquared = Math.multiplyExact(n, n);
        if (expectedNumerator == nSquared) {
            return new CohenKappa(OptionalDouble.of(observed), OptionalDouble.empty());
        }
        double expected = (double) expectedNumerator / nSquared;
        return new CohenKappa(OptionalDouble.of(observed), OptionalDouble.of((observed - expected) / (1 - expected)));
    }
}
