package org.trdoutcomes.rules;

import java.util.Locale;
import java.util.Optional;

/** Reads a code of a closed vocabulary the way docs/data-contract.md spells them: any case, `-` and blanks read as `_`. */
final class Vocabulary {
    private Vocabulary() {
    }

    static <E extends Enum<E>> Optional<E> parse(Class<E> type, String text) {
        if (text == null) {
            return Optional.empty();
        }
        String key = text.strip().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        for (E value : type.getEnumConstants()) {
            if (value.name().equals(key)) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
