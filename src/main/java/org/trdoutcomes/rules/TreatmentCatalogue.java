package org.trdoutcomes.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The treatment catalogue of docs/clinical-rules.md §1: canonical names, classes, MGH-ATRQ minimum doses and synonyms,
 * loaded from a data file so that a clinic can extend it without rebuilding.
 *
 * <p>File format (UTF-8 CSV, lines starting with {@code #} are comments, first other line is the header):
 * {@code canonical_name,class,minimum_dose,dose_unit,synonyms}, synonyms separated by {@code |}. A minimum
 * dose is required for the antidepressant classes and refused for the others (MGH-ATRQ doses apply to
 * antidepressants only); a missing unit means mg.
 *
 * <p>Lookup matches whole names only, so {@code bupropion} and {@code dextromethorphan-bupropion} or
 * {@code lithium} and {@code lithium carbonate} never shadow one another. Immutable and thread-safe.
 */
public final class TreatmentCatalogue {

    /** Classpath location of the catalogue shipped with the product. */
    public static final String DEFAULT_RESOURCE = "/catalogue/treatments.csv";

    static final String[] COLUMNS = {"canonical_name", "class", "minimum_dose", "dose_unit", "synonyms"};

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
            .setCommentMarker('#')
            .setIgnoreEmptyLines(true)
            .setIgnoreSurroundingSpaces(true)
            .get();

    private static volatile TreatmentCatalogue defaults;

    private final List<Treatment> treatments;
    private final Map<String, Treatment> byName;

    private TreatmentCatalogue(List<Treatment> treatments, Map<String, Treatment> byName) {
        this.treatments = treatments;
        this.byName = byName;
    }

    /** The catalogue shipped with the product ({@code /catalogue/treatments.csv}). */
    public static TreatmentCatalogue defaults() {
        TreatmentCatalogue result = defaults;
        if (result == null) {
            synchronized (TreatmentCatalogue.class) {
                result = defaults;
                if (result == null) {
                    result = loadResource();
                    defaults = result;
                }
            }
        }
        return result;
    }

    private static TreatmentCatalogue loadResource() {
        InputStream in = TreatmentCatalogue.class.getResourceAsStream(DEFAULT_RESOURCE);
        if (in == null) {
            throw new IllegalStateException("Treatment catalogue " + DEFAULT_RESOURCE + " is missing from the classpath");
        }
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return load(reader, "classpath:" + DEFAULT_RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + DEFAULT_RESOURCE, e);
        }
    }

    /**
     * A catalogue made of one file in the catalogue format only.
     *
     * @throws IllegalArgumentException naming {@code sourceName} and the line when a line is malformed or a
     *                                  name appears twice in the file
     */
    public static TreatmentCatalogue load(Reader reader, String sourceName) {
        return empty().extendedWith(reader, sourceName);
    }

    private static TreatmentCatalogue empty() {
        return new TreatmentCatalogue(List.of(), Map.of());
    }

    /**
     * This catalogue plus the entries of a user-supplied file in the same format; a user entry wins on a name clash.
     * A user entry with the canonical name of an existing entry replaces it (same position in
     * {@link #treatments()}); a user name or synonym that is a name of another existing entry now resolves to the
     * user entry (the clinic's file is the more specific knowledge).
     */
    public TreatmentCatalogue extendedWith(Reader extension, String sourceName) {
        List<Treatment> added = parse(extension, sourceName);
        // canonical key -> treatment, in catalogue order; a replaced entry keeps its place
        LinkedHashMap<String, Treatment> merged = new LinkedHashMap<>();
        for (Treatment t : treatments) {
            merged.put(key(t.canonicalName()), t);
        }
        for (Treatment t : added) {
            merged.put(key(t.canonicalName()), t);
        }
        List<Treatment> list = List.copyOf(merged.values());
        Map<String, Treatment> index = new HashMap<>(list.size() * 4);
        for (Treatment t : list) {
            if (!added.contains(t)) {
                indexNames(index, t);
            }
        }
        for (Treatment t : added) { // last, so that the user's names win
            indexNames(index, t);
        }
        return new TreatmentCatalogue(list, Collections.unmodifiableMap(index));
    }

    private static void indexNames(Map<String, Treatment> index, Treatment t) {
        index.put(key(t.canonicalName()), t);
        for (String synonym : t.synonyms()) {
            index.put(key(synonym), t);
        }
    }

    /** Looks a name or synonym up, case-insensitive, surrounding blanks trimmed. */
    public Optional<Treatment> find(String nameOrSynonym) {
        if (nameOrSynonym == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(byName.get(key(nameOrSynonym)));
    }

    /** Every canonical treatment, in catalogue order. */
    public List<Treatment> treatments() {
        return treatments;
    }

    private static String key(String name) {
        return name.strip().toLowerCase(Locale.ROOT);
    }

    private static List<Treatment> parse(Reader reader, String sourceName) {
        List<Treatment> result = new ArrayList<>();
        Map<String, Long> firstLineOfName = new HashMap<>();
        try (CSVParser parser = CSVParser.builder().setReader(reader).setFormat(FORMAT).get()) {
            boolean header = true;
            for (CSVRecord record : parser) {
                // the parser has consumed the record's line end, so its counter is the record's last line
                long line = parser.getCurrentLineNumber();
                if (header) {
                    checkHeader(record, sourceName, line);
                    header = false;
                    continue;
                }
                Treatment t = treatment(record, sourceName, line);
                for (String name : names(t)) {
                    Long earlier = firstLineOfName.putIfAbsent(key(name), line);
                    if (earlier != null) {
                        throw bad(sourceName, line, "name '" + name + "' is already used on line " + earlier);
                    }
                }
                result.add(t);
            }
            if (header) {
                throw new IllegalArgumentException(sourceName + ": empty treatment catalogue (no header line "
                        + String.join(",", COLUMNS) + ")");
            }
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            throw new IllegalArgumentException(sourceName + ": malformed treatment catalogue: " + e.getMessage(), e);
        }
        return result;
    }

    private static List<String> names(Treatment t) {
        List<String> names = new ArrayList<>(t.synonyms().size() + 1);
        names.add(t.canonicalName());
        names.addAll(t.synonyms());
        return names;
    }

    private static void checkHeader(CSVRecord record, String sourceName, long line) {
        if (record.size() != COLUMNS.length) {
            throw bad(sourceName, line, "header must be " + String.join(",", COLUMNS));
        }
        for (int i = 0; i < COLUMNS.length; i++) {
            if (!COLUMNS[i].equals(key(record.get(i)))) {
                throw bad(sourceName, line, "header must be " + String.join(",", COLUMNS)
                        + ", column " + (i + 1) + " is '" + record.get(i) + "'");
            }
        }
    }

    private static Treatment treatment(CSVRecord record, String sourceName, long line) {
        if (record.size() != COLUMNS.length) {
            throw bad(sourceName, line, "expected " + COLUMNS.length + " fields, found " + record.size());
        }
        String name = record.get(0).strip();
        if (name.isEmpty()) {
            throw bad(sourceName, line, "canonical_name is empty");
        }
        DrugClass drugClass = drugClass(record.get(1), sourceName, line);
        Dose minimumDose = minimumDose(record.get(2), record.get(3), drugClass, sourceName, line);
        List<String> synonyms = new ArrayList<>();
        String synonymText = record.get(4).strip();
        if (!synonymText.isEmpty()) {
            for (String s : synonymText.split("\\|", -1)) {
                String synonym = s.strip();
                if (synonym.isEmpty()) {
                    throw bad(sourceName, line, "empty synonym in '" + synonymText + "'");
                }
                synonyms.add(synonym);
            }
        }
        return new Treatment(name, drugClass, minimumDose, synonyms);
    }

    private static DrugClass drugClass(String text, String sourceName, long line) {
        String code = text.strip().toUpperCase(Locale.ROOT);
        for (DrugClass c : DrugClass.values()) {
            if (c.name().equals(code)) {
                return c;
            }
        }
        throw bad(sourceName, line, "unknown class '" + text + "'");
    }

    private static Dose minimumDose(String amountText, String unitText, DrugClass drugClass,
                                    String sourceName, long line) {
        String amount = amountText.strip();
        String unit = unitText.strip();
        if (!drugClass.isAntidepressant()) {
            // MGH-ATRQ minimum doses are defined for antidepressants only (docs/clinical-rules.md §1)
            if (!amount.isEmpty() || !unit.isEmpty()) {
                throw bad(sourceName, line, "minimum_dose/dose_unit apply to antidepressant classes only, not " + drugClass);
            }
            return null;
        }
        if (amount.isEmpty()) {
            throw bad(sourceName, line, "minimum_dose is required for antidepressant class " + drugClass);
        }
        double value;
        try {
            value = Double.parseDouble(amount);
        } catch (NumberFormatException e) {
            throw bad(sourceName, line, "minimum_dose '" + amountText + "' is not a number");
        }
        if (!(value > 0) || Double.isInfinite(value)) {
            throw bad(sourceName, line, "minimum_dose '" + amountText + "' must be a number > 0");
        }
        DoseUnit doseUnit = unit.isEmpty() ? DoseUnit.MG : DoseUnit.parse(unit)
                .orElseThrow(() -> bad(sourceName, line, "unknown dose_unit '" + unitText + "' (mg, mcg or mg/24h)"));
        return new Dose(value, doseUnit);
    }

    private static IllegalArgumentException bad(String sourceName, long line, String why) {
        return new IllegalArgumentException(sourceName + ", line " + line + ": " + why);
    }
}
