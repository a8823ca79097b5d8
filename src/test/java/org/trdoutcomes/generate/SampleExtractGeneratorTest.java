package org.trdoutcomes.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trdoutcomes.generate.GenerationSummary.WrittenFile;
import org.trdoutcomes.generate.SampleTreatments.SampleTreatment;
import org.trdoutcomes.rules.Scale;
import org.trdoutcomes.rules.StopReason;
import org.trdoutcomes.rules.Strategy;
import org.trdoutcomes.rules.StrategyCategory;
import org.trdoutcomes.rules.Treatment;

class SampleExtractGeneratorTest {

    /** docs/data-contract.md, in its order. */
    static final List<String> TRIAL_COLUMNS = List.of("patient_id", "episode", "start_date", "end_date", "treatment",
            "strategy", "dose", "dose_unit", "sessions", "adherence_pct", "scale", "baseline_score", "outcome_score",
            "stop_reason");
    static final List<String> PATIENT_COLUMNS = List.of("patient_id", "site", "sex", "age_band", "diagnosis",
            "episode_start", "psychotic_features", "bipolar", "hypothyroidism", "substance_use", "trauma", "adhd");

    static final LocalDate AS_OF = LocalDate.of(2026, 11, 26);
    static final GeneratorOptions SAMPLE = GeneratorOptions.of(3000, 20261126L, AS_OF);

    @TempDir
    static Path sampleFolder;
    static GenerationSummary summary;

    @BeforeAll
    static void generateTheSample() {
        summary = SampleExtractGenerator.generate(sampleFolder, SAMPLE);
    }

    @Test
    void sameSeedGivesByteIdenticalFiles(@TempDir Path again, @TempDir Path otherSeed) throws IOException {
        GenerationSummary second = SampleExtractGenerator.generate(again, SAMPLE);
        SampleExtractGenerator.generate(otherSeed, GeneratorOptions.of(3000, 7L, AS_OF));

        assertThat(second).usingRecursiveComparison().ignoringFields("files").isEqualTo(summary);
        assertThat(fileNames(again)).isEqualTo(fileNames(sampleFolder));
        for (String name : fileNames(sampleFolder)) {
            assertThat(Files.readAllBytes(again.resolve(name))).as(name)
                    .isEqualTo(Files.readAllBytes(sampleFolder.resolve(name)));
            assertThat(Files.readAllBytes(otherSeed.resolve(name))).as(name)
                    .isNotEqualTo(Files.readAllBytes(sampleFolder.resolve(name)));
        }
    }

    @Test
    void writesOneTrialsFilePerSiteAndOnePatientsFile() throws IOException {
        assertThat(fileNames(sampleFolder)).containsExactly(
                "patients.csv", "trials-site-east.csv", "trials-site-north.csv", "trials-site-south.csv");
        assertThat(summary.files()).extracting(f -> f.path().getFileName().toString())
                .containsExactlyElementsOf(fileNames(sampleFolder));
    }

    @Test
    void headersAreTheColumnsOfInputMd() throws IOException {
        assertThat(read("patients.csv").rawHeader()).containsExactlyElementsOf(PATIENT_COLUMNS);
        assertThat(read("trials-site-north.csv").rawHeader()).containsExactlyElementsOf(TRIAL_COLUMNS);

        ExtractReader south = read("trials-site-south.csv");
        assertThat(south.rawHeader()).startsWith("Patient ID", "Episode", "Start Date");
        assertThat(south.header()).as("spelled differently, the same after normalisation")
                .containsExactlyElementsOf(TRIAL_COLUMNS);

        List<String> withComment = new ArrayList<>(TRIAL_COLUMNS);
        withComment.add("comment");
        ExtractReader east = read("trials-site-east.csv");
        assertThat(east.rawHeader()).containsExactlyElementsOf(withComment);
        assertThat(east.rows()).anySatisfy(row -> assertThat(row.get("comment")).contains(","));
    }

    @Test
    void dataRowsAreTheRowsTheSummaryCounts() throws IOException {
        long trials = 0;
        long patients = 0;
        for (WrittenFile file : summary.files()) {
            int rows = ExtractReader.read(file.path()).rows().size();
            assertThat(file.dataRows()).as(file.path().toString()).isEqualTo(rows);
            assertThat(file.bytes()).isEqualTo(Files.size(file.path()));
            if (file.path().getFileName().toString().startsWith("trials")) {
                trials += rows;
            } else {
                patients += rows;
            }
        }
        assertThat(summary.trialRows()).isEqualTo(trials);
        assertThat(summary.patientRows()).isEqualTo(patients);
        assertThat(summary.patients()).isEqualTo(3000);
        assertThat(summary.brokenRows()).isEqualTo(summary.files().stream().mapToLong(WrittenFile::brokenRows).sum())
                .isEqualTo(summary.brokenRowsByKind().values().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void everyStrategyCategoryOccurs() throws IOException {
        Set<StrategyCategory> seen = EnumSet.noneOf(StrategyCategory.class);
        for (Map<String, String> row : trialRows()) {
            Optional<SampleTreatment> treatment = SampleTreatments.byWrittenName(row.get("treatment"));
            Optional<Strategy> strategy = Strategy.parse(row.get("strategy"));
            if (treatment.isEmpty() || treatment.get().isAntidepressant() && strategy.isEmpty()) {
                continue; // broken on purpose
            }
            SampleTreatment t = treatment.get();
            seen.add(StrategyCategory.of(new Treatment(t.canonicalName(), t.drugClass(), t.minimumDose(), t.synonyms()),
                    strategy.orElse(null)));
        }
        assertThat(seen).containsExactlyInAnyOrder(StrategyCategory.values());
    }

    @Test
    void namesWrittenAreCanonicalNamesOrSynonymsOfRulesMd() throws IOException {
        Set<String> unknown = new TreeSet<>();
        Set<String> written = new HashSet<>();
        for (Map<String, String> row : trialRows()) {
            written.add(row.get("treatment"));
            if (SampleTreatments.byWrittenName(row.get("treatment")).isEmpty()) {
                unknown.add(row.get("treatment"));
            }
        }
        assertThat(unknown.size()).as("only the broken rows' names: %s", unknown).isLessThanOrEqualTo(5);
        assertThat(written).contains("Zoloft", "Lexapro", "Spravato", "ECT", "CBT", "selegiline transdermal");
    }

    @Test
    void everyScaleOccursAndSomeAlternativeSpellings() throws IOException {
        Set<Scale> scales = EnumSet.noneOf(Scale.class);
        Set<String> spellings = new TreeSet<>();
        for (Map<String, String> row : trialRows()) {
            if (!row.get("scale").isEmpty()) {
                scales.add(Scale.parse(row.get("scale")).orElseThrow());
                spellings.add(row.get("scale"));
            }
        }
        assertThat(scales).containsExactlyInAnyOrder(Scale.values());
        assertThat(spellings).contains("PHQ-9", "HAM-D-17", "QIDS-SR16");
    }

    @Test
    void adequacyFailuresOfEveryKindOccur() throws IOException {
        List<Map<String, String>> rows = trialRows();
        assertThat(rows).anyMatch(r -> r.get("treatment").equals("venlafaxine") && r.get("dose").equals("75"));
        assertThat(rows).anyMatch(r -> isAntidepressant(r) && r.get("dose").isEmpty());
        assertThat(rows).anyMatch(r -> r.get("dose_unit").equals("mcg") && isAntidepressant(r));
        assertThat(rows).anyMatch(r -> r.get("dose_unit").equals("mg/24h"));
        assertThat(rows).anyMatch(r -> r.get("end_date").isEmpty());
        assertThat(rows).anyMatch(r -> !r.get("adherence_pct").isEmpty() && Double.parseDouble(r.get("adherence_pct")) < 80);
        assertThat(rows).anyMatch(r -> r.get("stop_reason").equals("side_effects"));
        assertThat(rows).anyMatch(r -> r.get("stop_reason").equals("nonadherence"));
        assertThat(rows).anyMatch(r -> isAntidepressant(r) && isDate(r.get("end_date"))
                && LocalDate.parse(r.get("start_date")).plusWeeks(6).isAfter(LocalDate.parse(r.get("end_date"))));
    }

    @Test
    void noValidDateIsAfterTheAsOfDate() throws IOException {
        long unparseable = 0;
        for (Map<String, String> row : trialRows()) {
            for (String column : List.of("start_date", "end_date")) {
                String value = row.get(column);
                if (isDate(value)) {
                    assertThat(LocalDate.parse(value)).isBeforeOrEqualTo(AS_OF);
                } else if (!value.isEmpty()) {
                    unparseable++;
                }
            }
        }
        for (Map<String, String> row : read("patients.csv").rows()) {
            if (!row.get("episode_start").isEmpty()) {
                assertThat(LocalDate.parse(row.get("episode_start"))).isBeforeOrEqualTo(AS_OF);
            }
        }
        assertThat(unparseable).isEqualTo(summary.brokenRowsByKind().get(BrokenRowKind.BAD_DATE));
    }

    @Test
    void brokenRowsAreExactlyTheOnesCountedAndWellBelowTenPercentPerFile() throws IOException {
        Map<BrokenRowKind, Long> found = new EnumMap<>(BrokenRowKind.class);
        Set<List<String>> earlierTrials = new HashSet<>();
        for (WrittenFile file : summary.files()) {
            String name = file.path().getFileName().toString();
            List<Map<String, String>> rows = ExtractReader.read(file.path()).rows();
            long broken = 0;
            Set<String> patientIds = new HashSet<>();
            for (Map<String, String> row : rows) {
                List<BrokenRowKind> faults = name.startsWith("trials")
                        ? FaultFinder.trialFaults(row, earlierTrials)
                        : patientIds.add(row.get("patient_id")) ? List.of() : List.of(BrokenRowKind.DUPLICATE_PATIENT_ROW);
                assertThat(faults).as("%s: one fault per broken row, %s", name, row).hasSizeLessThanOrEqualTo(1);
                faults.forEach(kind -> found.merge(kind, 1L, Long::sum));
                broken += faults.size();
            }
            assertThat(broken).as(name).isEqualTo(file.brokenRows());
            assertThat((double) broken / rows.size()).as(name).isLessThan(0.10);
        }
        for (BrokenRowKind kind : BrokenRowKind.values()) {
            assertThat(found.getOrDefault(kind, 0L)).as(kind.name()).isEqualTo(summary.brokenRowsByKind().get(kind))
                    .isPositive();
        }
    }

    @Test
    void patientsShowBipolarReviewFlagsAndMissingRowsOnBothSides() throws IOException {
        List<Map<String, String>> patients = read("patients.csv").rows();
        Set<String> withRow = new HashSet<>();
        long bipolar = 0;
        for (Map<String, String> p : patients) {
            withRow.add(p.get("patient_id"));
            if (p.get("diagnosis").startsWith("F31") || isTrue(p.get("bipolar"))) {
                bipolar++;
            }
        }
        Set<String> withTrials = new HashSet<>();
        trialRows().forEach(r -> withTrials.add(r.get("patient_id")));

        assertThat(withTrials).anyMatch(id -> !withRow.contains(id) && !id.contains("@"));
        assertThat(withRow).anyMatch(id -> !withTrials.contains(id));
        assertThat((double) bipolar / patients.size()).isBetween(0.03, 0.10);
        assertThat(patients).extracting(p -> p.get("diagnosis")).contains("E03.9", "F10.2", "F43.10", "F90.0", "");
        assertThat(patients).extracting(p -> p.get("sex")).contains("F", "M", "X", "U", "");
        assertThat(patients).extracting(p -> p.get("age_band"))
                .contains("18-24", "25-34", "35-44", "45-54", "55-64", "65+", "");
    }

    @Test
    void remissionFallsByStepRoughlyLikeStarD() throws IOException {
        StepRates rates = StepRates.of(trialRows());
        assertThat(rates.remission(1)).isBetween(0.30, 0.44);
        assertThat(rates.remission(2)).isBetween(0.24, 0.38);
        assertThat(rates.remission(3)).isBetween(0.09, 0.21);
        assertThat(rates.remission(4)).isBetween(0.07, 0.20);
        assertThat(rates.response(1)).isGreaterThan(rates.remission(1));
    }

    @Test
    void aPerFileLimitSplitsSiteFilesIntoParts(@TempDir Path folder) throws IOException {
        GenerationSummary parts = SampleExtractGenerator.generate(folder,
                GeneratorOptions.of(1000, 1L, AS_OF).withSites(2).withTrialsPerFileLimit(500));

        assertThat(fileNames(folder)).startsWith("patients.csv", "trials-site-north-001.csv", "trials-site-north-002.csv");
        assertThat(parts.files()).allSatisfy(f -> {
            if (!f.path().getFileName().toString().equals("patients.csv")) {
                assertThat(f.dataRows()).isLessThanOrEqualTo(500);
            }
        });
    }

    @Test
    void aHundredThousandPatientsStreamQuickly(@TempDir Path folder) {
        long t0 = System.nanoTime();
        GenerationSummary big = SampleExtractGenerator.generate(folder, GeneratorOptions.of(100_000, 42L, AS_OF));
        double seconds = (System.nanoTime() - t0) / 1e9;
        long rows = big.trialRows() + big.patientRows();
        System.out.printf("100k patients: %,d trial rows, %,d patient rows in %.2f s = %,.0f rows/s%n",
                big.trialRows(), big.patientRows(), seconds, rows / seconds);
        assertThat(big.patients()).isEqualTo(100_000);
        assertThat(big.trialRows()).isGreaterThan(200_000);
    }

    // --- helpers

    private static List<Map<String, String>> trialRows() throws IOException {
        List<Map<String, String>> rows = new ArrayList<>();
        for (String name : fileNames(sampleFolder)) {
            if (name.startsWith("trials")) {
                rows.addAll(read(name).rows());
            }
        }
        return rows;
    }

    private static ExtractReader read(String name) throws IOException {
        return ExtractReader.read(sampleFolder.resolve(name));
    }

    private static List<String> fileNames(Path folder) throws IOException {
        try (var files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static boolean isAntidepressant(Map<String, String> row) {
        return SampleTreatments.byWrittenName(row.get("treatment")).map(SampleTreatment::isAntidepressant).orElse(false);
    }

    static boolean isDate(String value) {
        try {
            LocalDate.parse(value);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static boolean isTrue(String value) {
        return Set.of("true", "yes", "y", "1").contains(value.toLowerCase());
    }

    /** What a strict reader of docs/data-contract.md would reject, per row, named by the generator's kinds. */
    static final class FaultFinder {
        static List<BrokenRowKind> trialFaults(Map<String, String> row, Set<List<String>> earlier) {
            List<BrokenRowKind> faults = new ArrayList<>();
            List<String> contractValues = TRIAL_COLUMNS.stream().map(row::get).toList();
            if (!earlier.add(contractValues)) {
                faults.add(BrokenRowKind.DUPLICATE_TRIAL_ROW);
            }
            if (row.get("patient_id").contains("@")) {
                faults.add(BrokenRowKind.EMAIL_AS_PATIENT_ID);
            }
            if (SampleTreatments.byWrittenName(row.get("treatment")).isEmpty()) {
                faults.add(BrokenRowKind.UNKNOWN_TREATMENT);
            }
            if (!isDate(row.get("start_date"))) {
                faults.add(BrokenRowKind.BAD_DATE);
            } else if (!row.get("end_date").isEmpty()
                    && LocalDate.parse(row.get("end_date")).isBefore(LocalDate.parse(row.get("start_date")))) {
                faults.add(BrokenRowKind.END_BEFORE_START);
            }
            Optional<Scale> scale = Scale.parse(row.get("scale"));
            if (scale.isPresent() && (outOfRange(scale.get(), row.get("baseline_score"))
                    || outOfRange(scale.get(), row.get("outcome_score")))) {
                faults.add(BrokenRowKind.SCORE_OUT_OF_RANGE);
            }
            if (isAntidepressant(row) && row.get("strategy").isEmpty()) {
                faults.add(BrokenRowKind.MISSING_STRATEGY);
            }
            if (!row.get("outcome_score").isEmpty() && row.get("baseline_score").isEmpty()) {
                faults.add(BrokenRowKind.OUTCOME_WITHOUT_BASELINE);
            }
            if (!row.get("stop_reason").isEmpty() && StopReason.parse(row.get("stop_reason")).isEmpty()) {
                faults.add(BrokenRowKind.UNKNOWN_STOP_REASON);
            }
            return faults;
        }

        private static boolean outOfRange(Scale scale, String score) {
            return !score.isEmpty() && !scale.inRange(Double.parseDouble(score));
        }
    }

    /** Remission and response per step (rank of a trial in its patient-episode), over evaluable trials. */
    record StepRates(long[] evaluable, long[] remitters, long[] responders) {
        static StepRates of(List<Map<String, String>> rows) {
            long[] evaluable = new long[5];
            long[] remitters = new long[5];
            long[] responders = new long[5];
            Map<String, Integer> step = new java.util.HashMap<>();
            for (Map<String, String> row : rows) {
                String episode = row.get("episode").isEmpty() ? "1" : row.get("episode");
                int s = step.merge(row.get("patient_id") + "/" + episode, 1, Integer::sum);
                Optional<Scale> scale = Scale.parse(row.get("scale"));
                if (s > 4 || row.get("end_date").isEmpty() || scale.isEmpty()
                        || row.get("baseline_score").isEmpty() || row.get("outcome_score").isEmpty()) {
                    continue;
                }
                double baseline = Double.parseDouble(row.get("baseline_score"));
                double outcome = Double.parseDouble(row.get("outcome_score"));
                if (baseline <= 0 || !scale.get().inRange(baseline)) {
                    continue;
                }
                evaluable[s]++;
                remitters[s] += scale.get().isRemission(outcome) ? 1 : 0;
                responders[s] += (baseline - outcome) / baseline >= 0.5 ? 1 : 0;
            }
            return new StepRates(evaluable, remitters, responders);
        }

        double remission(int step) {
            return (double) remitters[step] / evaluable[step];
        }

        double response(int step) {
            return (double) responders[step] / evaluable[step];
        }
    }
}
