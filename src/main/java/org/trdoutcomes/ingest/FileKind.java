package org.trdoutcomes.ingest;

/** The two kinds of extract file, recognised by name (docs/data-contract.md). */
public enum FileKind {
    /** {@code trials*.csv}: one treatment trial a row; at least one is required. */
    TRIALS,
    /** {@code patients*.csv}: one patient a row; optional. */
    PATIENTS,
    /** A table of an OMOP CDM (omop.md): accounted for like a file; the trials reader never reads one. */
    CDM_TABLE
}
