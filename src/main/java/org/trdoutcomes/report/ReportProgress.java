package org.trdoutcomes.report;

/**
 * What the report step tells the person following a run (docs/architecture.md, "Progress"), phase by phase: after the
 * last Patients row the workbook still has to be zipped and the classifications kept for the next night, which at
 * 7.5 million patients took another half minute that the log was silent about. Each method is told how far that
 * phase has come; the job turns it into the step's progress line.
 */
public interface ReportProgress {

    /** Tells nothing. */
    ReportProgress NONE = new ReportProgress() {
    };

    /** {@code patients} more rows of the Patients sheet written (reported every few thousand). */
    default void patientsWritten(long patients) {
    }

    /** The sheets' XML zipped into the workbook so far, in bytes, of {@code totalBytes} (reported every megabyte). */
    default void workbookZipped(long bytes, long totalBytes) {
    }

    /** {@code patients} more classifications kept for the next night's comparison (reported block by block). */
    default void classificationsKept(long patients) {
    }
}
