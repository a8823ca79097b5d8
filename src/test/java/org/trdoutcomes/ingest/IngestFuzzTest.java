package org.trdoutcomes.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.trdoutcomes.ingest.ExtractRow.AcceptedPatient;
import org.trdoutcomes.ingest.ExtractRow.AcceptedTrial;
import org.trdoutcomes.ingest.ExtractRow.RejectedRow;
import org.trdoutcomes.ingest.ExtractRow.WarningRow;

/**
 * Fuzzes the real ingest ({@link ExtractDiscovery} + {@link ExtractFileItemReader} over files in a temp folder) with
 * seeded mutations of valid extracts ({@link ExtractMutator}). Every case either completes with every row
 * accounted for — rows read = accepted + rejected for each file, and rows read equal to an independent count
 * of the records in the mutated bytes ({@link IndependentRecordCounter}) — or fails at file level with an
 * {@link ExtractFailure} carrying a one-line message. Anything else (another exception, a hang, a row lost, a
 * rejection without reason or message, a value longer than the staging columns hold) fails the test, and the
 * input is kept under {@code target/fuzz-failures/} to reproduce it.
 *
 * <p>Some cases are read in two pieces, as a restart would (update, close, reopen from the saved context),
 * and must give the same totals.
 *
 * <p>{@code -Dtrd.fuzz.cases=N} (default 3000) and {@code -Dtrd.fuzz.seed=S} change the run; the {@code fuzz}
 * Maven profile runs 50,000 cases.
 */
class IngestFuzzTest {

    static final int CASES = Integer.getInteger("trd.fuzz.cases", 3000);
    static final long SEED = Long.getLong("trd.fuzz.seed", 20260630L);
    /** The staging columns' sizes (migration V1, db/migration/{vendor}/V1__release_0_1_schema.sql): a longer text
     * would fail the chunk's INSERT. */
    static final int MAX_VALUE = 100;
    static final int MAX_COLUMN = 100;
    static final int MAX_MESSAGE = 1000;
    static final int MAX_FILE_NAME = 255;

    @TempDir
    Path temp;

    @Test
    void everyMutatedExtractIsReadWithEveryRowAccountedForOrRefusedAtFileLevel() throws IOException {
        Figures figures = run(CASES, SEED);

        System.out.println("FUZZ ingest: " + figures);
        figures.problems.forEach(p -> System.out.println("FUZZ problem: " + p));
        assertThat(figures.problems).as("cases that lost rows or threw something unexpected").isEmpty();
        assertThat(figures.completed + figures.refused).isEqualTo(CASES);
    }

    Figures run(int cases, long seed) throws IOException {
        Figures figures = new Figures();
        for (int c = 0; c < cases; c++) {
            long caseSeed = seed * 1_000_003L + c;
            ExtractMutator mutator = new ExtractMutator(caseSeed);
            Path dir = Files.createDirectory(temp.resolve("case-" + c));
            List<String> applied = new ArrayList<>();
            byte[] trials = mutated(mutator, mutator.validTrials(), applied);
            Files.write(dir.resolve("trials.csv"), trials);
            byte[] patients = null;
            if (mutator.random().nextInt(3) == 0) {
                patients = mutated(mutator, mutator.validPatients(), applied);
                Files.write(dir.resolve("patients.csv"), patients);
            }
            boolean restart = mutator.random().nextInt(5) == 0;
            long started = System.nanoTime();
            String problem = check(dir, trials, patients, restart, figures);
            long ms = (System.nanoTime() - started) / 1_000_000;
            figures.maxCaseMs = Math.max(figures.maxCaseMs, ms);
            applied.forEach(a -> figures.mutations.merge(a, 1, Integer::sum));
            if (problem != null) {
                Path kept = Path.of("target", "fuzz-failures", "seed-" + seed + "-case-" + c);
                Files.createDirectories(kept);
                Files.write(kept.resolve("trials.csv"), trials);
                if (patients != null) {
                    Files.write(kept.resolve("patients.csv"), patients);
                }
                figures.problems.add("case " + c + " " + applied + ": " + problem);
            }
            deleteTree(dir);
        }
        return figures;
    }

    private static byte[] mutated(ExtractMutator mutator, List<List<String>> table, List<String> applied) {
        int tableMutations = mutator.random().nextInt(3);
        for (int i = 0; i < tableMutations; i++) {
            applied.add(mutator.mutateTable(table));
        }
        return mutator.mutateBytes(mutator.toCsv(table), applied);
    }

    /** Reads the case through the real reader; null when every promise holds, else what broke. */
    private static String check(Path dir, byte[] trials, byte[] patients, boolean restart, Figures figures) {
        long[] accepted = new long[2];
        long[] rejected = new long[2];
        List<ExecutionContext> contexts = new ArrayList<>();
        try {
            ExtractManifest manifest = ExtractDiscovery.discover(dir);
            // every header is checked before any row, as the job's check step does
            for (InputFile file : manifest.files()) {
                new ExtractFileReader(file, Extracts.AS_OF, Extracts.TREATMENTS).close();
            }
            int readBeforeRestart = restart ? 1 + (int) (Math.abs(trials.length * 31L) % 20) : Integer.MAX_VALUE;
            for (InputFile file : manifest.files()) {
                ExecutionContext context = new ExecutionContext();
                contexts.add(context);
                ExtractFileItemReader reader = new ExtractFileItemReader(file, Extracts.AS_OF, Extracts.TREATMENTS, 1);
                reader.open(context);
                int items = 0;
                try {
                    for (RowBlock block = reader.read(); block != null; block = reader.read()) {
                        for (ExtractRow row : block.rows()) {
                            String bad = account(row, accepted, rejected);
                            if (bad != null) {
                                return bad;
                            }
                        }
                        if (++items == readBeforeRestart) {
                            // as a chunk commit would: save the state, and continue from it in a new reader
                            reader.update(context);
                            reader.close();
                            reader = new ExtractFileItemReader(file, Extracts.AS_OF, Extracts.TREATMENTS, 1);
                            reader.open(context);
                            figures.restarts++;
                        }
                    }
                    reader.update(context);
                } finally {
                    reader.close();
                }
            }
        } catch (ExtractFailure e) {
            figures.refused++;
            String message = e.getMessage();
            if (message == null || message.isBlank() || message.contains("\n")) {
                return "file-level failure without a one-line message: " + message;
            }
            // a refused file is one the independent counter could not read a header from, or a header problem
            return null;
        } catch (Throwable t) {
            StringWriter s = new StringWriter();
            t.printStackTrace(new PrintWriter(s));
            figures.unexpected++;
            return "unexpected " + s.toString().lines().limit(8).reduce((a, b) -> a + " | " + b).orElse("");
        }
        figures.completed++;
        byte[][] bytes = {trials, patients};
        ExtractManifest manifest = ExtractDiscovery.discover(dir);
        for (int i = 0; i < contexts.size(); i++) {
            ExecutionContext context = contexts.get(i);
            long read = context.getLong(ExtractFileItemReader.ROWS_READ_KEY);
            int kind = manifest.files().get(i).kind() == FileKind.TRIALS ? 0 : 1;
            long expected = IndependentRecordCounter.dataRows(bytes[kind]);
            figures.rowsRead += read;
            figures.accepted += accepted[kind];
            figures.rejected += rejected[kind];
            if (read != accepted[kind] + rejected[kind]) {
                figures.rowsLost += Math.abs(read - accepted[kind] - rejected[kind]);
                return "file " + i + ": " + read + " read but " + accepted[kind] + " accepted + " + rejected[kind]
                        + " rejected";
            }
            if (read != expected) {
                figures.rowsLost += Math.abs(read - expected);
                return "file " + i + ": " + read + " read but the independent count is " + expected;
            }
            if (context.getString(ExtractFileItemReader.SHA256_KEY, null) == null) {
                return "file " + i + " has no SHA-256 after being read";
            }
        }
        return null;
    }

    private static String account(ExtractRow row, long[] accepted, long[] rejected) {
        if (row instanceof AcceptedTrial) {
            accepted[0]++;
        } else if (row instanceof AcceptedPatient p) {
            accepted[1]++;
            // TRD_PATIENT: SITE VARCHAR(64), AGE_BAND and DIAGNOSIS VARCHAR(100)
            var a = p.patient();
            if (fits(null, a.site(), a.ageBand(), a.diagnosis() == null ? "-" : a.diagnosis()) != null
                    || length(a.site()) > 64 || length(a.ageBand()) > MAX_VALUE || length(a.diagnosis()) > MAX_VALUE) {
                return "accepted patient at line " + p.line() + " with a value longer than staging holds";
            }
        } else if (row instanceof RejectedRow r) {
            rejected[r.fileIndex() == 0 ? 0 : 1]++;
            if (r.rejections().isEmpty()) {
                return "rejected row at line " + r.line() + " without a reason";
            }
            for (Rejection x : r.rejections()) {
                String bad = fits(x.file(), x.column(), x.value(), x.message());
                if (x.reason() == null || bad != null) {
                    return "rejection " + x.reason() + " at line " + r.line() + ": " + bad;
                }
            }
        } else if (row instanceof WarningRow w) {
            ExtractWarning x = w.warning();
            String bad = fits(x.file(), x.column(), x.value(), x.message());
            if (x.code() == null || bad != null) {
                return "warning " + x.code() + ": " + bad;
            }
        }
        return null;
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }

    /** What the staging tables can hold (migration V1, db/migration/{vendor}/V1__release_0_1_schema.sql), so that
     * staging never fails on input data. */
    static String fits(String file, String column, String value, String message) {
        if (message == null || message.isBlank()) {
            return "no message";
        }
        for (String text : new String[] {file, column, value, message}) {
            if (text != null && text.indexOf('\u0000') >= 0) {
                return "a NUL character, which PostgreSQL cannot store";
            }
        }
        if (message.length() > MAX_MESSAGE) {
            return "message of " + message.length() + " characters";
        }
        if (column != null && column.length() > MAX_COLUMN) {
            return "column name of " + column.length() + " characters";
        }
        if (value != null && value.length() > MAX_VALUE) {
            return "value of " + value.length() + " characters";
        }
        if (file != null && file.length() > MAX_FILE_NAME) {
            return "file name of " + file.length() + " characters";
        }
        return null;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    static final class Figures {
        int completed;
        int refused;
        int unexpected;
        int restarts;
        long rowsRead;
        long accepted;
        long rejected;
        long rowsLost;
        long maxCaseMs;
        final Map<String, Integer> mutations = new TreeMap<>();
        final List<String> problems = new ArrayList<>();

        @Override
        public String toString() {
            return "cases=" + (completed + refused) + " seed=" + SEED + " completed=" + completed
                    + " refusedAtFileLevel=" + refused + " restartedMidFile=" + restarts + " rowsRead=" + rowsRead
                    + " accepted=" + accepted + " rejected=" + rejected + " rowsLost=" + rowsLost
                    + " unexpectedExceptions=" + unexpected + " slowestCaseMs=" + maxCaseMs + " mutations=" + mutations
                    + (problems.isEmpty() ? "" : " problems(" + problems.size() + ")=" + problems.subList(0,
                    Math.min(5, problems.size())));
        }
    }
}
