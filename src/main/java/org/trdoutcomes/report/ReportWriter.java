package org.trdoutcomes.report;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes the workbook of report.md. STUB: being written (issues 2, 3, 7).
 */
public final class ReportWriter {

    /**
     * Writes the whole workbook to {@code target} (the caller handles temp file and atomic move).
     */
    public void write(ReportModel model, RowSource<PatientLine> patients, RowSource<DataQualityLine> dataQuality,
                      Path target) throws IOException {
        throw new UnsupportedOperationException("not yet");
    }
}
