package org.trdoutcomes.ingest;

import java.nio.file.Path;

/** STUB (replaced by the ingest branch). */
public final class ExtractDiscovery {
    private ExtractDiscovery() {
    }

    public static ExtractManifest discover(Path folderOrFile) {
        throw new UnsupportedOperationException();
    }
}
