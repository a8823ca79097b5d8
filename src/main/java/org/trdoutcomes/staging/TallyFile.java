package org.trdoutcomes.staging;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.trdoutcomes.classify.OutcomeTally;

/**
 * A classify partition's {@link OutcomeTally}, kept in the work folder beside its result file rather than in its step
 * execution context: a few tens of kilobytes each, a few hundred partitions on a large extract, which the job's
 * execution held in memory to the end of the run and the job repository stored as text (the live heap grew with the
 * extract). Written whole and moved into place before the partition commits, like the result file; a re-run of the
 * partition replaces it.
 */
public final class TallyFile {

    private TallyFile() {
    }

    public static void write(WorkFolder work, int bucket, OutcomeTally tally) {
        WorkFolder.writeAtomically(work.tallyFile(bucket), out -> {
            ObjectOutputStream objects = new ObjectOutputStream(out);
            objects.writeObject(tally);
            objects.flush();
        });
    }

    public static OutcomeTally read(WorkFolder work, int bucket) {
        Path file = work.tallyFile(bucket);
        try (ObjectInputStream in = new ObjectInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            return (OutcomeTally) in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("The counts of bucket " + bucket + " cannot be read from "
                    + file.toAbsolutePath() + " (was trd.work-dir cleaned during the run?): " + e.getMessage(), e);
        }
    }
}
