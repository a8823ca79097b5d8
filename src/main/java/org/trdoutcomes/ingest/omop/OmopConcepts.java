package org.trdoutcomes.ingest.omop;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.trdoutcomes.rules.DrugClass;
import org.trdoutcomes.rules.Treatment;
import org.trdoutcomes.rules.TreatmentCatalogue;

/**
 * The concepts TRD Outcomes knows without a vocabulary (omop.md §2–3), loaded from the data file
 * {@value #RESOURCE} and completed by the catalogue in force: a synonym {@code omop:<concept_id>} of a
 * catalogue treatment (shipped or in the clinic's catalogue extension) adds that concept id for it.
 */
public final class OmopConcepts {

    static final String RESOURCE = "/catalogue/omop-concepts.csv";
    static final String CONCEPT_SYNONYM_PREFIX = "omop:";

    /** Rule 1 of omop.md §3: ingredient concept id → treatment. */
    final Map<Long, Treatment> ingredients = new HashMap<>();
    /** procedure_concept_id → treatment (ECT, psychotherapy, …). */
    final Map<Long, Treatment> procedures = new HashMap<>();
    /** Standard condition concept → diagnosis flag bits (its descendants too, through concept_ancestor). */
    final Map<Long, Integer> diagnoses = new HashMap<>();
    /** ICD-10 prefixes without dots, upper case, with their flag bits. */
    final List<Map.Entry<String, Integer>> icd10Prefixes = new ArrayList<>();

    private OmopConcepts() {
    }

    static OmopConcepts load(TreatmentCatalogue catalogue) {
        OmopConcepts c = new OmopConcepts();
        InputStream in = OmopConcepts.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException("OMOP concept list " + RESOURCE + " is missing from the classpath");
        }
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
             CSVParser parser = CSVParser.builder().setReader(reader).setFormat(CSVFormat.DEFAULT.builder()
                     .setCommentMarker('#').setIgnoreEmptyLines(true).setIgnoreSurroundingSpaces(true)
                     .setHeader().setSkipHeaderRecord(true).get()).get()) {
            for (CSVRecord r : parser) {
                String use = r.get("use");
                String code = r.get("code");
                String meaning = r.get("meaning");
                switch (use) {
                    case "ingredient" -> c.ingredients.put(Long.parseLong(code), treatment(catalogue, meaning));
                    case "procedure" -> c.procedures.put(Long.parseLong(code), treatment(catalogue, meaning));
                    case "diagnosis" -> c.diagnoses.merge(Long.parseLong(code), DiagnosisFlag.parse(meaning).bit(), (a, b) -> a | b);
                    case "diagnosis_icd10" -> c.icd10Prefixes.add(Map.entry(code.toUpperCase(Locale.ROOT), DiagnosisFlag.parse(meaning).bit()));
                    default -> throw new IllegalStateException(RESOURCE + ": unknown use '" + use + "'");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
        for (Treatment t : catalogue.treatments()) {
            for (String s : t.synonyms()) {
                String lower = s.strip().toLowerCase(Locale.ROOT);
                if (lower.startsWith(CONCEPT_SYNONYM_PREFIX)) {
                    long id;
                    try {
                        id = Long.parseLong(lower.substring(CONCEPT_SYNONYM_PREFIX.length()).strip());
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("Treatment catalogue: synonym '" + s + "' of " + t.canonicalName()
                                + " is not omop:<concept_id>");
                    }
                    (isProcedureClass(t) ? c.procedures : c.ingredients).put(id, t);
                }
            }
        }
        return c;
    }

    /** The catalogue's entry: a catalogue extension that renames or drops one of these fails loudly. */
    private static Treatment treatment(TreatmentCatalogue catalogue, String name) {
        return catalogue.find(name).orElseThrow(() -> new IllegalStateException(RESOURCE + ": '" + name
                + "' is not a treatment of the catalogue in force"));
    }

    /**
     * The built-in ingredient concept id of each catalogue treatment that has one (rule 1 of omop.md §3), by
     * canonical name; for tools (the sample CDM generator) that write what the reader reads.
     */
    public static Map<String, Long> builtInIngredientIds(TreatmentCatalogue catalogue) {
        Map<String, Long> ids = new java.util.TreeMap<>();
        load(catalogue).ingredients.forEach((id, t) -> ids.merge(t.canonicalName(), id, Math::min));
        return ids;
    }

    /** Classes a procedure_occurrence row can stand for (omop.md §3). */
    public static boolean isProcedureClass(Treatment t) {
        DrugClass c = t.drugClass();
        return c == DrugClass.ECT || c == DrugClass.TMS || c == DrugClass.OTHER_NEUROSTIMULATION || c == DrugClass.PSYCHOTHERAPY;
    }

    /** Flag bits of an ICD-10 source value: compared without dots, case-insensitively ({@code F43.1} = {@code F431}). */
    int icd10Flags(String sourceValue) {
        if (sourceValue == null) {
            return 0;
        }
        String code = sourceValue.replace(".", "").strip().toUpperCase(Locale.ROOT);
        int flags = 0;
        for (Map.Entry<String, Integer> e : icd10Prefixes) {
            if (code.startsWith(e.getKey())) {
                flags |= e.getValue();
            }
        }
        return flags;
    }
}
