package org.trdoutcomes.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.trdoutcomes.ingest.Extracts.AS_OF;
import static org.trdoutcomes.ingest.Extracts.PATIENTS_HEADER;
import static org.trdoutcomes.ingest.Extracts.TREATMENTS;
import static org.trdoutcomes.ingest.Extracts.TRIALS_HEADER;
import static org.trdoutcomes.ingest.Extracts.line;
import static org.trdoutcomes.ingest.Extracts.validPatient;
import static org.trdoutcomes.ingest.Extracts.validTrial;
import static org.trdoutcomes.ingest.Extracts.write;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.trdoutcomes.ingest.ExtractRow.AcceptedPatient;
import org.trdoutcomes.ingest.ExtractRow.AcceptedTrial;
import org.trdoutcomes.ingest.ExtractRow.RejectedRow;
import org.trdoutcomes.ingest.ExtractRow.WarningRow;

class ExtractItemReaderTest {

    @TempDir
    Path dir;

    @BeforeEach
    void extracts() {
        StringBuilder north = new StringBuilder("patient_id,start_date,treatment,strategy,comment\n");
        for (int i = 1; i <= 5; i++) {
            north.append("N").append(i).append(",2024-01-0").append(i).append(",sertraline,initial,c").append(i).append('\n');
        }
        north.append("N6,2024-02-30,sertraline,initial,bad date\n");
        write(dir, "trials-north.csv", north.toString());

        Map<String, String> bad = validTrial();
        bad.put("treatment", "aspirin");
        write(dir, "trials-south.csv", TRIALS_HEADER + "\n" + line(validTrial()) + "\n\n" + line(bad) + "\n"
                + line(validTrial()).replace("P-000123", "S3") + "\n");

        Map<String, String> patient = validPatient();
        write(dir, "patients.csv", PATIENTS_HEADER + ",Ward\n" + line(patient) + ",w1\n" + line(patient).replace("P-000123", "N1")
                + ",w2\n");
        write(dir, "notes.txt", "not an extract");
    }

    private ExtractItemReader reader() {
        return new ExtractItemReader(ExtractDiscovery.discover(dir), TREATMENTS, AS_OF);
    }

    private static List<ExtractRow> readAll(ExtractItemReader reader) {
        List<ExtractRow> rows = new ArrayList<>();
        for (ExtractRow row = reader.read(); row != null; row = reader.read()) {
            rows.add(row);
        }
        return rows;
    }

    private static List<ExtractRow> read(ExtractItemReader reader, int count) {
        List<ExtractRow> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(reader.read());
        }
        return rows;
    }

    private static String describe(ExtractRow row) {
        if (row instanceof WarningRow w) {
            return "W " + w.warning().code() + " " + w.warning().file() + " " + w.warning().column();
        }
        if (row instanceof AcceptedTrial t) {
            return "T " + t.fileIndex() + ":" + t.line() + " " + t.trial().patientId();
        }
        if (row instanceof AcceptedPatient p) {
            return "P " + p.fileIndex() + ":" + p.line() + " " + p.patient().patientId();
        }
        RejectedRow r = (RejectedRow) row;
        return "R " + r.fileIndex() + ":" + r.line() + " " + r.rejections().get(0).reason();
    }

    private String sha(String name) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(dir.resolve(name))));
    }

    @Test
    void warningsFirstThenEveryRowOfEveryFileInOrder() {
        ExtractItemReader reader = reader();
        reader.open(new ExecutionContext());

        List<String> rows = readAll(reader).stream().map(ExtractItemReaderTest::describe).toList();
        reader.close();

        assertThat(rows).containsExactly(
                "W IGNORED_FILE notes.txt null",
                "W UNKNOWN_COLUMN trials-north.csv comment",
                "W UNKNOWN_COLUMN patients.csv Ward",
                "T 0:2 N1", "T 0:3 N2", "T 0:4 N3", "T 0:5 N4", "T 0:6 N5", "R 0:7 BAD_DATE",
                "T 1:2 P-000123", "R 1:4 UNKNOWN_TREATMENT", "T 1:5 S3",
                "P 2:2 P-000123", "P 2:3 N1");
    }

    @Test
    void perFileResultsInTheExecutionContext() throws Exception {
        ExtractItemReader reader = reader();
        ExecutionContext context = new ExecutionContext();
        reader.open(context);
        readAll(reader);
        reader.update(context);
        reader.close();

        assertThat(context.getInt("ingest.files")).isEqualTo(3);
        assertThat(context.getString("ingest.file.0.name")).isEqualTo("trials-north.csv");
        assertThat(context.getString("ingest.file.0.kind")).isEqualTo("TRIALS");
        assertThat(context.getLong("ingest.file.0.rowsRead")).isEqualTo(6L);
        assertThat(context.getString("ingest.file.0.sha256")).isEqualTo(sha("trials-north.csv"));
        assertThat(context.getString("ingest.file.1.name")).isEqualTo("trials-south.csv");
        assertThat(context.getLong("ingest.file.1.rowsRead")).isEqualTo(3L);
        assertThat(context.getString("ingest.file.1.sha256")).isEqualTo(sha("trials-south.csv"));
        assertThat(context.getString("ingest.file.2.kind")).isEqualTo("PATIENTS");
        assertThat(context.getLong("ingest.file.2.rowsRead")).isEqualTo(2L);
        assertThat(context.getString("ingest.file.2.sha256")).isEqualTo(sha("patients.csv"));
    }

    @Test
    void shaIsNotPublishedBeforeTheFileIsFinished() {
        ExtractItemReader reader = reader();
        ExecutionContext context = new ExecutionContext();
        reader.open(context);
        read(reader, 5);
        reader.update(context);
        reader.close();

        assertThat(context.getLong("ingest.file.0.rowsRead")).isEqualTo(2L);
        assertThat(context.containsKey("ingest.file.0.sha256")).isFalse();
        assertThat(context.getString("ingest.file.2.name")).isEqualTo("patients.csv");
    }

    @Test
    void restartAtEveryPointContinuesWithTheNextRowAndEndsWithTheSameCounts() {
        ExtractItemReader full = reader();
        ExecutionContext fullContext = new ExecutionContext();
        full.open(fullContext);
        List<String> expected = readAll(full).stream().map(ExtractItemReaderTest::describe).toList();
        full.update(fullContext);
        full.close();

        for (int k = 0; k <= expected.size(); k++) {
            ExtractItemReader first = reader();
            ExecutionContext context = new ExecutionContext();
            first.open(context);
            List<String> rows = new ArrayList<>(read(first, k).stream().map(ExtractItemReaderTest::describe).toList());
            first.update(context);
            first.close(); // the run stops here (crash after the chunk's commit)

            ExecutionContext restored = new ExecutionContext(context);
            ExtractItemReader second = reader();
            second.open(restored);
            rows.addAll(readAll(second).stream().map(ExtractItemReaderTest::describe).toList());
            second.update(restored);
            second.close();

            assertThat(rows).as("restart after %d items", k).isEqualTo(expected);
            for (int i = 0; i < 3; i++) {
                assertThat(restored.getLong(ExtractItemReader.rowsReadKey(i))).as("rows read of file %d after restart at %d", i, k)
                        .isEqualTo(fullContext.getLong(ExtractItemReader.rowsReadKey(i)));
                assertThat(restored.getString(ExtractItemReader.sha256Key(i)))
                        .isEqualTo(fullContext.getString(ExtractItemReader.sha256Key(i)));
            }
        }
    }

    @Test
    void anUpdateAfterCloseKeepsThePositionSoARestartDoesNotReadRowsTwice() {
        ExtractItemReader full = reader();
        full.open(new ExecutionContext());
        List<String> expected = readAll(full).stream().map(ExtractItemReaderTest::describe).toList();
        full.close();

        ExtractItemReader first = reader();
        ExecutionContext context = new ExecutionContext();
        first.open(context);
        List<String> rows = new ArrayList<>(read(first, 3 + 6 + 2).stream().map(ExtractItemReaderTest::describe).toList());
        first.close(); // a stop closes the streams before the last update is saved
        first.update(context);

        ExtractItemReader second = reader();
        second.open(new ExecutionContext(context));
        rows.addAll(readAll(second).stream().map(ExtractItemReaderTest::describe).toList());
        second.close();
        assertThat(rows).isEqualTo(expected);
    }

    @Test
    void restartOnAFileThatLostRowsFails() throws Exception {
        ExtractItemReader first = reader();
        ExecutionContext context = new ExecutionContext();
        first.open(context);
        read(first, 3 + 6 + 2); // warnings, all of trials-north, 2 rows of trials-south
        first.update(context);
        first.close();
        write(dir, "trials-south.csv", TRIALS_HEADER + "\n" + line(validTrial()) + "\n");

        ExtractItemReader second = reader();
        assertThatThrownBy(() -> second.open(context))
                .isInstanceOf(org.springframework.batch.infrastructure.item.ItemStreamException.class)
                .hasMessageContaining("trials-south.csv");
    }

    @Test
    void aRefusedHeaderInAnyFileFailsOpenBeforeAnyRow() {
        write(dir, "patients.csv", "patient_id,DOB\nP1,1970-01-01\n");
        ExtractItemReader reader = reader();

        assertThatThrownBy(() -> reader.open(new ExecutionContext()))
                .isInstanceOf(ExtractFailure.class)
                .hasMessageContaining("patients.csv")
                .hasMessageContaining("DOB");
    }

    @Test
    void rowsReadEqualsAcceptedPlusRejectedForEachFile() {
        ExtractItemReader reader = reader();
        ExecutionContext context = new ExecutionContext();
        reader.open(context);
        List<ExtractRow> rows = readAll(reader);
        reader.update(context);
        reader.close();

        for (int i = 0; i < 3; i++) {
            final int file = i;
            long accepted = rows.stream().filter(r -> r instanceof AcceptedTrial t && t.fileIndex() == file
                    || r instanceof AcceptedPatient p && p.fileIndex() == file).count();
            long rejected = rows.stream().filter(r -> r instanceof RejectedRow x && x.fileIndex() == file).count();
            assertThat(context.getLong(ExtractItemReader.rowsReadKey(i))).isEqualTo(accepted + rejected);
        }
    }
}
