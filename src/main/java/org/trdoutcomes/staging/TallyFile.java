package org.trdoutcomes.staging;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
        Path target = work.tallyFile(bucket);
        Path temp = target.resolveSibling(target.getFileName() + ".part");
        try (ObjectOutputStream out = new ObjectOutputStream(new BufferedOutputStream(Files.newOutputStream(temp)))) {
            out.writeObject(tally);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + temp.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        try {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot move " + temp.toAbsolutePath() + " into place: " + e.getMessage(), e);
        }
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
