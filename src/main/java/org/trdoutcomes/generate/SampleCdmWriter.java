package org.trdoutcomes.generate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.trdoutcomes.generate.GenerationSummary.WrittenFile;
import org.trdoutcomes.ingest.ExtractDiscovery;
import org.trdoutcomes.ingest.ExtractFileReader;
import org.trdoutcomes.ingest.ExtractRow;
import org.trdoutcomes.ingest.ExtractRow.AcceptedPatient;
import org.trdoutcomes.ingest.ExtractRow.AcceptedTrial;
import org.trdoutcomes.ingest.InputFile;
import org.trdoutcomes.ingest.omop.OmopConcepts;
import org.trdoutcomes.rules.DoseUnit;
import org.trdoutcomes.rules.DrugClass;
import org.trdoutcomes.rules.PatientAttributes;
import org.trdoutcomes.rules.Scale;
import org.trdoutcomes.rules.Treatment;
import org.trdoutcomes.rules.TreatmentCatalogue;
import org.trdoutcomes.rules.Trial;

/**
 * Writes a small OMOP CDM (omop.md) of the same synthetic patients as a generated trials extract: it reads the
 * extract back with the product's own trials reader and writes every accepted row as the CDM would hold it, so a
 * newcomer can run the OMOP reader in one command. Deterministic: the same extract gives byte-identical tables.
 *
 * <ul>
 *   <li>{@code person}: person_id = the digits of {@code P000123}; gender 8532/8507 (X and U → 0); year of birth
 *       = the as-of year − the middle of the age band; care_site_id = the site's number (NORTH 1, SOUTH 2, …).</li>
 *   <li>{@code condition_occurrence}: the index diagnosis and one ICD-10 code per diagnosis flag, as source values.</li>
 *   <li>{@code drug_exposure}: each drug trial as 30-day dispensings of a site-local clinical drug (concept ids
 *       above 2,000,000,000, as OMOP reserves for local concepts) whose ancestor is the catalogue ingredient and
 *       whose drug_strength is 1 mg (or 1 µg) per unit, so quantity = daily dose × days; supplements only by their
 *       drug_source_value (mapping rule 4). An ongoing trial is dispensed until past the as-of date.</li>
 *   <li>{@code procedure_occurrence}: ECT sessions every other day; TMS, neurostimulation and psychotherapy fortnightly.</li>
 *   <li>{@code measurement}: PHQ-9 baseline and outcome scores (concept 3042932) on the trial's start and end;
 *       other scales are left out (they would need {@code trd.omop.scales.<SCALE>}).</li>
 *   <li>{@code CONCEPT}, {@code CONCEPT_ANCESTOR}, {@code DRUG_STRENGTH}: tab-separated, as Athena writes them.</li>
 * </ul>
 * Strategies, episodes and stop reasons are not written: the OMOP reader derives its own (omop.md §4).
 */
public final class SampleCdmWriter {

    /** Site-local concept ids start above 2,000,000,000 (OMOP convention). */
    static final long LOCAL_DRUG_BASE = 2_000_100_000L;
    static final long LOCAL_INGREDIENT_BASE = 2_000_200_000L;
    private static final long PHQ9_TOTAL = 3042932L;
    private static final long ECT = 4030840L;
    private static final long EHR_PRESCRIPTION = 32838L;
    private static final long EHR = 32817L;
    private static final String[] SITES = {"NORTH", "SOUTH", "EAST", "WEST", "CENTRAL"};
    private static final int DISPENSING_DAYS = 30;

    private final TreatmentCatalogue catalogue = TreatmentCatalogue.defaults();
    private final Map<String, Long> ingredientIds = OmopConcepts.builtInIngredientIds(catalogue);
    private final LocalDate asOf;
    /** canonical name → catalogue position: stable local concept ids. */
    private final Map<String, Integer> position = new TreeMap<>();
    private final Map<String, Treatment> usedDrugs = new TreeMap<>();
    private final Set<String> personsWritten = new HashSet<>();
    private long drugId;
    private long procedureId;
    private long measurementId;
    private long conditionId;

    private SampleCdmWriter(LocalDate asOf) {
        this.asOf = asOf;
        List<Treatment> all = catalogue.treatments();
        for (int i = 0; i < all.size(); i++) {
            position.put(all.get(i).canonicalName(), i + 1);
        }
    }

    /**
     * Reads the trials extract in {@code extractFolder} and writes its CDM into {@code cdmFolder} (created; the
     * table files are replaced).
     */
    public static List<WrittenFile> write(Path extractFolder, Path cdmFolder, LocalDate asOf) {
        try {
            Files.createDirectories(cdmFolder);
            return new SampleCdmWriter(asOf).run(extractFolder, cdmFolder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the sample CDM into " + cdmFolder + ": " + e.getMessage(), e);
        }
    }

    private List<WrittenFile> run(Path extractFolder, Path cdm) throws IOException {
        List<WrittenFile> written = new ArrayList<>();
        try (CsvFileWriter person = new CsvFileWriter(cdm.resolve("person.csv"), new String[] {"person_id",
                "gender_concept_id", "year_of_birth", "month_of_birth", "day_of_birth", "race_concept_id",
                "ethnicity_concept_id", "care_site_id"});
             CsvFileWriter condition = new CsvFileWriter(cdm.resolve("condition_occurrence.csv"), new String[] {
                     "condition_occurrence_id", "person_id", "condition_concept_id", "condition_start_date",
                     "condition_type_concept_id", "condition_source_value"});
             CsvFileWriter drug = new CsvFileWriter(cdm.resolve("drug_exposure.csv"), new String[] {"drug_exposure_id",
                     "person_id", "drug_concept_id", "drug_exposure_start_date", "drug_exposure_end_date",
                     "drug_type_concept_id", "quantity", "days_supply", "drug_source_value"});
             CsvFileWriter procedure = new CsvFileWriter(cdm.resolve("procedure_occurrence.csv"), new String[] {
                     "procedure_occurrence_id", "person_id", "procedure_concept_id", "procedure_date",
                     "procedure_type_concept_id", "procedure_source_value"});
             CsvFileWriter measurement = new CsvFileWriter(cdm.resolve("measurement.csv"), new String[] {
                     "measurement_id", "person_id", "measurement_concept_id", "measurement_date",
                     "measurement_type_concept_id", "value_as_number"})) {
            for (InputFile file : ExtractDiscovery.discover(extractFolder).files()) {
                try (ExtractFileReader reader = new ExtractFileReader(file, asOf, catalogue::find)) {
                    for (ExtractRow row = reader.next(); row != null; row = reader.next()) {
                        if (row instanceof AcceptedPatient p) {
                            person(p.patient(), person, condition);
                        } else if (row instanceof AcceptedTrial t) {
                            trial(t.trial(), drug, procedure, measurement);
                        }
                    }
                }
            }
            written.add(condition.finish());
            written.add(drug.finish());
            written.add(measurement.finish());
            written.add(person.finish());
            written.add(procedure.finish());
        }
        written.add(vocabulary(cdm.resolve("CONCEPT.csv"), List.of("concept_id", "concept_name", "domain_id",
                "vocabulary_id", "concept_class_id", "standard_concept", "concept_code", "valid_start_date",
                "valid_end_date", "invalid_reason"), conceptRows()));
        written.add(vocabulary(cdm.resolve("CONCEPT_ANCESTOR.csv"), List.of("ancestor_concept_id",
                "descendant_concept_id", "min_levels_of_separation", "max_levels_of_separation"), ancestorRows()));
        written.add(vocabulary(cdm.resolve("DRUG_STRENGTH.csv"), List.of("drug_concept_id", "ingredient_concept_id",
                "amount_value", "amount_unit_concept_id", "valid_start_date", "valid_end_date", "invalid_reason"),
                strengthRows()));
        written.sort(java.util.Comparator.comparing(f -> f.path().getFileName().toString()));
        return written;
    }

    private static String personId(String patientId) {
        return Long.toString(Long.parseLong(patientId.substring(1)));
    }

    private void person(PatientAttributes p, CsvFileWriter person, CsvFileWriter condition) throws IOException {
        String id = personId(p.patientId());
        if (!personsWritten.add(id)) {
            return; // a patients row repeated on purpose in the extract: the CDM holds each person once
        }
        String gender = "F".equals(p.sex()) ? "8532" : "M".equals(p.sex()) ? "8507" : "0";
        person.writeRow(new String[] {id, gender, yearOfBirth(p.ageBand()), "", "", "0", "0", careSite(p.site())});
        LocalDate date = p.episodeStart() != null ? p.episodeStart() : asOf.minusYears(1);
        List<String> codes = new ArrayList<>();
        if (p.diagnosis() != null) {
            codes.add(p.diagnosis());
        }
        addIf(codes, p.psychoticFeatures(), "F32.3");
        addIf(codes, p.bipolar(), "F31.9");
        addIf(codes, p.hypothyroidism(), "E03.9");
        addIf(codes, p.substanceUse(), "F10.2");
        addIf(codes, p.trauma(), "F43.1");
        addIf(codes, p.adhd(), "F90.0");
        for (String code : codes) {
            condition.writeRow(new String[] {Long.toString(++conditionId), id, "0", date.toString(), Long.toString(EHR), code});
        }
    }

    private static void addIf(List<String> codes, boolean flag, String code) {
        if (flag) {
            codes.add(code);
        }
    }

    private String yearOfBirth(String band) {
        if (band == null) {
            return "";
        }
        int middle = switch (band) {
            case "<18" -> 16;
            case "18-24" -> 21;
            case "25-34" -> 30;
            case "35-44" -> 40;
            case "45-54" -> 50;
            case "55-64" -> 60;
            case "65+" -> 72;
            default -> -1;
        };
        return middle < 0 ? "" : Integer.toString(asOf.getYear() - middle);
    }

    private static String careSite(String site) {
        if (site == null) {
            return "";
        }
        for (int i = 0; i < SITES.length; i++) {
            if (SITES[i].equalsIgnoreCase(site)) {
                return Integer.toString(i + 1);
            }
        }
        return site.toUpperCase(Locale.ROOT).startsWith("SITE") ? Integer.toString(Integer.parseInt(site.substring(4))) : "";
    }

    private void trial(Trial t, CsvFileWriter drug, CsvFileWriter procedure, CsvFileWriter measurement) throws IOException {
        String id = personId(t.patientId());
        Treatment treatment = t.treatment();
        LocalDate end = t.endDate();
        if (OmopConcepts.isProcedureClass(treatment)) {
            procedures(id, t, procedure);
        } else {
            dispensings(id, t, drug);
        }
        if (t.scale() == Scale.PHQ9 && t.baselineScore() != null) {
            measurement.writeRow(new String[] {Long.toString(++measurementId), id, Long.toString(PHQ9_TOTAL),
                    t.startDate().toString(), Long.toString(EHR), number(t.baselineScore())});
            if (end != null && t.outcomeScore() != null) {
                measurement.writeRow(new String[] {Long.toString(++measurementId), id, Long.toString(PHQ9_TOTAL),
                        end.toString(), Long.toString(EHR), number(t.outcomeScore())});
            }
        }
    }

    private void dispensings(String id, Trial t, CsvFileWriter drug) throws IOException {
        Treatment treatment = t.treatment();
        boolean bySourceValue = treatment.drugClass() == DrugClass.SUPPLEMENT;
        String concept = bySourceValue ? "0" : Long.toString(localDrug(treatment));
        String source = bySourceValue ? treatment.canonicalName() : "";
        // units of the local drug's strength (1 mg, or 1 µg where the catalogue doses in µg); mg/24h patches: none
        DoseUnit strengthUnit = strengthInMicrograms(treatment) ? DoseUnit.MCG : DoseUnit.MG;
        Double perDay = null;
        if (t.dose() != null && t.dose().in(strengthUnit).isPresent()) {
            perDay = t.dose().in(strengthUnit).getAsDouble();
        }
        LocalDate start = t.startDate();
        LocalDate last = t.endDate();
        while (true) {
            long days = DISPENSING_DAYS;
            if (last != null) {
                days = Math.min(DISPENSING_DAYS, last.toEpochDay() - start.toEpochDay() + 1);
            }
            LocalDate end = start.plusDays(days - 1);
            if (last == null && end.equals(asOf)) {
                days++; // an ongoing trial: its last dispensing must reach past the as-of date, not end on it
                end = end.plusDays(1);
            }
            drug.writeRow(new String[] {Long.toString(++drugId), id, concept, start.toString(), end.toString(),
                    Long.toString(EHR_PRESCRIPTION), perDay == null ? "" : number(perDay * days), Long.toString(days), source});
            start = end.plusDays(1);
            boolean done = last != null ? start.isAfter(last) : end.isAfter(asOf);
            if (done) {
                return;
            }
        }
    }

    private void procedures(String id, Trial t, CsvFileWriter procedure) throws IOException {
        Treatment treatment = t.treatment();
        boolean ect = treatment.drugClass() == DrugClass.ECT;
        String concept = ect ? Long.toString(ECT) : "psychotherapy".equals(treatment.canonicalName()) ? "4327941" : "0";
        String source = "0".equals(concept) ? treatment.canonicalName() : "";
        LocalDate last = t.endDate() != null ? t.endDate() : asOf;
        int sessions = ect ? (t.sessions() != null ? t.sessions() : 1) : Integer.MAX_VALUE;
        int step = ect ? 2 : 14; // fortnightly: within the 30-day persistence window, a tenth of the rows of daily TMS
        LocalDate date = t.startDate();
        for (int i = 0; i < sessions && !date.isAfter(last); i++, date = date.plusDays(step)) {
            procedure.writeRow(new String[] {Long.toString(++procedureId), id, concept, date.toString(),
                    Long.toString(EHR), source});
        }
    }

    /** Thyroid hormones are dosed in micrograms; so is any catalogue entry whose minimum dose is. */
    private static boolean strengthInMicrograms(Treatment t) {
        return t.drugClass() == DrugClass.THYROID || (t.minimumDose() != null && t.minimumDose().unit() == DoseUnit.MCG);
    }

    private long localDrug(Treatment t) {
        usedDrugs.put(t.canonicalName(), t);
        return LOCAL_DRUG_BASE + position.get(t.canonicalName());
    }

    /** The ingredient of a local drug: the built-in id, or a local Ingredient concept named after the treatment. */
    private long ingredient(Treatment t) {
        Long builtIn = ingredientIds.get(t.canonicalName());
        return builtIn != null ? builtIn : LOCAL_INGREDIENT_BASE + position.get(t.canonicalName());
    }

    private List<List<String>> conceptRows() {
        List<List<String>> rows = new ArrayList<>();
        for (Treatment t : usedDrugs.values()) {
            String unit = strengthInMicrograms(t) ? "MCG" : "MG";
            long local = LOCAL_DRUG_BASE + position.get(t.canonicalName());
            rows.add(List.of(Long.toString(local), "Site " + t.canonicalName() + " 1 " + unit + " Oral Tablet", "Drug",
                    "Local", "Clinical Drug", "", "L" + local, "20000101", "20991231", ""));
            if (!ingredientIds.containsKey(t.canonicalName())) {
                long ingredient = ingredient(t);
                rows.add(List.of(Long.toString(ingredient), t.canonicalName(), "Drug", "Local", "Ingredient", "",
                        "L" + ingredient, "20000101", "20991231", ""));
            }
        }
        return rows;
    }

    private List<List<String>> ancestorRows() {
        List<List<String>> rows = new ArrayList<>();
        for (Treatment t : usedDrugs.values()) {
            rows.add(List.of(Long.toString(ingredient(t)), Long.toString(LOCAL_DRUG_BASE + position.get(t.canonicalName())), "1", "1"));
        }
        return rows;
    }

    private List<List<String>> strengthRows() {
        List<List<String>> rows = new ArrayList<>();
        for (Treatment t : usedDrugs.values()) {
            boolean mcg = strengthInMicrograms(t);
            rows.add(List.of(Long.toString(LOCAL_DRUG_BASE + position.get(t.canonicalName())), Long.toString(ingredient(t)),
                    "1", mcg ? "9655" : "8576", "20000101", "20991231", ""));
        }
        return rows;
    }

    private static WrittenFile vocabulary(Path path, List<String> header, List<List<String>> rows) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
            w.write(String.join("\t", header));
            w.write('\n');
            for (List<String> row : rows) {
                w.write(String.join("\t", row));
                w.write('\n');
            }
        }
        return new WrittenFile(path, rows.size(), 0, Files.size(path));
    }

    /** A number without a needless ".0" (a PHQ-9 of 12, a quantity of 4500, a quantity of 112.5). */
    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
