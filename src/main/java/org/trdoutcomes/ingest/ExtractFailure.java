package org.trdoutcomes.ingest;

/**
 * A file-level failure (docs/data-contract.md "File refusals"): the run fails and publishes nothing.
 * The message is one line a data manager can act on, naming the file (and column where there is one).
 */
public class ExtractFailure extends RuntimeException {
    public ExtractFailure(String message) {
        super(message);
    }

    public ExtractFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
