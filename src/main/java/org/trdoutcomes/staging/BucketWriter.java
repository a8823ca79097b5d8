package org.trdoutcomes.staging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.trdoutcomes.rules.PatientAttributes;
import org.trdoutcomes.rules.Trial;

/**
 * Appends the accepted rows of one input file to its bucket files ({@link WorkFolder#bucketFile}), one per bucket.
 * Restartable the way Spring Batch's flat-file writers are: {@link #positions()} flushes and returns each file's
 * length, which the step saves with the chunk it commits; a restart {@linkplain #open opens} the files truncated to
 * those lengths, so rows written after the last commit (by a process that was killed) are dropped and written again,
 * never twice. Rows go straight to a buffered file: no index, no per-row transaction.
 */
public final class BucketWriter implements AutoCloseable {

    private static final int BUFFER = 1 << 15;

    private final WorkFolder work;
    private final int file;
    private final int buckets;
    private final FileChannel[] channels;
    private final BinaryOutput[] outputs;

    private BucketWriter(WorkFolder work, int file, int buckets) {
        this.work = work;
        this.file = file;
        this.buckets = buckets;
        this.channels = new FileChannel[buckets];
        this.outputs = new BinaryOutput[buckets];
    }

    /**
     * Opens the bucket files of input file {@code file}, each truncated to its committed length.
     *
     * @param committed the lengths saved with the last committed chunk, or null on a first start
     * @throws IllegalStateException when a committed file is missing or shorter than committed (the work folder was
     *                               cleaned between the failure and the restart: the run cannot resume safely)
     */
    public static BucketWriter open(WorkFolder work, int file, int buckets, long[] committed) {
        BucketWriter writer = new BucketWriter(work, file, buckets);
        work.create();
        try {
            for (int b = 0; b < buckets; b++) {
                Path path = work.bucketFile(file, b);
                long keep = committed == null ? 0 : committed[b];
                if (keep > 0 && (!Files.exists(path) || Files.size(path) < keep)) {
                    writer.close();
                    throw new IllegalStateException("Cannot restart: the work file " + path.toAbsolutePath()
                            + " is missing or shorter than the " + keep + " bytes the interrupted run committed"
                            + " (was trd.work-dir cleaned?). Start the night again with --rerun.");
                }
                FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                channel.truncate(keep);
                channel.position(keep);
                writer.channels[b] = channel;
                writer.outputs[b] = new BinaryOutput(Channels.newOutputStream(channel), BUFFER);
            }
        } catch (IOException e) {
            writer.close();
            throw new UncheckedIOException("Cannot open the work files of " + work.folder().toAbsolutePath() + ": "
                    + e.getMessage(), e);
        }
        return writer;
    }

    public void write(Trial trial) {
        try {
            StagedRowCodec.writeTrial(outputs[Buckets.of(trial.patientId(), buckets)], trial);
        } catch (IOException e) {
            throw failure(e);
        }
    }

    public void write(long sequence, PatientAttributes patient) {
        try {
            StagedRowCodec.writePatient(outputs[Buckets.of(patient.patientId(), buckets)], sequence, patient);
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /** Flushes every bucket and returns the files' lengths: the position to save with the chunk being committed. */
    public long[] positions() {
        long[] positions = new long[buckets];
        try {
            for (int b = 0; b < buckets; b++) {
                outputs[b].flush();
                positions[b] = channels[b].position(); // after the flush: everything written so far
            }
        } catch (IOException e) {
            throw failure(e);
        }
        return positions;
    }

    private UncheckedIOException failure(IOException e) {
        return new UncheckedIOException("Cannot write the work files of input file " + file + " in "
                + work.folder().toAbsolutePath() + ": " + e.getMessage(), e);
    }

    @Override
    public void close() {
        for (int b = 0; b < buckets; b++) {
            try {
                if (outputs[b] != null) {
                    outputs[b].close();
                } else if (channels[b] != null) {
                    channels[b].close();
                }
            } catch (IOException ignored) {
                // what was committed was flushed by positions(); the rest is truncated on restart
            }
        }
    }
}
