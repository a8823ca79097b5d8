package org.trdoutcomes.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The report step's progress moves through its three phases and ends at the whole step: rows of the Patients sheet
 * (counted as patients), then the workbook's zipping, then the classifications kept, each phase its share.
 */
class ReportStepProgressTest {

    private record Line(long rows, double share, String detail) {
    }

    private final List<Line> lines = new ArrayList<>();
    private final ReportStepProgress.Advance recorder = (rows, share, detail) -> lines.add(new Line(rows, share,
            detail.get()));

    @Test
    void rowsThenZippingThenKeepingAddUpToTheWholeStep() {
        ReportStepProgress progress = new ReportStepProgress(recorder, 10_000, true);
        for (int i = 0; i < 4; i++) {
            progress.patientsWritten(2_500);
        }
        assertThat(shareSoFar()).isCloseTo(ReportStepProgress.ROWS_SHARE, within(1e-9));
        progress.workbookZipped(3L << 20, 8L << 20);
        progress.workbookZipped(8L << 20, 8L << 20);
        assertThat(shareSoFar()).isCloseTo(1 - ReportStepProgress.KEEP_SHARE, within(1e-9));
        progress.classificationsKept(6_000);
        progress.classificationsKept(4_000);

        assertThat(shareSoFar()).isCloseTo(1.0, within(1e-9));
        assertThat(lines.stream().mapToLong(Line::rows).sum()).isEqualTo(10_000); // patients counted once
        assertThat(lines.get(0).detail()).isEqualTo("Patients sheet");
        assertThat(lines.get(4).detail()).isEqualTo("zipping the workbook, 3 of 8 MB of sheet XML");
        assertThat(lines.get(7).detail()).isEqualTo("keeping the classifications for the next night, 10000 of 10000");
    }

    @Test
    void withoutThePatientsSheetZippingHasTheRowsShare() {
        ReportStepProgress progress = new ReportStepProgress(recorder, 500, false);
        progress.workbookZipped(1L << 20, 2L << 20);
        assertThat(shareSoFar()).isCloseTo((1 - ReportStepProgress.KEEP_SHARE) / 2, within(1e-9));
        progress.workbookZipped(2L << 20, 2L << 20);
        progress.classificationsKept(500);
        assertThat(shareSoFar()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void anEmptyRunReportsNoShareRatherThanDividingByZero() {
        ReportStepProgress progress = new ReportStepProgress(recorder, 0, true);
        progress.workbookZipped(0, 0);
        progress.classificationsKept(0);
        assertThat(lines).extracting(Line::share).containsOnly(0.0);
    }

    private double shareSoFar() {
        return lines.stream().mapToDouble(Line::share).sum();
    }
}
