package org.trdoutcomes.ingest;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link ExtractDiscovery} found: the extract files in reading order and the files it will not read.
 *
 * @param files        trials files by name, then patients files by name; {@code files.get(i).index() == i}
 * @param ignoredFiles other regular files of the input folder, by name (listed as IGNORED_FILE warnings)
 */
public record ExtractManifest(List<InputFile> files, List<Path> ignoredFiles) {
    public ExtractManifest {
        files = List.copyOf(files);
        for (int i = 0; i < files.size(); i++) {
            if (files.get(i).index() != i) {
                throw new IllegalArgumentException("file " + files.get(i).name() + " at position " + i
                        + " has index " + files.get(i).index() + "; indexes must be 0..n-1 in reading order");
            }
        }
        ignoredFiles = List.copyOf(ignoredFiles);
    }
}
