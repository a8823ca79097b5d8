package org.trdoutcomes.rules;

import java.util.Locale;
import java.util.Optional;

/** How an antidepressant trial was used (docs/data-contract.md `strategy`). */
public enum Strategy {
    INITIAL, SWITCH, DOSE_INCREASE, COMBINATION, AUGMENTATION;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Case-insensitive; `-` and blanks read as `_` so `dose increase` = `dose_increase`. */
    public static Optional<Strategy> parse(String text) {
        return Vocabulary.parse(Strategy.class, text);
    }
}
