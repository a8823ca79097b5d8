package org.trdoutcomes.ingest;

import java.nio.file.Path;
import java.util.List;

/** STUB (replaced by the ingest branch). */
public record ExtractManifest(List<InputFile> files, List<Path> ignoredFiles) {
}
