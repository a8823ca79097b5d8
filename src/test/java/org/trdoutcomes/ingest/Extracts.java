package org.trdoutcomes.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.trdoutcomes.ingest.ExtractRow.RejectedRow;
import org.trdoutcomes.rules.DrugClass;
import org.trdoutcomes.rules.Dose;
import org.trdoutcomes.rules.DoseUnit;
import org.trdoutcomes.rules.Treatment;

/** Test fixtures: a tiny treatment catalogue, a valid trials row and helpers to write and read extract files. */
final class Extracts {

    static final LocalDate AS_OF = LocalDate.of(2025, 6, 30);

    static final Treatment SERTRALINE = new Treatment("sertraline", DrugClass.SSRI, new Dose(50, DoseUnit.MG), List.of("Zoloft"));
    static final Treatment LITHIUM = new Treatment("lithium", DrugClass.LITHIUM, null, List.of("Priadel"));
    static final Treatment ECT = new Treatment("ECT", DrugClass.ECT, null, List.of("electroconvulsive therapy"));

    private static final Map<String, Treatment> BY_NAME = new LinkedHashMap<>();

    static {
        for (Treatment t : List.of(SERTRALINE, LITHIUM, ECT)) {
            BY_NAME.put(t.canonicalName().toLowerCase(Locale.ROOT), t);
            t.synonyms().forEach(s -> BY_NAME.put(s.toLowerCase(Locale.ROOT), t));
        }
    }

    static final Function<String, Optional<Treatment>> TREATMENTS =
            name -> Optional.ofNullable(BY_NAME.get(name.strip().toLowerCase(Locale.ROOT)));

    static final String TRIALS_HEADER = "patient_id,episode,start_date,end_date,treatment,strategy,dose,dose_unit,"
            + "sessions,adherence_pct,scale,baseline_score,outcome_score,stop_reason";

    static final String PATIENTS_HEADER = "patient_id,site,sex,age_band,diagnosis,episode_start,psychotic_features,"
            + "bipolar,hypothyroidism,substance_use,trauma,adhd";

    /** A trials row that every rule accepts, column by column. */
    static Map<String, String> validTrial() {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("patient_id", "P-000123");
        row.put("episode", "1");
        row.put("start_date", "2024-01-01");
        row.put("end_date", "2024-03-01");
        row.put("treatment", "sertraline");
        row.put("strategy", "initial");
        row.put("dose", "100");
        row.put("dose_unit", "mg");
        row.put("sessions", "");
        row.put("adherence_pct", "90");
        row.put("scale", "PHQ9");
        row.put("baseline_score", "20");
        row.put("outcome_score", "8");
        row.put("stop_reason", "completed");
        return row;
    }

    static Map<String, String> validPatient() {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("patient_id", "P-000123");
        row.put("site", "north");
        row.put("sex", "F");
        row.put("age_band", "35-44");
        row.put("diagnosis", "F33.2");
        row.put("episode_start", "2023-06-01");
        row.put("psychotic_features", "no");
        row.put("bipolar", "0");
        row.put("hypothyroidism", "");
        row.put("substance_use", "N");
        row.put("trauma", "yes");
        row.put("adhd", "false");
        return row;
    }

    /** One CSV line of the values (no quoting: fixtures keep commas out of values unless they quote them). */
    static String line(Map<String, String> row) {
        return String.join(",", row.values());
    }

    static Path write(Path dir, String name, String content) {
        return writeBytes(dir, name, content.getBytes(StandardCharsets.UTF_8));
    }

    static Path writeBytes(Path dir, String name, byte[] content) {
        try {
            return Files.write(dir.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static InputFile input(Path file, FileKind kind) {
        return new InputFile(0, file, kind);
    }

    /** Every row of a file, read to the end. */
    static List<ExtractRow> readAll(ExtractFileReader reader) {
        List<ExtractRow> rows = new ArrayList<>();
        for (ExtractRow row = reader.next(); row != null; row = reader.next()) {
            rows.add(row);
        }
        return rows;
    }

    static List<ExtractRow> readAll(Path file, FileKind kind) {
        try (ExtractFileReader reader = new ExtractFileReader(input(file, kind), AS_OF, TREATMENTS)) {
            return readAll(reader);
        }
    }

    static List<Rejection> rejections(List<ExtractRow> rows) {
        List<Rejection> all = new ArrayList<>();
        for (ExtractRow row : rows) {
            if (row instanceof RejectedRow rejected) {
                all.addAll(rejected.rejections());
            }
        }
        return all;
    }

    private Extracts() {
    }
}
