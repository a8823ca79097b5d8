package org.trdoutcomes.ingest;

/**
 * One reason one row was rejected. A row may have several (one per offending column); it is one rejected row.
 *
 * @param line   line number in the file, the header being line 1 (the line where the record starts)
 * @param column contract column name, or null when the record as a whole is at fault (MALFORMED_RECORD)
 * @param value  the offending value, cut at 100 characters; null when missing
 */
public record Rejection(String file, long line, String column, String value, RejectionReason reason, String message) {
}
