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
import java.util.function.IntFunction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.trdoutcomes.ingest.ExtractRow.AcceptedPatient;
import org.trdoutcomes.ingest.ExtractRow.AcceptedTrial;
import org.trdoutcomes.ingest.ExtractRow.RejectedRow;
import org.trdoutcomes.ingest.ExtractRow.WarningRow;

/**
 * The reader of one extract file, as one partition of the ingest step runs it: header warnings first, every row in
 * order, its row count and SHA-256 in the execution context, and a restart at any committed block that goes on with
 * the next row, never reading one twice.
 */
class ExtractFileItemReaderTest {

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

    /** The reader of file {@code index} of the extract, one row per block (so a block is a row here). */
    private ExtractFileItemReader reader(int index) {
        return new ExtractFileItemReader(ExtractDiscovery.discover(dir).files().get(index), AS_OF, TREATMENTS, 1);
    }

    private static List<ExtractRow> readAll(ExtractFileItemReader reader) {
        List<ExtractRow> rows = new ArrayList<>();
        for (RowBlock block = reader.read(); block != null; block = reader.read()) {
            rows.addAll(block.rows());
        }
        return rows;
    }

    private static List<ExtractRow> read(ExtractFileItemReader reader, int blocks) {
        List<ExtractRow> rows = new ArrayList<>();
        for (int i = 0; i < blocks; i++) {
            RowBlock block = reader.read();
            if (block != null) {
                rows.addAll(block.rows());
            }
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

    private static List<String> describeAll(List<ExtractRow> rows) {
        return rows.stream().map(ExtractFileItemReaderTest::describe).toList();
    }

    private String sha(String name) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(dir.resolve(name))));
    }

    /** Every file read whole, each by its own reader (as the partitions do), in manifest order. */
    private List<String> everyFile(IntFunction<ExtractFileItemReader> readers) {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ExtractFileItemReader reader = readers.apply(i);
            reader.open(new ExecutionContext());
            rows.addAll(describeAll(readAll(reader)));
            reader.close();
        }
        return rows;
    }

    @Test
    void headerWarningsFirstThenEveryRowOfTheFileInOrder() {
        assertThat(everyFile(this::reader)).containsExactly(
                "W UNKNOWN_COLUMN trials-north.csv comment",
                "T 0:2 N1", "T 0:3 N2", "T 0:4 N3", "T 0:5 N4", "T 0:6 N5", "R 0:7 BAD_DATE",
                "T 1:2 P-000123", "R 1:4 UNKNOWN_TREATMENT", "T 1:5 S3",
                "W UNKNOWN_COLUMN patients.csv Ward",
                "P 2:2 P-000123", "P 2:3 N1");
    }

    @Test
    void blocksHoldAsManyRowsAsAsked() {
        ExtractFileItemReader reader = new ExtractFileItemReader(ExtractDiscovery.discover(dir).files().get(0), AS_OF,
                TREATMENTS, 4);
        reader.open(new ExecutionContext());
        List<Integer> sizes = new ArrayList<>();
        List<Long> records = new ArrayList<>();
        for (RowBlock block = reader.read(); block != null; block = reader.read()) {
            sizes.add(block.rows().size());
            records.add(block.records());
        }
        reader.close();
        // blocks of 4 records; the warning rides in the first block and is not a record
        assertThat(sizes).containsExactly(5, 2);
        assertThat(records).containsExactly(4L, 2L);
    }

    @Test
    void rowCountAndShaOfTheFileInTheExecutionContext() throws Exception {
        String[] names = {"trials-north.csv", "trials-south.csv", "patients.csv"};
        long[] rowsRead = {6, 3, 2};
        for (int i = 0; i < 3; i++) {
            ExtractFileItemReader reader = reader(i);
            ExecutionContext context = new ExecutionContext();
            reader.open(context);
            readAll(reader);
            reader.update(context);
            reader.close();
            assertThat(context.getLong(ExtractFileItemReader.ROWS_READ_KEY)).as(names[i]).isEqualTo(rowsRead[i]);
            assertThat(context.getString(ExtractFileItemReader.SHA256_KEY)).as(names[i]).isEqualTo(sha(names[i]));
        }
    }

    @Test
    void shaIsNotPublishedBeforeTheFileIsFinished() {
        ExtractFileItemReader reader = reader(0);
        ExecutionContext context = new ExecutionContext();
        reader.open(context);
        read(reader, 3); // 3 rows of 6 (the warning rides with the first)
        reader.update(context);
        reader.close();

        assertThat(context.getLong(ExtractFileItemReader.ROWS_READ_KEY)).isEqualTo(3L);
        assertThat(context.containsKey(ExtractFileItemReader.SHA256_KEY)).isFalse();
    }

    @Test
    void restartAtEveryPointContinuesWithTheNextRowAndEndsWithTheSameCounts() {
        for (int file = 0; file < 3; file++) {
            ExtractFileItemReader full = reader(file);
            ExecutionContext fullContext = new ExecutionContext();
            full.open(fullContext);
            List<String> expected = describeAll(readAll(full));
            full.update(fullContext);
            full.close();

            for (int k = 0; k <= expected.size(); k++) {
                ExtractFileItemReader first = reader(file);
                ExecutionContext context = new ExecutionContext();
                first.open(context);
                List<String> rows = new ArrayList<>(describeAll(read(first, k)));
                first.update(context);
                first.close(); // the run stops here (crash after the chunk's commit)

                ExecutionContext restored = new ExecutionContext(context);
                ExtractFileItemReader second = reader(file);
                second.open(restored);
                rows.addAll(describeAll(readAll(second)));
                second.update(restored);
                second.close();

                assertThat(rows).as("file %d, restart after %d blocks", file, k).isEqualTo(expected);
                assertThat(restored.getLong(ExtractFileItemReader.ROWS_READ_KEY))
                        .isEqualTo(fullContext.getLong(ExtractFileItemReader.ROWS_READ_KEY));
                assertThat(restored.getString(ExtractFileItemReader.SHA256_KEY))
                        .isEqualTo(fullContext.getString(ExtractFileItemReader.SHA256_KEY));
            }
        }
    }

    @Test
    void anUpdateAfterCloseKeepsThePositionSoARestartDoesNotReadRowsTwice() {
        ExtractFileItemReader full = reader(0);
        full.open(new ExecutionContext());
        List<String> expected = describeAll(readAll(full));
        full.close();

        ExtractFileItemReader first = reader(0);
        ExecutionContext context = new ExecutionContext();
        first.open(context);
        List<String> rows = new ArrayList<>(describeAll(read(first, 4)));
        first.close(); // a stop closes the streams before the last update is saved
        first.update(context);

        ExtractFileItemReader second = reader(0);
        second.open(new ExecutionContext(context));
        rows.addAll(describeAll(readAll(second)));
        second.close();
        assertThat(rows).isEqualTo(expected);
    }

    @Test
    void restartOnAFileThatLostRowsFails() {
        ExtractFileItemReader first = reader(1);
        ExecutionContext context = new ExecutionContext();
        first.open(context);
        read(first, 2); // 2 rows of trials-south
        first.update(context);
        first.close();
        write(dir, "trials-south.csv", TRIALS_HEADER + "\n" + line(validTrial()) + "\n");

        ExtractFileItemReader second = reader(1);
        assertThatThrownBy(() -> second.open(context))
                .isInstanceOf(org.springframework.batch.infrastructure.item.ItemStreamException.class)
                .hasMessageContaining("trials-south.csv");
    }

    @Test
    void aRefusedHeaderFailsOpenBeforeAnyRow() {
        write(dir, "patients.csv", "patient_id,DOB\nP1,1970-01-01\n");
        ExtractFileItemReader reader = reader(2);

        assertThatThrownBy(() -> reader.open(new ExecutionContext()))
                .isInstanceOf(ExtractFailure.class)
                .hasMessageContaining("patients.csv")
                .hasMessageContaining("DOB");
    }

    @Test
    void rowsReadEqualsAcceptedPlusRejectedForEachFile() {
        for (int i = 0; i < 3; i++) {
            ExtractFileItemReader reader = reader(i);
            ExecutionContext context = new ExecutionContext();
            reader.open(context);
            List<ExtractRow> rows = readAll(reader);
            reader.update(context);
            reader.close();
            long accepted = rows.stream().filter(r -> r instanceof AcceptedTrial || r instanceof AcceptedPatient).count();
            long rejected = rows.stream().filter(r -> r instanceof RejectedRow).count();
            assertThat(context.getLong(ExtractFileItemReader.ROWS_READ_KEY)).isEqualTo(accepted + rejected);
        }
    }
}
