package org.trdoutcomes.rules;

import java.util.Locale;
import java.util.Optional;

/** Units a dose may be given in (docs/data-contract.md `dose_unit`). */
public enum DoseUnit {
    MG("mg"), MCG("mcg"), MG_PER_24H("mg/24h");

    private final String label;

    DoseUnit(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Accepts `mg`, `mcg`, `µg`, `ug`, `mg/24h`, any case, surrounding blanks trimmed. */
    public static Optional<DoseUnit> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "mg" -> Optional.of(MG);
            case "mcg", "µg", "μg", "ug" -> Optional.of(MCG);
            case "mg/24h" -> Optional.of(MG_PER_24H);
            default -> Optional.empty();
        };
    }
}
