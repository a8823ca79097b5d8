package org.trdoutcomes.rules;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Reads a code of a closed vocabulary the way docs/data-contract.md spells them: any case, `-` and blanks read as `_`. */
final class Vocabulary {

    /**
     * Each vocabulary's codes as extracts usually write them (lower case, as {@code code()} gives them, or the
     * constant's name): found without the normalised copy, which is made only for other spellings. The ingest step
     * parses two such cells on each of millions of rows (docs/benchmarks.md).
     */
    private static final ClassValue<Map<String, Object>> USUAL_SPELLINGS = new ClassValue<>() {
        @Override
        protected Map<String, Object> computeValue(Class<?> type) {
            Map<String, Object> spellings = new HashMap<>();
            for (Object constant : type.getEnumConstants()) {
                String name = ((Enum<?>) constant).name();
                spellings.put(name, constant);
                spellings.put(name.toLowerCase(Locale.ROOT), constant);
            }
            return Map.copyOf(spellings);
        }
    };

    private Vocabulary() {
    }

    static <E extends Enum<E>> Optional<E> parse(Class<E> type, String text) {
        if (text == null) {
            return Optional.empty();
        }
        Map<String, Object> spellings = USUAL_SPELLINGS.get(type);
        Object value = spellings.get(text);
        if (value == null) {
            value = spellings.get(text.strip().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_'));
        }
        return Optional.ofNullable(type.cast(value));
    }
}
