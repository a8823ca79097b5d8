package org.trdoutcomes.ingest.omop;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.trdoutcomes.rules.Treatment;
import org.trdoutcomes.rules.TreatmentCatalogue;

/**
 * The longest word-prefix rule of omop.md §3: the catalogue name or synonym that starts a text and ends at a
 * word boundary ({@code sertraline 50 MG Oral Tablet} → sertraline; {@code sertralinex} → nothing). Names are
 * indexed by their first word, so a lookup looks at a handful of names, not the whole catalogue.
 */
final class TreatmentNames {

    private record Name(String lower, Treatment treatment) {
    }

    private final Map<String, List<Name>> byFirstWord = new HashMap<>();

    TreatmentNames(TreatmentCatalogue catalogue) {
        for (Treatment t : catalogue.treatments()) {
            add(t.canonicalName(), t);
            for (String s : t.synonyms()) {
                add(s, t);
            }
        }
        // longest first, so that the first match is the longest prefix
        byFirstWord.values().forEach(list -> list.sort((a, b) -> Integer.compare(b.lower.length(), a.lower.length())));
    }

    private void add(String name, Treatment t) {
        String lower = name.strip().toLowerCase(Locale.ROOT);
        if (lower.isEmpty() || lower.startsWith(OmopConcepts.CONCEPT_SYNONYM_PREFIX)) {
            return; // "omop:<id>" synonyms are concept ids, not names
        }
        byFirstWord.computeIfAbsent(firstWord(lower), k -> new ArrayList<>()).add(new Name(lower, t));
    }

    private static String firstWord(String lower) {
        int end = 0;
        while (end < lower.length() && Character.isLetterOrDigit(lower.charAt(end))) {
            end++;
        }
        return lower.substring(0, end);
    }

    /** The treatment whose name is the longest word-prefix of {@code text} among those {@code accepted}, or null. */
    Treatment longestWordPrefix(String text, Predicate<Treatment> accepted) {
        if (text == null) {
            return null;
        }
        String lower = text.strip().toLowerCase(Locale.ROOT);
        List<Name> candidates = byFirstWord.get(firstWord(lower));
        if (candidates == null) {
            return null;
        }
        for (Name n : candidates) {
            if (lower.startsWith(n.lower) && accepted.test(n.treatment)
                    && (lower.length() == n.lower.length() || !Character.isLetterOrDigit(lower.charAt(n.lower.length())))) {
                return n.treatment;
            }
        }
        return null;
    }
}
