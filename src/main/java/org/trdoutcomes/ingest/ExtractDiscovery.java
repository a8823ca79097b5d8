package org.trdoutcomes.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the extract files of a run (docs/data-contract.md): {@code trials*.csv} and {@code patients*.csv}, matched
 * case-insensitively on the file name. Several files of a kind are read as one table, in file-name order.
 */
public final class ExtractDiscovery {

    /** Name order: case-insensitive, ties broken by exact name so that the order is total and stable. */
    private static final Comparator<Path> BY_NAME = Comparator
            .comparing((Path p) -> p.getFileName().toString().toLowerCase(Locale.ROOT))
            .thenComparing(p -> p.getFileName().toString());

    private ExtractDiscovery() {
    }

    /**
     * @param folderOrFile a folder (its regular files are examined, not sub-folders) or one extract file
     * @throws ExtractFailure when the path is missing or unreadable, or no trials file is found
     */
    public static ExtractManifest discover(Path folderOrFile) {
        if (folderOrFile == null || !Files.exists(folderOrFile)) {
            throw new ExtractFailure("Input " + folderOrFile + " does not exist.");
        }
        if (!Files.isReadable(folderOrFile)) {
            throw new ExtractFailure("Input " + folderOrFile + " cannot be read (permission denied).");
        }
        List<Path> trials = new ArrayList<>();
        List<Path> patients = new ArrayList<>();
        List<Path> ignored = new ArrayList<>();
        List<Path> foldersNamedLikeExtracts = new ArrayList<>();
        if (Files.isDirectory(folderOrFile)) {
            try (Stream<Path> entries = Files.list(folderOrFile)) {
                entries.forEach(p -> {
                    if (!Files.isRegularFile(p)) {
                        if (Files.isDirectory(p) && kindOf(p).isPresent()) {
                            foldersNamedLikeExtracts.add(p);
                        }
                        return;
                    }
                    Optional<FileKind> kind = kindOf(p);
                    if (kind.isEmpty()) {
                        ignored.add(p);
                    } else if (kind.get() == FileKind.TRIALS) {
                        trials.add(p);
                    } else {
                        patients.add(p);
                    }
                });
            } catch (IOException | RuntimeException e) {
                throw new ExtractFailure("Input folder " + folderOrFile + " cannot be listed: " + e.getMessage(), e);
            }
        } else {
            FileKind kind = kindOf(folderOrFile).orElseThrow(() -> new ExtractFailure("Input file " + folderOrFile
                    + " is neither a trials*.csv nor a patients*.csv extract."));
            (kind == FileKind.TRIALS ? trials : patients).add(folderOrFile);
        }
        // a folder named trials.csv (an unpacked archive, a mistaken copy) is said to be one, not "no trials file"
        if (trials.isEmpty() && Files.isDirectory(folderOrFile) && kindOf(folderOrFile).isPresent()) {
            throw new ExtractFailure("Input " + folderOrFile + " is a directory, not a file, and holds no trials*.csv"
                    + " file.");
        }
        if (trials.isEmpty() && !foldersNamedLikeExtracts.isEmpty()) {
            foldersNamedLikeExtracts.sort(BY_NAME);
            throw new ExtractFailure(foldersNamedLikeExtracts.get(0) + " is a directory, not a file: put the"
                    + " extract's trials*.csv and patients*.csv files themselves in " + folderOrFile + ".");
        }
        if (trials.isEmpty()) {
            throw new ExtractFailure("No trials*.csv file in " + folderOrFile + ": at least one trials extract is required.");
        }
        trials.sort(BY_NAME);
        patients.sort(BY_NAME);
        ignored.sort(BY_NAME);
        List<InputFile> files = new ArrayList<>(trials.size() + patients.size());
        for (Path p : trials) {
            files.add(new InputFile(files.size(), p, FileKind.TRIALS));
        }
        for (Path p : patients) {
            files.add(new InputFile(files.size(), p, FileKind.PATIENTS));
        }
        return new ExtractManifest(files, ignored);
    }

    /** The kind a file name stands for, or empty for any other file. */
    public static Optional<FileKind> kindOf(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".csv")) {
            return Optional.empty();
        }
        if (name.startsWith("trials")) {
            return Optional.of(FileKind.TRIALS);
        }
        if (name.startsWith("patients")) {
            return Optional.of(FileKind.PATIENTS);
        }
        return Optional.empty();
    }
}
