package org.trdoutcomes.ingest.omop;

import java.util.List;
import org.trdoutcomes.ingest.ExtractWarning;

/** Where a CDM comes from: a folder of exported files or a PostgreSQL schema (omop.md §1). */
public interface CdmSource extends AutoCloseable {

    /**
     * Opens a table for reading, or returns null when the source has no such (optional) table.
     *
     * @throws org.trdoutcomes.ingest.ExtractFailure when the table is there but cannot be read, lacks a required
     *                                               column or holds a direct-identifier column
     */
    CdmTableReader open(CdmTable table);

    /**
     * Checks a table's columns (direct identifiers, required columns) without reading its rows, so that a refused
     * table fails the run before anything is staged; does nothing for an absent table.
     *
     * @throws org.trdoutcomes.ingest.ExtractFailure as {@link #open} does
     */
    default void check(CdmTable table) {
        try (CdmTableReader reader = open(table)) {
            // opening a file reads and checks its header
        }
    }

    /** The size of the CDM's table files in bytes, for the progress line; 0 for a database. */
    default long bytes() {
        return 0;
    }

    /** Warnings about the source as a whole (files that are not CDM tables), for the Data quality sheet. */
    List<ExtractWarning> warnings();

    /** One line naming the source for logs and the Summary (a folder, or a database and schema; no password). */
    String describe();

    @Override
    void close();
}
