package org.trdoutcomes.job;

import java.util.function.Supplier;
import org.trdoutcomes.report.ReportProgress;

/**
 * The report step's three phases as one progress line (docs/architecture.md, "Progress"): the Patients sheet's rows,
 * then POI zipping the workbook, then the classifications kept for the next night. Each phase has a fixed share of the
 * step, from the 20-million-row benchmark (docs/benchmarks.md: about 41 s of rows, 30 s of zipping, a few seconds of
 * keeping), so that the share done and the time left keep moving after the last row; without the Patients sheet
 * (trd.report.include-patients=false) the zipping has the rows' share too.
 */
final class ReportStepProgress implements ReportProgress {

    /** What a line is made of: {@link Progress#advance}. */
    @FunctionalInterface
    interface Advance {
        void advance(long rowsDone, double shareDone, Supplier<String> detail);
    }

    static final double ROWS_SHARE = 0.5;
    static final double KEEP_SHARE = 0.1;

    private final Advance progress;
    private final long patients;
    private final double rowsShare;
    private final double zipShare;
    private long zippedBefore;
    private long kept;

    /**
     * @param patients       the run's patients: rows of the Patients sheet, classifications to keep
     * @param includePatients whether the workbook has the Patients sheet
     */
    ReportStepProgress(Advance progress, long patients, boolean includePatients) {
        this.progress = progress;
        this.patients = patients;
        this.rowsShare = includePatients ? ROWS_SHARE : 0;
        this.zipShare = 1 - KEEP_SHARE - rowsShare;
    }

    @Override
    public void patientsWritten(long written) {
        progress.advance(written, share(rowsShare, written, patients), () -> "Patients sheet");
    }

    @Override
    public void workbookZipped(long bytes, long totalBytes) {
        long delta = bytes - zippedBefore;
        zippedBefore = bytes;
        progress.advance(0, share(zipShare, delta, totalBytes), () -> String.format(
                "zipping the workbook, %d of %d MB of sheet XML", bytes >> 20, totalBytes >> 20));
    }

    @Override
    public void classificationsKept(long block) {
        kept += block;
        long soFar = kept;
        progress.advance(0, share(KEEP_SHARE, block, patients), () -> String.format(
                "keeping the classifications for the next night, %d of %d", soFar, patients));
    }

    private static double share(double phase, long done, long total) {
        return total <= 0 ? 0 : phase * done / total;
    }
}
