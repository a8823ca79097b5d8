package org.trdoutcomes.ingest.omop;

/**
 * One row of a CDM table, file or database alike: the cells of the columns omop.md uses, as text.
 * A database value arrives as PostgreSQL's text form of it, so that one parser serves both sources.
 */
interface CdmRecord {

    /** The physical line the row starts on (header = line 1), or for a database table the row number + 1. */
    long line();

    /** The cell of a used column (slot of {@link CdmTable#columns()}), trimmed; null when empty or absent. */
    String get(int slot);

    /** Set when the row cannot be split into the header's fields (a file row with too few or many fields). */
    default String malformed() {
        return null;
    }
}
