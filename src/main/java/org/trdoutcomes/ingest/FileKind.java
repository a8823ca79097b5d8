package org.trdoutcomes.ingest;

/** The two kinds of extract file, recognised by name (docs/data-contract.md). */
public enum FileKind {
    /** {@code trials*.csv}: one treatment trial a row; at least one is required. */
    TRIALS,
    /** {@code patients*.csv}: one patient a row; optional. */
    PATIENTS
}
