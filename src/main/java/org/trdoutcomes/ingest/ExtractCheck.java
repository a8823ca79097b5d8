package org.trdoutcomes.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;
import java.util.function.Function;
import org.trdoutcomes.rules.Treatment;

/**
 * The file-level check of an extract, before a row is read: the files are found (docs/data-contract.md "Files"),
 * each file's header is read and refused when a required column is missing or a direct identifier is present.
 * The launcher runs it before it starts the job, so that a refusal is one line and no job execution; the job's
 * {@code check} step runs it again, because the extract may change between the two.
 */
public final class ExtractCheck {

    private ExtractCheck() {
    }

    /** A checked extract: its files and their total size in bytes. */
    public record Checked(ExtractManifest manifest, long bytes) {
    }

    /**
     * @throws ExtractFailure with a one-line message when the extract is refused
     */
    public static Checked check(Path input, LocalDate asOf, Function<String, Optional<Treatment>> treatments) {
        ExtractManifest manifest = ExtractDiscovery.discover(input);
        long bytes = 0;
        for (InputFile file : manifest.files()) {
            // opening a file reads and checks its header (required columns, direct identifiers refused)
            try (ExtractFileReader header = new ExtractFileReader(file, asOf, treatments)) {
                bytes += Files.size(file.path());
            } catch (IOException e) {
                throw new ExtractFailure("Cannot read " + file.path() + ": " + e.getMessage(), e);
            }
        }
        return new Checked(manifest, bytes);
    }
}
