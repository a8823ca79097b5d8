package org.trdoutcomes.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.trdoutcomes.ingest.Extracts.AS_OF;
import static org.trdoutcomes.ingest.Extracts.TREATMENTS;
import static org.trdoutcomes.ingest.Extracts.TRIALS_HEADER;
import static org.trdoutcomes.ingest.Extracts.input;
import static org.trdoutcomes.ingest.Extracts.line;
import static org.trdoutcomes.ingest.Extracts.readAll;
import static org.trdoutcomes.ingest.Extracts.rejections;
import static org.trdoutcomes.ingest.Extracts.validTrial;
import static org.trdoutcomes.ingest.Extracts.write;
import static org.trdoutcomes.ingest.Extracts.writeBytes;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.trdoutcomes.ingest.ExtractRow.AcceptedTrial;
import org.trdoutcomes.ingest.ExtractRow.RejectedRow;

class ExtractFileFormatTest {

    @TempDir
    Path dir;

    private static String valid(String patientId) {
        Map<String, String> row = validTrial();
        row.put("patient_id", patientId);
        return line(row);
    }

    private static List<Long> lines(List<ExtractRow> rows) {
        return rows.stream().map(ExtractFileFormatTest::lineOf).toList();
    }

    static long lineOf(ExtractRow r) {
        if (r instanceof AcceptedTrial t) {
            return t.line();
        }
        if (r instanceof ExtractRow.AcceptedPatient p) {
            return p.line();
        }
        if (r instanceof RejectedRow x) {
            return x.line();
        }
        return -1L;
    }

    private static List<String> patientIds(List<ExtractRow> rows) {
        return rows.stream().filter(AcceptedTrial.class::isInstance).map(r -> ((AcceptedTrial) r).trial().patientId()).toList();
    }

    @Test
    void semicolonFileWithSpreadsheetHeaderNames() {
        String header = "Patient ID;Start-Date;TREATMENT;Strategy;Dose";
        Path file = write(dir, "trials.csv", header + "\nP1;2024-01-01;sertraline;initial;12.5\n");

        List<ExtractRow> rows = readAll(file, FileKind.TRIALS);

        assertThat(rows).singleElement().isInstanceOfSatisfying(AcceptedTrial.class, t -> {
            assertThat(t.trial().patientId()).isEqualTo("P1");
            assertThat(t.trial().dose().amount()).isEqualTo(12.5);
        });
    }

    @Test
    void headerWithBothDelimitersMeansComma() {
        Path file = write(dir, "trials.csv", "patient_id,start_date,treatment,strategy,\"a;b\"\nP1,2024-01-01,lithium,,x\n");

        assertThat(readAll(file, FileKind.TRIALS)).singleElement().isInstanceOf(AcceptedTrial.class);
    }

    @Test
    void byteOrderMarkIsTolerated() {
        byte[] text = (TRIALS_HEADER + "\n" + valid("P1") + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[text.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(text, 0, withBom, 3, text.length);
        Path file = writeBytes(dir, "trials.csv", withBom);

        try (ExtractFileReader reader = new ExtractFileReader(input(file, FileKind.TRIALS), AS_OF, TREATMENTS)) {
            assertThat(reader.headerWarnings()).isEmpty();
            assertThat(readAll(reader)).singleElement().isInstanceOf(AcceptedTrial.class);
        }
    }

    @Test
    void crlfLineEnds() {
        Path file = write(dir, "trials.csv", TRIALS_HEADER + "\r\n" + valid("P1") + "\r\n\r\n" + valid("P2") + "\r\n");

        List<ExtractRow> rows = readAll(file, FileKind.TRIALS);

        assertThat(patientIds(rows)).containsExactly("P1", "P2");
        assertThat(lines(rows)).containsExactly(2L, 4L);
        assertThat(((AcceptedTrial) rows.get(1)).trial().stopReason()).isNotNull(); // no stray \r in the last cell
    }

    @Test
    void quotedFieldsWithEmbeddedCommaAndNewlineKeepLineNumbersRight() {
        String header = "patient_id,start_date,treatment,strategy,note";
        String content = header + "\n"
                + "P1,2024-01-01,sertraline,initial,\"a, b\"\n"          // line 2
                + "P2,2024-01-01,sertraline,initial,\"first\nsecond\nthird\"\n" // lines 3-5
                + "P3,2024-01-01,\"ser\"\"traline\",initial,x\n"          // line 6: doubled quote
                + "P4,2024-01-01,sertraline,initial,y\n";                 // line 7
        Path file = write(dir, "trials.csv", content);

        List<ExtractRow> rows = readAll(file, FileKind.TRIALS);

        assertThat(lines(rows)).containsExactly(2L, 3L, 6L, 7L);
        assertThat(rows.get(2)).isInstanceOfSatisfying(RejectedRow.class, r -> assertThat(r.rejections().get(0))
                .extracting(Rejection::value, Rejection::reason)
                .containsExactly("ser\"traline", RejectionReason.UNKNOWN_TREATMENT));
    }

    @Test
    void blankLinesAreSkippedButAdvanceTheLineCount() {
        String content = TRIALS_HEADER + "\n\n" + valid("P1") + "\n\n\n" + valid("P2") + "\n\n";
        Path file = write(dir, "trials.csv", content);

        try (ExtractFileReader reader = new ExtractFileReader(input(file, FileKind.TRIALS), AS_OF, TREATMENTS)) {
            List<ExtractRow> rows = readAll(reader);
            assertThat(lines(rows)).containsExactly(3L, 6L);
            assertThat(reader.rowsRead()).isEqualTo(2);
        }
    }

    @Test
    void lineOfOnlyDelimitersIsARowWithMissingValues() {
        Path file = write(dir, "trials.csv", TRIALS_HEADER + "\n" + ",".repeat(13) + "\n");

        List<ExtractRow> rows = readAll(file, FileKind.TRIALS);

        assertThat(rejections(rows)).extracting(Rejection::reason).containsOnly(RejectionReason.MISSING_VALUE);
    }

    @Test
    void invalidUtf8BytesRejectTheRowAsBadEncodingAndReadingGoesOn() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write((TRIALS_HEADER + "\n").getBytes(StandardCharsets.UTF_8));
        String[] halves = valid("P1").split("sertraline");
        out.write((halves[0] + "sertr").getBytes(StandardCharsets.UTF_8));
        out.write(new byte[] {(byte) 0xC3, (byte) 0x28}); // a lead byte followed by a non-continuation byte
        out.write(("aline" + halves[1] + "\n" + valid("P2") + "\n").getBytes(StandardCharsets.UTF_8));
        Path file = writeBytes(dir, "trials.csv", out.toByteArray());

        List<ExtractRow> rows = readAll(file, FileKind.TRIALS);

        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).isInstanceOfSatisfying(RejectedRow.class, r -> {
            assertThat(r.line()).isEqualTo(2);
            assertThat(r.rejections()).singleElement().satisfies(x -> {
                assertThat(x.column()).isEqualTo("treatment");
                assertThat(x.reason()).isEqualTo(RejectionReason.BAD_ENCODING);
                assertThat(x.value()).isEqualTo("sertr\uFFFD(aline");
                assertThat(x.line()).isEqualTo(2);
            });
        });
        assertThat(patientIds(rows)).containsExactly("P2");
    }

    @Test
    void badEncodingInAnUnknownColumnStillRejectsTheRow() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write("patient_id,start_date,treatment,strategy,comment\nP1,2024-01-01,lithium,,caf".getBytes(StandardCharsets.UTF_8));
        out.write(0xE9); // Latin-1 é
        out.write('\n');
        Path file = writeBytes(dir, "trials.csv", out.toByteArray());

        assertThat(rejections(readAll(file, FileKind.TRIALS))).singleElement()
                .extracting(Rejection::column, Rejection::reason)
                .containsExactly("comment", RejectionReason.BAD_ENCODING);
    }

    @Test
    void wrongFieldCountIsMalformedRecord() {
        Path file = write(dir, "trials.csv", TRIALS_HEADER + "\n" + valid("P1") + ",extra\nP2,1\n" + valid("P3") + "\n");

        List<ExtractRow> rows = readAll(file, FileKind.TRIALS);

        assertThat(rejections(rows)).extracting(Rejection::line, Rejection::column, Rejection::value, Rejection::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(2L, null, null, RejectionReason.MALFORMED_RECORD),
                        org.assertj.core.groups.Tuple.tuple(3L, null, null, RejectionReason.MALFORMED_RECORD));
        assertThat(patientIds(rows)).containsExactly("P3");
    }

    @Test
    void characterAfterAClosingQuoteIsMalformedAndTheNextLinesAreStillRead() {
        String header = "patient_id,start_date,treatment,strategy";
        String content = header + "\n"
                + "P1,2024-01-01,\"lithium\"x,\n"      // line 2: broken
                + "P2,\"2024-01-01\"y,\"a\"b,\n"        // line 3: broken twice
                + "P3,2024-01-01,lithium,\n";            // line 4
        Path file = write(dir, "trials.csv", content);

        try (ExtractFileReader reader = new ExtractFileReader(input(file, FileKind.TRIALS), AS_OF, TREATMENTS)) {
            List<ExtractRow> rows = readAll(reader);
            assertThat(lines(rows)).containsExactly(2L, 3L, 4L);
            assertThat(rejections(rows)).extracting(Rejection::reason)
                    .containsExactly(RejectionReason.MALFORMED_RECORD, RejectionReason.MALFORMED_RECORD);
            assertThat(patientIds(rows)).containsExactly("P3");
            assertThat(reader.rowsRead()).isEqualTo(3);
        }
    }

    @Test
    void unbalancedQuoteIsOneMalformedRecordRunningToTheEndOfTheFile() {
        String content = TRIALS_HEADER + "\n" + valid("P1") + "\n"
                + "P2,1,\"2024-01-01,2024-03-01,sertraline,initial,100,mg,,90,PHQ9,20,8,completed\n"
                + valid("P3") + "\n" + valid("P4") + "\n";
        Path file = write(dir, "trials.csv", content);

        try (ExtractFileReader reader = new ExtractFileReader(input(file, FileKind.TRIALS), AS_OF, TREATMENTS)) {
            List<ExtractRow> rows = readAll(reader);
            assertThat(lines(rows)).containsExactly(2L, 3L);
            assertThat(rows.get(1)).isInstanceOfSatisfying(RejectedRow.class, r -> assertThat(r.rejections())
                    .singleElement().satisfies(x -> {
                        assertThat(x.reason()).isEqualTo(RejectionReason.MALFORMED_RECORD);
                        assertThat(x.line()).isEqualTo(3);
                        assertThat(x.message()).contains("never closed");
                    }));
            assertThat(reader.rowsRead()).isEqualTo(2);
            assertThat(reader.sha256()).isNotBlank();
        }
    }

    @Test
    void rowsReadEqualsAcceptedPlusRejected() {
        Map<String, String> bad = validTrial();
        bad.put("dose", "lots");
        String content = TRIALS_HEADER + "\n" + valid("P1") + "\n" + line(bad) + "\n\n" + valid("P2") + ",x\n"
                + valid("P3") + "\n";
        Path file = write(dir, "trials.csv", content);

        try (ExtractFileReader reader = new ExtractFileReader(input(file, FileKind.TRIALS), AS_OF, TREATMENTS)) {
            List<ExtractRow> rows = readAll(reader);
            long accepted = rows.stream().filter(AcceptedTrial.class::isInstance).count();
            long rejected = rows.stream().filter(RejectedRow.class::isInstance).count();
            assertThat(accepted).isEqualTo(2);
            assertThat(rejected).isEqualTo(2);
            assertThat(reader.rowsRead()).isEqualTo(accepted + rejected);
        }
    }

    @Test
    void sha256IsTheDigestOfTheFileBytes() throws Exception {
        StringBuilder content = new StringBuilder("\uFEFF" + TRIALS_HEADER + "\r\n");
        for (int i = 0; i < 2000; i++) {
            content.append(valid("P" + i)).append("\r\n");
        }
        Path file = write(dir, "trials.csv", content.toString());
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));

        try (ExtractFileReader reader = new ExtractFileReader(input(file, FileKind.TRIALS), AS_OF, TREATMENTS)) {
            assertThatThrownBy(reader::sha256).isInstanceOf(IllegalStateException.class);
            assertThat(readAll(reader)).hasSize(2000);
            assertThat(reader.sha256()).isEqualTo(expected);
        }
    }

    @Test
    void skipResumesAfterTheSkippedRecordsAndTheDigestStillCoversTheWholeFile() throws Exception {
        String content = TRIALS_HEADER + "\n" + valid("P1") + "\n\n" + valid("P2") + "\n" + valid("P3") + "\n";
        Path file = write(dir, "trials.csv", content);
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));

        try (ExtractFileReader reader = new ExtractFileReader(input(file, FileKind.TRIALS), AS_OF, TREATMENTS)) {
            assertThat(reader.skip(2)).isEqualTo(2);
            List<ExtractRow> rows = readAll(reader);
            assertThat(patientIds(rows)).containsExactly("P3");
            assertThat(lines(rows)).containsExactly(5L);
            assertThat(reader.rowsRead()).isEqualTo(3);
            assertThat(reader.sha256()).isEqualTo(expected);
        }
    }

    @Test
    void unknownColumnsAreOneWarningEach() {
        Path file = write(dir, "trials.csv", "patient_id,start_date,treatment,Comment,strategy,x_ref\nP1,2024-01-01,lithium,hi,,7\n");

        try (ExtractFileReader reader = new ExtractFileReader(input(file, FileKind.TRIALS), AS_OF, TREATMENTS)) {
            assertThat(reader.headerWarnings())
                    .extracting(ExtractWarning::file, ExtractWarning::line, ExtractWarning::column, ExtractWarning::code)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("trials.csv", 1L, "Comment", WarningCode.UNKNOWN_COLUMN),
                            org.assertj.core.groups.Tuple.tuple("trials.csv", 1L, "x_ref", WarningCode.UNKNOWN_COLUMN));
            assertThat(readAll(reader)).singleElement().isInstanceOf(AcceptedTrial.class);
        }
    }

    static List<String> directIdentifierColumns() {
        return List.of("name", "first_name", "last_name", "surname", "full_name", "address", "street", "city", "zip",
                "postcode", "phone", "email", "mrn", "ssn", "nhs_number", "dob", "date_of_birth", "birth_date", "birthdate",
                "First Name", "DOB", " Date-of-Birth ", "NHS Number", "E-MAIL".replace("-", ""));
    }

    @ParameterizedTest
    @MethodSource("directIdentifierColumns")
    void directIdentifierColumnFailsTheFileNamingFileAndColumn(String column) {
        Path file = write(dir, "trials-north.csv", "patient_id,start_date,treatment,strategy," + column + "\n");

        assertThatThrownBy(() -> new ExtractFileReader(input(file, FileKind.TRIALS), AS_OF, TREATMENTS))
                .isInstanceOf(ExtractFailure.class)
                .hasMessageContaining("trials-north.csv")
                .hasMessageContaining(column.strip())
                .hasMessageContaining("direct identifier")
                .hasMessageNotContaining("\n");
    }

    @Test
    void directIdentifierColumnInAPatientsFileFailsToo() {
        Path file = write(dir, "patients.csv", "patient_id,site,Last Name\n");

        assertThatThrownBy(() -> new ExtractFileReader(input(file, FileKind.PATIENTS), AS_OF, TREATMENTS))
                .isInstanceOf(ExtractFailure.class)
                .hasMessageContaining("patients.csv")
                .hasMessageContaining("Last Name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"patient_id", "start_date", "treatment"})
    void requiredTrialsColumnMissingFailsTheFileNamingTheColumn(String required) {
        String header = TRIALS_HEADER.replace(required + ",", "");
        Path file = write(dir, "trials.csv", header + "\n");

        assertThatThrownBy(() -> new ExtractFileReader(input(file, FileKind.TRIALS), AS_OF, TREATMENTS))
                .isInstanceOf(ExtractFailure.class)
                .hasMessageContaining("trials.csv")
                .hasMessageContaining(required);
    }

    @Test
    void strategyColumnIsNotRequiredButAnAntidepressantWithoutItIsRejected() {
        Path file = write(dir, "trials.csv", "patient_id,start_date,treatment\nP1,2024-01-01,lithium\nP2,2024-01-01,sertraline\n");

        List<ExtractRow> rows = readAll(file, FileKind.TRIALS);

        assertThat(patientIds(rows)).containsExactly("P1");
        assertThat(rejections(rows)).singleElement().extracting(Rejection::line, Rejection::column, Rejection::reason)
                .containsExactly(3L, "strategy", RejectionReason.MISSING_STRATEGY);
    }

    @Test
    void patientIdMissingInAPatientsHeaderFailsTheFile() {
        Path file = write(dir, "patients.csv", "site,sex\nnorth,F\n");

        assertThatThrownBy(() -> new ExtractFileReader(input(file, FileKind.PATIENTS), AS_OF, TREATMENTS))
                .isInstanceOf(ExtractFailure.class)
                .hasMessageContaining("patients.csv")
                .hasMessageContaining("patient_id");
    }

    @Test
    void emptyFileFails() {
        Path file = write(dir, "trials.csv", "\n\n");

        assertThatThrownBy(() -> new ExtractFileReader(input(file, FileKind.TRIALS), AS_OF, TREATMENTS))
                .isInstanceOf(ExtractFailure.class)
                .hasMessageContaining("trials.csv")
                .hasMessageContaining("empty");
    }

    @Test
    void columnGivenTwiceFailsTheFile() {
        Path file = write(dir, "trials.csv", "patient_id,start_date,treatment,Patient-ID\n");

        assertThatThrownBy(() -> new ExtractFileReader(input(file, FileKind.TRIALS), AS_OF, TREATMENTS))
                .isInstanceOf(ExtractFailure.class)
                .hasMessageContaining("patient_id twice");
    }

    @Test
    void missingFileFails() {
        assertThatThrownBy(() -> new ExtractFileReader(input(dir.resolve("trials.csv"), FileKind.TRIALS), AS_OF, TREATMENTS))
                .isInstanceOf(ExtractFailure.class)
                .hasMessageContaining("trials.csv");
    }
}
