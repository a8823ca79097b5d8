package org.trdoutcomes.staging;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.trdoutcomes.rules.Treatment;
import org.trdoutcomes.rules.Trial;
import org.trdoutcomes.staging.StagedRowCodec.StagedPatient;

/** Reads one bucket back: its rows from the bucket file of every input file, in file order. */
public final class BucketReader {

    private BucketReader() {
    }

    /** The staged rows of one bucket. */
    public record Bucket(List<Trial> trials, List<StagedPatient> patients) {
    }

    /**
     * @param files number of input files of the run (each has one file per bucket, empty when it staged nothing
     *              there)
     */
    public static Bucket read(WorkFolder work, int bucket, int files, Function<String, Treatment> treatments) {
        List<Trial> trials = new ArrayList<>();
        List<StagedPatient> patients = new ArrayList<>();
        for (int f = 0; f < files; f++) {
            Path path = work.bucketFile(f, bucket);
            if (!Files.exists(path)) {
                // every ingest partition creates all its bucket files when it opens, so one missing here means the
                // work folder was cleaned under the run: classifying without it would silently lose rows
                throw new IllegalStateException("The work file " + path.toAbsolutePath() + " is missing (was"
                        + " trd.work-dir cleaned during the run?). Start the night again with --rerun.");
            }
            try (BinaryInput in = new BinaryInput(Files.newInputStream(path), 1 << 16)) {
                while (true) {
                    int kind = in.read();
                    if (kind < 0) {
                        break;
                    }
                    if (kind == StagedRowCodec.TRIAL) {
                        trials.add(StagedRowCodec.readTrial(in, treatments));
                    } else if (kind == StagedRowCodec.PATIENT) {
                        patients.add(StagedRowCodec.readPatient(in));
                    } else {
                        throw new IllegalStateException("Work file " + path + " is corrupt (row kind " + kind + ")");
                    }
                }
            } catch (EOFException e) {
                throw new IllegalStateException("Work file " + path + " ends in the middle of a row: it was not"
                        + " truncated to its committed length", e);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the work file " + path + ": " + e.getMessage(), e);
            }
        }
        return new Bucket(trials, patients);
    }
}
