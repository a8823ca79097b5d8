package org.trdoutcomes.rules;

import java.util.Locale;
import java.util.Optional;

/** How an antidepressant trial was used (input.md `strategy`). */
public enum Strategy {
    INITIAL, SWITCH, DOSE_INCREASE, COMBINATION, AUGMENTATION;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Case-insensitive; `-` and blanks read as `_` so `dose increase` = `dose_increase`. */
    public static Optional<Strategy> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String key = text.strip().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        for (Strategy s : values()) {
            if (s.name().equals(key)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
