package org.trdoutcomes.ingest.omop;

/**
 * One table's accounting (omop.md §1, input.md): rows read = accepted + rejected.
 *
 * @param index  the table's position in reading order ({@link CdmTable#ordinal()}), the {@code fileIndex} of its rows
 * @param source the file name, or {@code schema.table}
 * @param sha256 of the file's bytes; null for a database table
 */
public record CdmTableAccount(int index, CdmTable table, String source, long rowsRead, long rowsAccepted,
                              long rowsRejected, String sha256) implements java.io.Serializable {
}
