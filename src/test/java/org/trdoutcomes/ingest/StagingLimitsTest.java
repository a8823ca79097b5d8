package org.trdoutcomes.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.trdoutcomes.ingest.Extracts.PATIENTS_HEADER;
import static org.trdoutcomes.ingest.Extracts.TRIALS_HEADER;
import static org.trdoutcomes.ingest.Extracts.line;
import static org.trdoutcomes.ingest.Extracts.readAll;
import static org.trdoutcomes.ingest.Extracts.validPatient;
import static org.trdoutcomes.ingest.Extracts.validTrial;
import static org.trdoutcomes.ingest.Extracts.write;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.trdoutcomes.ingest.ExtractRow.RejectedRow;

/**
 * Whatever the input holds, what the ingest hands to staging fits the staging columns (migration V1,
 * db/migration/{vendor}/V1__release_0_1_schema.sql: COLUMN_NAME and CELL_VALUE 100, MESSAGE 1000, AGE_BAND and DIAGNOSIS 100 characters), so that the chunk's
 * INSERT never fails on input data and fails the run. Each case was found by {@link IngestFuzzTest}.
 */
class StagingLimitsTest {

    @TempDir
    Path dir;

    @Test
    void aVeryLongUnknownColumnNameIsWarnedAboutCutAt100Characters() {
        String longName = "remarks_" + "x".repeat(5000);
        Path file = write(dir, "trials.csv", TRIALS_HEADER + "," + longName + "\n" + line(validTrial()) + ",\n");

        try (ExtractFileReader reader = new ExtractFileReader(Extracts.input(file, FileKind.TRIALS), Extracts.AS_OF,
                Extracts.TREATMENTS)) {
            List<ExtractWarning> warnings = reader.headerWarnings();
            assertThat(warnings).singleElement().satisfies(w -> {
                assertThat(w.column()).hasSize(100).startsWith("remarks_");
                assertThat(w.message()).hasSizeLessThanOrEqualTo(1000).contains("remarks_");
            });
        }
    }

    @Test
    void badBytesInAVeryLongUnknownColumnAreRejectedNamingTheColumnCut() {
        String longName = "remarks_" + "x".repeat(5000);
        Path file = Extracts.writeBytes(dir, "trials.csv", concat((TRIALS_HEADER + "," + longName + "\n"
                + line(validTrial()) + ",bad").getBytes(), new byte[] {(byte) 0xFF, '\n'}));

        List<Rejection> rejections = Extracts.rejections(readAll(file, FileKind.TRIALS));

        assertThat(rejections).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(RejectionReason.BAD_ENCODING);
            assertThat(r.column()).hasSize(100);
            assertThat(r.message()).hasSizeLessThanOrEqualTo(1000);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"dose", "adherence_pct", "baseline_score", "outcome_score"})
    void anOutOfRangeNumberWrittenWithThousandsOfDigitsGivesAShortMessage(String column) {
        Map<String, String> row = validTrial();
        row.put(column, column.equals("dose") ? "-" + "0".repeat(3000) + "1" : "0".repeat(3000) + "101");

        List<ExtractRow> rows = readAll(write(dir, "trials.csv", TRIALS_HEADER + "\n" + line(row) + "\n"),
                FileKind.TRIALS);

        assertThat(rows).singleElement().isInstanceOfSatisfying(RejectedRow.class, r -> assertThat(r.rejections())
                .allSatisfy(x -> {
                    assertThat(x.reason()).isEqualTo(RejectionReason.OUT_OF_RANGE);
                    assertThat(x.value()).hasSize(100);
                    assertThat(x.message()).hasSizeLessThanOrEqualTo(1000);
                }));
    }

    @ParameterizedTest
    @ValueSource(strings = {"age_band", "diagnosis"})
    void aPatientTextLongerThanStagingHoldsIsRejectedNotCutSilently(String column) {
        Map<String, String> row = validPatient();
        row.put(column, "y".repeat(101));

        List<ExtractRow> rows = readAll(write(dir, "patients.csv", PATIENTS_HEADER + "\n" + line(row) + "\n"),
                FileKind.PATIENTS);

        assertThat(rows).singleElement().isInstanceOfSatisfying(RejectedRow.class, r -> assertThat(r.rejections())
                .singleElement().satisfies(x -> {
                    assertThat(x.reason()).isEqualTo(RejectionReason.OUT_OF_RANGE);
                    assertThat(x.column()).isEqualTo(column);
                    assertThat(x.value()).hasSize(100);
                    assertThat(x.message()).contains("101").contains("100");
                }));
    }

    @Test
    void aPatientTextOfExactly100CharactersIsKept() {
        Map<String, String> row = validPatient();
        row.put("diagnosis", "F".repeat(100));

        List<ExtractRow> rows = readAll(write(dir, "patients.csv", PATIENTS_HEADER + "\n" + line(row) + "\n"),
                FileKind.PATIENTS);

        assertThat(rows).singleElement().isInstanceOf(ExtractRow.AcceptedPatient.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"site", "age_band", "diagnosis", "remarks"})
    void aNulCharacterInACellIsBadEncodingAndNeverReachesStaging(String column) {
        // PostgreSQL refuses NUL in text: staged, it would fail the chunk and the run
        Path file = write(dir, "patients.csv", PATIENTS_HEADER + ",remarks\n" + line(validPatient()).replace("north",
                column.equals("site") ? "no\u0000rth" : "north") + ","
                + (column.equals("remarks") ? "a\u0000b" : "") + "\n");
        if (column.equals("age_band") || column.equals("diagnosis")) {
            Map<String, String> row = validPatient();
            row.put(column, "F3\u00003");
            file = write(dir, "patients.csv", PATIENTS_HEADER + ",remarks\n" + line(row) + ",\n");
        }

        List<Rejection> rejections = Extracts.rejections(readAll(file, FileKind.PATIENTS));

        assertThat(rejections).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(RejectionReason.BAD_ENCODING);
            assertThat(r.column()).isEqualTo(column);
            assertThat(r.value()).doesNotContain("\u0000").contains("\u2400");
            assertThat(r.message()).contains("NUL");
        });
    }

    @Test
    void aUtf16FileIsRefusedAsNotUtf8Text() {
        Path file = Extracts.writeBytes(dir, "trials.csv", (TRIALS_HEADER + "\n" + line(validTrial()) + "\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_16));

        assertThatThrownBy(() -> readAll(file, FileKind.TRIALS)).isInstanceOf(ExtractFailure.class)
                .hasMessageContaining("trials.csv").hasMessageContaining("not UTF-8");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
