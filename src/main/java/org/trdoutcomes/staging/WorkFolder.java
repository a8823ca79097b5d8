package org.trdoutcomes.staging;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameter;
import org.springframework.batch.core.job.parameters.JobParameters;
import java.util.stream.Stream;

/**
 * The folder of one run's intermediate files under {@code trd.work-dir}: {@code run-<job instance id>/}. Keyed by
 * job instance like the staging tables, so that a restart (a new execution of the same instance) finds the files
 * its failed execution committed, and two runs never share a file. Shared by every process of a run in remote mode.
 */
public record WorkFolder(Path root, long runId, String identity) {

    /**
     * The work folder of a job instance: its id, and a short hash of the job's identifying parameters so that two job
     * databases pointed at one work folder (tests do that) cannot take each other's instance folders.
     */
    public static WorkFolder of(Path root, JobInstance instance, JobParameters parameters) {
        StringBuilder key = new StringBuilder(instance.getJobName());
        new TreeMap<>(parameters.getIdentifyingParameters().stream()
                .collect(Collectors.toMap(JobParameter::name, p -> String.valueOf(p.value()))))
                .forEach((name, value) -> key.append('\n').append(name).append('=').append(value));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.toString().getBytes(StandardCharsets.UTF_8));
            return new WorkFolder(root, instance.getInstanceId(), HexFormat.of().formatHex(digest, 0, 4));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path folder() {
        return root.resolve("run-" + runId + "-" + identity);
    }

    /** Staged rows of input file {@code file} that fall in bucket {@code bucket}. */
    public Path bucketFile(int file, int bucket) {
        return folder().resolve(String.format("ingest-f%03d-b%04d.bin", file, bucket));
    }

    /** The classified patients of bucket {@code bucket}, sorted by patient id (the Patients sheet's order). */
    public Path resultFile(int bucket) {
        return folder().resolve(String.format("patients-b%04d.bin", bucket));
    }

    /** The counts of bucket {@code bucket}'s patients (its {@code OutcomeTally}), for the reconcile step to merge. */
    public Path tallyFile(int bucket) {
        return folder().resolve(String.format("tally-b%04d.bin", bucket));
    }

    public Path create() {
        try {
            return Files.createDirectories(folder());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the work folder " + folder().toAbsolutePath() + ": "
                    + e.getMessage(), e);
        }
    }

    /** Deletes the run's folder and everything in it; nothing happens when it is already gone. */
    public void delete() {
        deleteTree(folder());
    }

    /** Writes the content of a file. */
    @FunctionalInterface
    public interface FileContent {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code target} whole or not at all: into {@code <target>.part}, buffered, then moved into place, so that a
     * partition killed while writing leaves no half-written file under the name its restart reads.
     */
    public static void writeAtomically(Path target, FileContent content) {
        Path temp = target.resolveSibling(target.getFileName() + ".part");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16)) {
            content.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + temp.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        try {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot move " + temp.toAbsolutePath() + " into place: " + e.getMessage(), e);
        }
    }

    /** Deletes a folder and everything in it; nothing happens when it is already gone. */
    public static void deleteTree(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + folder.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }
}
