package org.trdoutcomes.rules;

import java.util.OptionalDouble;

/** A daily dose with its unit. */
public record Dose(double amount, DoseUnit unit) {

    /**
     * This dose expressed in {@code target}, or empty when the units cannot be converted
     * (mg/24h patches against oral mg): docs/clinical-rules.md §1 counts such a dose as unknown.
     */
    public OptionalDouble in(DoseUnit target) {
        if (unit == target) {
            return OptionalDouble.of(amount);
        }
        if (unit == DoseUnit.MCG && target == DoseUnit.MG) {
            return OptionalDouble.of(amount / 1000.0);
        }
        if (unit == DoseUnit.MG && target == DoseUnit.MCG) {
            return OptionalDouble.of(amount * 1000.0);
        }
        return OptionalDouble.empty();
    }
}
