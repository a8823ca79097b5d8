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
        ignoredFiles = List.copyOf(ignoredFiles);
    }
}
