package org.trdoutcomes.ingest;

import java.nio.file.Path;

/**
 * One extract file to read.
 *
 * @param index position in reading order (all trials files by name, then all patients files by name); keys restart state
 */
public record InputFile(int index, Path path, FileKind kind) {
    public String name() {
        return path.getFileName().toString();
    }
}
