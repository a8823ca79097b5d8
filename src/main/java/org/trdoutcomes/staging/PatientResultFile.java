package org.trdoutcomes.staging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Consumer;
import org.trdoutcomes.report.PatientLine;
import org.trdoutcomes.report.RowSource;

/**
 * The classified patients of one bucket, sorted by patient id, as the Patients sheet shows them. A bucket's file is
 * written whole and moved into place, so a partition that fails or is killed leaves none (or the complete file of an
 * earlier attempt, which the re-run replaces). The report merges the buckets' files into one stream in patient-id
 * order ({@link #merged}), holding one row per bucket.
 */
public final class PatientResultFile {

    private PatientResultFile() {
    }

    /** Writes {@code lines} (sorted by patient id) as bucket {@code bucket}'s result file, atomically. */
    public static void write(WorkFolder work, int bucket, List<PatientLine> lines) {
        WorkFolder.writeAtomically(work.resultFile(bucket), raw -> {
            BinaryOutput out = new BinaryOutput(raw, 1 << 16);
            out.writeInt(lines.size());
            for (PatientLine p : lines) {
                write(out, p);
            }
            out.flush();
        });
    }

    private static void write(BinaryOutput out, PatientLine p) throws IOException {
        out.writeUTF(p.patient());
        writeNullable(out, p.site());
        out.writeInt(p.episode());
        out.writeInt(p.antidepressantTrials());
        out.writeInt(p.failedAgents());
        out.writeInt(p.adequatelyFailedAgents());
        out.writeUTF(p.classification());
        out.writeInt(p.thaseRushStage());
        out.writeDouble(p.mghScore());
        out.writeBoolean(p.msmScore() != null);
        if (p.msmScore() != null) {
            out.writeInt(p.msmScore());
        }
        writeNullable(out, p.msmCategory());
        out.writeUTF(p.flags());
        out.writeShort(p.extraClassifications().size());
        for (String c : p.extraClassifications()) {
            out.writeUTF(c);
        }
    }

    private static PatientLine read(BinaryInput in) throws IOException {
        String patient = in.readUTF();
        String site = readNullable(in);
        int episode = in.readInt();
        int adTrials = in.readInt();
        int failed = in.readInt();
        int adequatelyFailed = in.readInt();
        String classification = in.readUTF();
        int thaseRush = in.readInt();
        double mgh = in.readDouble();
        Integer msm = in.readBoolean() ? in.readInt() : null;
        String msmCategory = readNullable(in);
        String flags = in.readUTF();
        int extras = in.readUnsignedShort();
        List<String> extra = new ArrayList<>(extras);
        for (int i = 0; i < extras; i++) {
            extra.add(in.readUTF());
        }
        return new PatientLine(patient, site, episode, adTrials, failed, adequatelyFailed, classification, thaseRush,
                mgh, msm, msmCategory, flags, List.copyOf(extra));
    }

    private static void writeNullable(BinaryOutput out, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    private static String readNullable(BinaryInput in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    /** One bucket's file, read in order. */
    private static final class Cursor implements AutoCloseable {
        private final BinaryInput in;
        private int left;
        private PatientLine current;

        Cursor(Path path) throws IOException {
            in = new BinaryInput(Files.newInputStream(path), 1 << 15);
            left = in.readInt();
            advance();
        }

        void advance() throws IOException {
            current = left-- > 0 ? read(in) : null;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** The patients of every bucket in patient-id order ({@link String#compareTo}, as the Patients sheet sorts). */
    public static RowSource<PatientLine> merged(WorkFolder work, int buckets) {
        return consumer -> merge(work, buckets, consumer);
    }

    private static void merge(WorkFolder work, int buckets, Consumer<? super PatientLine> consumer) {
        List<Cursor> cursors = new ArrayList<>(buckets);
        try {
            PriorityQueue<Cursor> queue = new PriorityQueue<>(Math.max(1, buckets),
                    Comparator.comparing((Cursor c) -> c.current.patient()));
            for (int b = 0; b < buckets; b++) {
                Path path = work.resultFile(b);
                if (!Files.exists(path)) {
                    throw new IllegalStateException("The classified patients of bucket " + b + " are missing ("
                            + path.toAbsolutePath() + "); was trd.work-dir cleaned during the run?");
                }
                Cursor c = new Cursor(path);
                cursors.add(c);
                if (c.current != null) {
                    queue.add(c);
                }
            }
            while (!queue.isEmpty()) {
                Cursor c = queue.poll();
                consumer.accept(c.current);
                c.advance();
                if (c.current != null) {
                    queue.add(c);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the classified patients in " + work.folder().toAbsolutePath()
                    + ": " + e.getMessage(), e);
        } finally {
            for (Cursor c : cursors) {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // read-only
                }
            }
        }
    }
}
