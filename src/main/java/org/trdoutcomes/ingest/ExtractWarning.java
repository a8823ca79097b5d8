package org.trdoutcomes.ingest;

/** A warning for the Data quality sheet; line and column are null where they do not apply. */
public record ExtractWarning(String file, Long line, String column, String value, WarningCode code, String message) {
}
