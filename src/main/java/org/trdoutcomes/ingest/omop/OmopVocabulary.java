package org.trdoutcomes.ingest.omop;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.trdoutcomes.rules.Treatment;
import org.trdoutcomes.rules.TreatmentCatalogue;

/**
 * The vocabulary mapping of omop.md §3 and the diagnosis concepts of §2, built from the vocabulary tables
 * filtered to what the CDM's own rows need: concept rows of the drug concepts in drug_exposure and of ingredients
 * that bear a catalogue name; ancestor rows from those drug concepts to such ingredients (only the best one per
 * drug is kept) and to the diagnosis concepts; drug_strength rows of those drug concepts. An Athena vocabulary of
 * millions of rows therefore takes memory in proportion to the site's drugs, not to the vocabulary.
 */
final class OmopVocabulary {

    /** A dose-bearing ingredient of a drug concept: mg per unit of quantity. */
    record Strength(Treatment treatment, double amountMg) {
    }

    private record Ancestor(long id, int levels, Treatment treatment) {
    }

    private static final Treatment NONE = new Treatment("(none)", org.trdoutcomes.rules.DrugClass.SUPPLEMENT, null, List.of());

    final OmopConcepts known;
    private final TreatmentNames names;
    private final LongHashSet drugConcepts;
    /** concept_name of the drug concepts in drug_exposure (rule 3). */
    private final Map<Long, String> drugConceptNames = new HashMap<>();
    /** Ingredient-class concepts whose name is a catalogue name or synonym (rule 2, drug_strength). */
    private final Map<Long, Treatment> namedIngredients = new HashMap<>();
    private boolean ancestorTablePresent;
    private final Map<Long, Ancestor> nearestIngredient = new HashMap<>();
    /** condition concept → flag bits, itself or through an ancestor. */
    private final Map<Long, Integer> conditionFlags = new HashMap<>();
    private final Map<Long, List<Strength>> strengths = new HashMap<>();
    /** Result of rules 1–3 per drug concept id (NONE when they give nothing). */
    private final Map<Long, Treatment> byConcept = new java.util.concurrent.ConcurrentHashMap<>();

    OmopVocabulary(TreatmentCatalogue catalogue, OmopConcepts known, TreatmentNames names, LongHashSet drugConcepts) {
        this.known = known;
        this.names = names;
        this.drugConcepts = drugConcepts;
        this.catalogue = catalogue;
        conditionFlags.putAll(known.diagnoses);
    }

    private final TreatmentCatalogue catalogue;

    /** A concept row (after the id parsed). */
    void concept(long id, String name, String conceptClass) {
        if (name == null) {
            return;
        }
        if (drugConcepts.contains(id)) {
            drugConceptNames.put(id, name);
        }
        if ("Ingredient".equalsIgnoreCase(conceptClass)) {
            catalogue.find(name).ifPresent(t -> namedIngredients.put(id, t));
        }
    }

    void ancestorTablePresent() {
        ancestorTablePresent = true;
    }

    /** A concept_ancestor row. */
    void ancestor(long ancestorId, long descendantId, int levels) {
        Integer flags = known.diagnoses.get(ancestorId);
        if (flags != null) {
            conditionFlags.merge(descendantId, flags, (a, b) -> a | b);
        }
        if (!drugConcepts.contains(descendantId)) {
            return;
        }
        Treatment t = ingredient(ancestorId);
        if (t == null) {
            return;
        }
        Ancestor best = nearestIngredient.get(descendantId);
        if (best == null || levels < best.levels || (levels == best.levels && ancestorId < best.id)) {
            nearestIngredient.put(descendantId, new Ancestor(ancestorId, levels, t));
        }
    }

    /** A drug_strength row; amount in mg already (µg divided by 1,000), or skipped by the caller when not mg/µg. */
    void strength(long drugConceptId, long ingredientId, double amountMg) {
        if (!drugConcepts.contains(drugConceptId)) {
            return;
        }
        Treatment t = ingredient(ingredientId);
        if (t != null) {
            strengths.computeIfAbsent(drugConceptId, k -> new ArrayList<>(1)).add(new Strength(t, amountMg));
        }
    }

    /** Rule 1, or an Ingredient concept whose name is in the catalogue. */
    private Treatment ingredient(long id) {
        Treatment t = known.ingredients.get(id);
        return t != null ? t : namedIngredients.get(id);
    }

    /** The treatment of a drug_exposure row by rules 1–4 of omop.md §3, or null (rule 5: unmapped). */
    Treatment drug(long conceptId, String sourceValue) {
        Treatment t = byConcept.computeIfAbsent(conceptId, this::byConceptRules);
        if (t != NONE) {
            return t;
        }
        return names.longestWordPrefix(sourceValue, x -> true);
    }

    private Treatment byConceptRules(long conceptId) {
        Treatment t = known.ingredients.get(conceptId);
        if (t != null) {
            return t;
        }
        if (ancestorTablePresent) {
            Ancestor a = nearestIngredient.get(conceptId);
            if (a != null) {
                return a.treatment;
            }
        }
        t = names.longestWordPrefix(drugConceptNames.get(conceptId), x -> true);
        return t != null ? t : NONE;
    }

    /** Highest mg of {@code treatment} per unit of the drug concept, or NaN when drug_strength says nothing. */
    double amountMg(long drugConceptId, Treatment treatment) {
        double best = Double.NaN;
        for (Strength s : strengths.getOrDefault(drugConceptId, List.of())) {
            if (s.treatment.equals(treatment) && !(s.amountMg <= best)) {
                best = s.amountMg;
            }
        }
        return best;
    }

    /** Flag bits of a condition row (omop.md §2). */
    int conditionFlags(long conceptId, String sourceValue) {
        return conditionFlags.getOrDefault(conceptId, 0) | known.icd10Flags(sourceValue);
    }
}
