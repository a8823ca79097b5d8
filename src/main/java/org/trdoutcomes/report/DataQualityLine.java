package org.trdoutcomes.report;

/** One row of the Data quality sheet: a rejection or a warning. Line and column may be null. */
public record DataQualityLine(String file, Long line, String column, String value, String reason, String message) {
}
