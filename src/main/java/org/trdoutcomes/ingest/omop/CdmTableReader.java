package org.trdoutcomes.ingest.omop;

/** Reads one CDM table row by row, one row in memory at a time. */
interface CdmTableReader extends AutoCloseable {

    CdmTable table();

    /** How the table is named in rejections and accounting: the file name, or {@code schema.table}. */
    String source();

    /** The next row, or null at the end of the table. The returned record is valid until the next call. */
    CdmRecord next();

    /** SHA-256 of the file's bytes once read to the end; null for a database table. */
    String sha256();

    @Override
    void close();
}
