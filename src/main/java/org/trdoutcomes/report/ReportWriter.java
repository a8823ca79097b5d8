package org.trdoutcomes.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.function.BiConsumer;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.trdoutcomes.report.ReportModel.BreakdownRow;
import org.trdoutcomes.report.ReportModel.ComparedProfile;
import org.trdoutcomes.report.ReportModel.StepRow;
import org.trdoutcomes.report.ReportModel.Summary;
import org.trdoutcomes.rules.CohenKappa;
import org.trdoutcomes.rules.SmallCellSuppression;
import org.trdoutcomes.rules.StrategyCategory;
import org.trdoutcomes.rules.TreatmentPathway;

/**
 * Writes the workbook of docs/workbook-contract.md with POI's streaming {@link SXSSFWorkbook}: only a window of rows per sheet is
 * in memory, so 300,000+ patient rows fit in a small heap. All contract sheets are created up front in their order;
 * the two row-level sheets are streamed first (so the Summary can say whether they were split), the small sheets
 * are filled afterwards, and the charts are fed from arrays with explicit cell ranges.
 */
public final class ReportWriter {

    /** Excel's rows per sheet, header included. */
    public static final int EXCEL_MAX_ROWS = 1_048_576;

    /** Rows per sheet kept in memory while streaming. */
    private static final int WINDOW = 200;

    static final String SUMMARY = "Summary";
    static final String STRATEGY_RESPONSE = "Strategy response";
    static final String TREATMENT_DETAIL = "Treatment detail";
    static final String TREATMENT_STEPS = "Treatment steps";
    static final String PATIENTS = "Patients";
    static final String DATA_QUALITY = "Data quality";
    static final String DEFINITIONS = "Definitions";
    static final String DEFINITIONS_COMPARED = "Definitions compared";
    static final String BREAKDOWNS = "Breakdowns";
    static final String PATHWAYS = "Pathways";
    static final String AFTER_FAILURE = "After failure";
    static final String TREND = "Trend";

    static final String ALL_STRATEGIES = "All strategies";
    static final String NOTHING_TO_REPORT = "No rejected rows and no warnings.";

    private static final String[] OUTCOME_HEADERS = {"Trials", "Evaluable", "Responders", "Response rate",
            "Response CI low", "Response CI high", "Remitters", "Remission rate", "Remission CI low",
            "Remission CI high", "TRD evaluable", "TRD responders", "TRD response rate", "TRD remitters",
            "TRD remission rate"};
    private static final int[] OUTCOME_WIDTHS = {9, 10, 11, 14, 16, 17, 10, 15, 17, 18, 14, 15, 18, 14, 19};

    private static final String[] PATIENT_HEADERS = {"Patient", "Site", "Episode", "Antidepressant trials",
            "Failed agents", "Adequately failed agents", "Classification", "Thase-Rush stage", "MGH-S", "MSM score",
            "MSM category", "Flags"};
    private static final int[] PATIENT_WIDTHS = {16, 14, 9, 22, 14, 24, 20, 17, 8, 11, 14, 40};
    static final String PREVIOUS_CLASSIFICATION = "Previous classification";
    static final String PREVIOUS_RUN_AS_OF = "Previous run as-of";
    static final String NEW_TRD = "New TRD since previous run";
    static final String NO_LONGER_TRD = "No longer TRD";

    private static final String[] TREND_HEADERS = {"As-of date", "Report", "Patients", "TRD", "TRD prevalence",
            "Pseudo-resistant", "Evaluable trials", "Response rate", "Remission rate", "Rows read", "Rows rejected"};
    private static final int[] TREND_WIDTHS = {12, 36, 10, 8, 15, 17, 16, 14, 15, 11, 14};

    private static final String[] DATA_QUALITY_HEADERS = {"File", "Line", "Column", "Value", "Reason", "Message"};
    private static final int[] DATA_QUALITY_WIDTHS = {28, 9, 18, 24, 30, 70};

    private final int maxRowsPerSheet;

    /** A writer that splits row-level sheets at Excel's limit of 1,048,576 rows. */
    public ReportWriter() {
        this(EXCEL_MAX_ROWS);
    }

    /**
     * @param maxRowsPerSheet rows per sheet, header included, after which `Patients` and `Data quality` continue on
     *                        `Patients (2)`, …; at most {@value #EXCEL_MAX_ROWS} (tests use a small number)
     */
    public ReportWriter(int maxRowsPerSheet) {
        if (maxRowsPerSheet < 2 || maxRowsPerSheet > EXCEL_MAX_ROWS) {
            throw new IllegalArgumentException("rows per sheet must be 2.." + EXCEL_MAX_ROWS + ": " + maxRowsPerSheet);
        }
        this.maxRowsPerSheet = maxRowsPerSheet;
    }

    /**
     * Writes the whole workbook to {@code target} (the caller handles temp file and atomic move), with no earlier
     * night: the Trend sheet holds this run only and nothing is compared with a previous run.
     */
    public void write(ReportModel model, RowSource<PatientLine> patients, RowSource<DataQualityLine> dataQuality,
                      Path target) throws IOException {
        write(model, patients, dataQuality, List.of(NightFigures.of(model, null)), null, target);
    }

    /**
     * Writes the whole workbook to {@code target} (the caller handles temp file and atomic move).
     *
     * @param trend    the Trend sheet's rows, oldest first, ending with this run
     * @param previous this run against the previous night; null leaves `Previous classification` and the Summary
     *                 items about the previous run out (trd.report.compare-previous=false)
     */
    public void write(ReportModel model, RowSource<PatientLine> patients, RowSource<DataQualityLine> dataQuality,
                      List<NightFigures> trend, PreviousNight previous, Path target) throws IOException {
        write(model, patients, dataQuality, trend, previous, target, ReportProgress.NONE);
    }

    /**
     * The same, telling {@code progress} how far the zipping of the workbook has come (the Patients rows are counted
     * by whoever hands them in: {@code ReportPublisher}).
     */
    public void write(ReportModel model, RowSource<PatientLine> patients, RowSource<DataQualityLine> dataQuality,
                      List<NightFigures> trend, PreviousNight previous, Path target, ReportProgress progress)
            throws IOException {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(trend, "trend");
        Objects.requireNonNull(dataQuality, "dataQuality");
        Objects.requireNonNull(target, "target");
        if (model.includePatients()) {
            Objects.requireNonNull(patients, "patients");
        }
        SmallCellSuppression suppression = model.suppression();
        // temporary files: plain or deflated by the size of the Patients sheet (StreamingWorkbook); deleted on close
        try (StreamingWorkbook workbook = new StreamingWorkbook(WINDOW, model.summary().patients())) {
            CellWriter cells = new CellWriter(workbook, suppression);
            SXSSFSheet summary = workbook.createSheet(SUMMARY);
            SXSSFSheet strategyResponse = workbook.createSheet(STRATEGY_RESPONSE);
            SXSSFSheet treatmentDetail = workbook.createSheet(TREATMENT_DETAIL);
            SXSSFSheet treatmentSteps = workbook.createSheet(TREATMENT_STEPS);
            SXSSFSheet patientSheet = model.includePatients() ? workbook.createSheet(PATIENTS) : null;
            SXSSFSheet dataQualitySheet = workbook.createSheet(DATA_QUALITY);
            SXSSFSheet definitions = workbook.createSheet(DEFINITIONS);
            SXSSFSheet definitionsCompared = workbook.createSheet(DEFINITIONS_COMPARED);
            SXSSFSheet breakdowns = workbook.createSheet(BREAKDOWNS);
            SXSSFSheet pathways = workbook.createSheet(PATHWAYS);
            SXSSFSheet afterFailure = workbook.createSheet(AFTER_FAILURE);
            // the last contract sheet (docs/workbook-contract.md): after Definitions compared, Breakdowns, Pathways, After failure
            SXSSFSheet trendSheet = workbook.createSheet(TREND);

            List<String> patientParts = patientSheet == null ? List.of()
                    : writePatients(workbook, patientSheet, cells, model.extraProfileNames(), patients, previous);
            List<String> dataQualityParts = writeDataQuality(workbook, dataQualitySheet, cells, dataQuality);

            writeSummary(summary, cells, model, patientParts, dataQualityParts, previous);
            writeStrategyResponse(strategyResponse, cells, model);
            writeTreatmentDetail(treatmentDetail, cells, model);
            writeTreatmentSteps(treatmentSteps, cells, model);
            writeDefinitions(definitions, cells, model);
            writeDefinitionsCompared(definitionsCompared, cells, model);
            writeBreakdowns(breakdowns, cells, model);
            writePathways(pathways, cells, model);
            writeAfterFailure(afterFailure, cells, model);
            writeTrend(trendSheet, cells, model, trend);

            workbook.reportZipTo(progress);
            try (OutputStream out = Files.newOutputStream(target)) {
                workbook.write(out);
            }
        }
    }

    /** Header row (bold, frozen) and fixed column widths (auto-sizing a streamed sheet is slow and partial). */
    static void table(Sheet sheet, CellWriter cells, String[] headers, int[] widthsInCharacters) {
        cells.header(sheet.createRow(0), headers);
        sheet.createFreezePane(0, 1);
        // printed (or exported to PDF) a table keeps its columns together, and its header on every page
        sheet.getPrintSetup().setLandscape(true);
        sheet.setFitToPage(true);
        sheet.getPrintSetup().setFitWidth((short) 1);
        sheet.getPrintSetup().setFitHeight((short) 0);
        sheet.setRepeatingRows(new CellRangeAddress(0, 0, -1, -1));
        // widths beyond the header set the columns of blocks below the table (Summary's per-file block)
        for (int c = 0; c < Math.max(headers.length, widthsInCharacters.length); c++) {
            int width = c < widthsInCharacters.length ? widthsInCharacters[c] : Math.max(14, headers[c].length() + 3);
            sheet.setColumnWidth(c, width * 256);
        }
    }

    private static void autoFilter(Sheet sheet, int lastRow, int columns) {
        sheet.setAutoFilter(new CellRangeAddress(0, Math.max(0, lastRow), 0, columns - 1));
    }

    // ---- Patients, Data quality: streamed, not suppressed ----

    private List<String> writePatients(StreamingWorkbook workbook, SXSSFSheet sheet, CellWriter cells,
                                       List<String> extraProfiles, RowSource<PatientLine> source,
                                       PreviousNight previous) {
        List<String> headers = new ArrayList<>(List.of(PATIENT_HEADERS));
        extraProfiles.forEach(name -> headers.add("Classification (" + name + ")"));
        // after all other columns (docs/workbook-contract.md): the extra profiles' columns keep their letters
        int previousColumn = headers.size();
        if (previous != null) {
            headers.add(PREVIOUS_CLASSIFICATION);
        }
        RowSource<ComparedPatientLine> rows = previous != null ? previous.join(source)
                : consumer -> source.forEach(p -> consumer.accept(new ComparedPatientLine(p, null)));
        int[] widths = new int[headers.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = c < PATIENT_WIDTHS.length ? PATIENT_WIDTHS[c] : Math.max(20, headers.get(c).length() + 3);
        }
        SplitSheet table = new SplitSheet(workbook, sheet, cells, headers.toArray(String[]::new), widths,
                maxRowsPerSheet);
        int extras = extraProfiles.size();
        rows.forEach(compared -> {
            PatientLine p = compared.line();
            StreamedRow row = table.nextStreamedRow();
            cells.text(row, 0, p.patient());
            cells.text(row, 1, p.site());
            cells.integer(row, 2, p.episode());
            cells.integer(row, 3, p.antidepressantTrials());
            cells.integer(row, 4, p.failedAgents());
            cells.integer(row, 5, p.adequatelyFailedAgents());
            cells.text(row, 6, p.classification());
            cells.integer(row, 7, p.thaseRushStage());
            cells.decimal1(row, 8, p.mghScore());
            cells.integer(row, 9, p.msmScore());
            cells.text(row, 10, p.msmCategory());
            cells.text(row, 11, p.flags());
            List<String> extra = p.extraClassifications() == null ? List.of() : p.extraClassifications();
            for (int i = 0; i < extras && i < extra.size(); i++) {
                cells.text(row, PATIENT_HEADERS.length + i, extra.get(i));
            }
            if (previous != null) {
                cells.text(row, previousColumn, compared.previousClassification());
            }
        });
        return table.finish();
    }

    private List<String> writeDataQuality(StreamingWorkbook workbook, SXSSFSheet sheet, CellWriter cells,
                                          RowSource<DataQualityLine> source) {
        SplitSheet table = new SplitSheet(workbook, sheet, cells, DATA_QUALITY_HEADERS, DATA_QUALITY_WIDTHS,
                maxRowsPerSheet);
        source.forEach(line -> {
            Row row = table.nextRow();
            cells.text(row, 0, line.file());
            if (line.line() != null) {
                cells.integer(row, 1, line.line());
            }
            cells.text(row, 2, line.column());
            cells.text(row, 3, line.value());
            cells.text(row, 4, line.reason());
            cells.text(row, 5, line.message());
        });
        if (table.isEmpty()) {
            cells.text(table.nextRow(), 5, NOTHING_TO_REPORT);
        }
        return table.finish();
    }

    // ---- Summary ----

    private static void writeSummary(SXSSFSheet sheet, CellWriter cells, ReportModel model, List<String> patientParts,
                                     List<String> dataQualityParts, PreviousNight previous) {
        table(sheet, cells, new String[] {"Item", "Value"}, new int[] {58, 22, 16, 16, 16, 66});
        Summary s = model.summary();
        int[] r = {1};
        BiConsumer<String, java.util.function.Consumer<Row>> item = (name, value) -> {
            Row row = sheet.createRow(r[0]++);
            cells.text(row, 0, name);
            value.accept(row);
        };
        item.accept("Report generated at", row -> cells.dateTime(row, 1, model.generatedAt()));
        item.accept("As-of date", row -> cells.date(row, 1, model.asOf()));
        item.accept("Patients", row -> cells.count(row, 1, s.patients()));
        item.accept("Patients excluded (bipolar)", row -> cells.count(row, 1, s.excludedBipolar()));
        item.accept("TRD", row -> cells.count(row, 1, s.trd()));
        item.accept("Pseudo-resistant", row -> cells.count(row, 1, s.pseudoResistant()));
        item.accept("Not TRD", row -> cells.count(row, 1, s.notTrd()));
        item.accept("Insufficient data", row -> cells.count(row, 1, s.insufficientData()));
        item.accept("TRD prevalence",
                row -> cells.rate(row, 1, s.trd(), s.trd() + s.pseudoResistant() + s.notTrd()));
        item.accept("Trials", row -> cells.count(row, 1, s.trials()));
        item.accept("Evaluable trials", row -> cells.count(row, 1, s.evaluableTrials()));
        // row accounting is about files, not people: shown as is, like the per-file block below
        item.accept("Rows read", row -> cells.integer(row, 1, s.rowsRead()));
        item.accept("Rows accepted", row -> cells.integer(row, 1, s.rowsAccepted()));
        item.accept("Rows rejected", row -> cells.integer(row, 1, s.rowsRejected()));
        // after report.md's items, which keep their order: omop.md §5 adds the input's format
        item.accept("Input format", row -> cells.text(row, 1, s.inputFormat()));
        item.accept("Minimum cell count", row -> cells.integer(row, 1, model.minCellCount()));
        item.accept("Patients sheet", row -> cells.text(row, 1, model.includePatients()
                ? describeParts(patientParts) : "left out by configuration"));
        item.accept("Data quality sheet", row -> cells.text(row, 1, describeParts(dataQualityParts)));
        if (previous != null) {
            // empty without a previous run; when its classifications are not the kept ones, the reason instead
            item.accept(PREVIOUS_RUN_AS_OF, row -> cells.date(row, 1, previous.asOf()));
            item.accept(NEW_TRD, row -> changeCount(cells, row, previous, previous.newTrd()));
            item.accept(NO_LONGER_TRD, row -> changeCount(cells, row, previous, previous.noLongerTrd()));
        }
        autoFilter(sheet, r[0] - 1, 2);

        r[0]++;
        cells.header(sheet.createRow(r[0]++), "File", "Kind", "Rows read", "Rows accepted", "Rows rejected",
                "SHA-256");
        for (ReportModel.InputFileAccount f : model.files()) {
            Row row = sheet.createRow(r[0]++);
            cells.text(row, 0, f.file());
            cells.text(row, 1, f.kind());
            cells.integer(row, 2, f.rowsRead());
            cells.integer(row, 3, f.rowsAccepted());
            cells.integer(row, 4, f.rowsRejected());
            cells.text(row, 5, f.sha256());
        }

        r[0]++;
        cells.header(sheet.createRow(r[0]++), "Attrition", "Patients");
        for (ReportModel.AttritionStep step : model.attrition()) {
            Row row = sheet.createRow(r[0]++);
            cells.text(row, 0, step.criterion());
            cells.count(row, 1, step.patients());
        }

        r[0]++;
        cells.header(sheet.createRow(r[0]++), "Reason", "Rows");
        Map<String, Long> reasons = ordered(model.reasonCounts());
        if (reasons.isEmpty()) {
            Row row = sheet.createRow(r[0]++);
            cells.text(row, 0, "(none)");
            cells.integer(row, 1, 0);
        }
        reasons.forEach((reason, rows) -> {
            Row row = sheet.createRow(r[0]++);
            cells.text(row, 0, reason);
            cells.integer(row, 1, rows);
        });
    }

    private static void changeCount(CellWriter cells, Row row, PreviousNight previous, long count) {
        if (previous.comparable()) {
            cells.count(row, 1, count);
        } else if (previous.asOf() != null) {
            cells.text(row, 1, previous.unavailable());
        }
    }

    private static String describeParts(List<String> parts) {
        return parts.size() <= 1 ? "one sheet"
                : "split over " + parts.size() + " sheets: " + String.join(", ", parts);
    }

    /** Keeps the caller's order when the map has one; otherwise alphabetical, so the layout is stable. */
    private static Map<String, Long> ordered(Map<String, Long> map) {
        if (map == null) {
            return Map.of();
        }
        if (map instanceof LinkedHashMap || map instanceof SortedMap) {
            return map;
        }
        Map<String, Long> sorted = new LinkedHashMap<>();
        map.entrySet().stream().sorted(Map.Entry.comparingByKey(Comparator.naturalOrder()))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    // ---- Strategy response, Treatment detail ----

    private static void outcomeColumns(Row row, int first, CellWriter cells, OutcomeCounts c) {
        cells.count(row, first, c.trials());
        cells.count(row, first + 1, c.evaluable());
        cells.count(row, first + 2, c.responders());
        cells.rateWithInterval(row, first + 3, c.responders(), c.evaluable());
        cells.count(row, first + 6, c.remitters());
        cells.rateWithInterval(row, first + 7, c.remitters(), c.evaluable());
        cells.count(row, first + 10, c.trdEvaluable());
        cells.count(row, first + 11, c.trdResponders());
        cells.rate(row, first + 12, c.trdResponders(), c.trdEvaluable());
        cells.count(row, first + 13, c.trdRemitters());
        cells.rate(row, first + 14, c.trdRemitters(), c.trdEvaluable());
    }

    private static String[] withOutcomes(String... leading) {
        String[] headers = new String[leading.length + OUTCOME_HEADERS.length];
        System.arraycopy(leading, 0, headers, 0, leading.length);
        System.arraycopy(OUTCOME_HEADERS, 0, headers, leading.length, OUTCOME_HEADERS.length);
        return headers;
    }

    private static int[] withOutcomeWidths(int... leading) {
        int[] widths = new int[leading.length + OUTCOME_WIDTHS.length];
        System.arraycopy(leading, 0, widths, 0, leading.length);
        System.arraycopy(OUTCOME_WIDTHS, 0, widths, leading.length, OUTCOME_WIDTHS.length);
        return widths;
    }

    private static void writeStrategyResponse(SXSSFSheet sheet, CellWriter cells, ReportModel model) {
        String[] headers = withOutcomes("Strategy");
        table(sheet, cells, headers, withOutcomeWidths(40));
        List<ReportModel.StrategyRow> strategies = model.strategies();
        int n = strategies.size();
        String[] categories = new String[n];
        Double[] response = new Double[n];
        Double[] remission = new Double[n];
        for (int i = 0; i < n; i++) {
            ReportModel.StrategyRow s = strategies.get(i);
            Row row = sheet.createRow(i + 1);
            cells.text(row, 0, s.strategy());
            outcomeColumns(row, 1, cells, s.counts());
            categories[i] = s.strategy();
            response[i] = model.shownRate(s.counts().responders(), s.counts().evaluable());
            remission[i] = model.shownRate(s.counts().remitters(), s.counts().evaluable());
        }
        Row all = sheet.createRow(n + 1);
        cells.text(all, 0, ALL_STRATEGIES);
        outcomeColumns(all, 1, cells, model.allStrategies());
        autoFilter(sheet, n + 1, headers.length);
        if (n > 0) {
            ReportCharts.barChart(sheet, "Response and remission rate by strategy", categories,
                    new CellRangeAddress(1, n, 0, 0), headers.length + 1, 0, headers.length + 13, 44,
                    new ReportCharts.Series("Response rate", new CellReference(sheet.getSheetName(), 0, 4, true, true),
                            response, new CellRangeAddress(1, n, 4, 4)),
                    new ReportCharts.Series("Remission rate", new CellReference(sheet.getSheetName(), 0, 8, true, true),
                            remission, new CellRangeAddress(1, n, 8, 8)));
        }
    }

    private static void writeTreatmentDetail(SXSSFSheet sheet, CellWriter cells, ReportModel model) {
        String[] headers = withOutcomes("Strategy", "Treatment");
        table(sheet, cells, headers, withOutcomeWidths(40, 28));
        int r = 1;
        for (ReportModel.TreatmentRow t : model.treatments()) {
            Row row = sheet.createRow(r++);
            cells.text(row, 0, t.strategy());
            cells.text(row, 1, t.treatment());
            outcomeColumns(row, 2, cells, t.counts());
        }
        autoFilter(sheet, r - 1, headers.length);
    }

    // ---- Treatment steps ----

    private static void writeTreatmentSteps(SXSSFSheet sheet, CellWriter cells, ReportModel model) {
        String[] headers = {"Step", "Entered", "Evaluable", "Remitters", "Remission rate", "Remission CI low",
                "Remission CI high", "Cumulative remission", "Observed cumulative remission", "STAR*D remission",
                "STAR*D cumulative remission"};
        table(sheet, cells, headers, new int[] {7, 10, 11, 11, 15, 17, 18, 21, 30, 17, 27});
        List<StepRow> steps = model.steps();
        Double[] cumulative = model.cumulativeRemission();
        int n = steps.size();
        String[] categories = new String[n];
        Double[] observed = new Double[n];
        Double[] starD = new Double[n];
        for (int k = 0; k < n; k++) {
            StepRow s = steps.get(k);
            Row row = sheet.createRow(k + 1);
            cells.integer(row, 0, s.step());
            cells.count(row, 1, s.entered());
            cells.count(row, 2, s.evaluable());
            cells.count(row, 3, s.remitters());
            cells.rateWithInterval(row, 4, s.remitters(), s.evaluable());
            if (cumulative[k] != null) {
                cells.fraction(row, 7, cumulative[k]);
            }
            cells.rate(row, 8, s.observedRemitted(), s.observedBase());
            cells.fraction(row, 9, s.starDRemission());
            cells.fraction(row, 10, s.starDCumulative());
            categories[k] = Integer.toString(s.step());
            observed[k] = model.shownRate(s.observedRemitted(), s.observedBase());
            starD[k] = s.starDCumulative();
        }
        autoFilter(sheet, n, headers.length);
        if (n > 0) {
            String name = sheet.getSheetName();
            ReportCharts.lineChart(sheet, "Cumulative remission by step against STAR*D", categories,
                    new CellRangeAddress(1, n, 0, 0), 0, n + 3, 9, n + 25,
                    new ReportCharts.Series("Cumulative remission", new CellReference(name, 0, 7, true, true),
                            cumulative, new CellRangeAddress(1, n, 7, 7)),
                    new ReportCharts.Series("Observed cumulative remission", new CellReference(name, 0, 8, true, true),
                            observed, new CellRangeAddress(1, n, 8, 8)),
                    new ReportCharts.Series("STAR*D cumulative remission", new CellReference(name, 0, 10, true, true),
                            starD, new CellRangeAddress(1, n, 10, 10)));
        }
    }

    // ---- Definitions ----

    private static void writeDefinitions(SXSSFSheet sheet, CellWriter cells, ReportModel model) {
        table(sheet, cells, new String[] {"Item", "Value"}, new int[] {46, 120});
        Map<String, Object> items = new LinkedHashMap<>();
        for (ReportModel.DefinitionItem d : model.definitionItems()) {
            items.putIfAbsent(d.item(), d.value());
        }
        SmallCellSuppression suppression = model.suppression();
        // the writer's own methods, added unless the model already states them under the same name
        items.putIfAbsent("Minimum cell count (small-cell suppression)", model.minCellCount());
        items.putIfAbsent("Small counts shown as", suppression.isOff() ? "not suppressed (minimum cell count 1)"
                : suppression.label() + " (counts 1 to " + (model.minCellCount() - 1) + "; zero is shown)");
        ReportMethods.ROWS.forEach(items::putIfAbsent);
        int r = 1;
        for (Map.Entry<String, Object> e : items.entrySet()) {
            Row row = sheet.createRow(r++);
            cells.text(row, 0, e.getKey());
            cells.value(row, 1, e.getValue());
        }
        autoFilter(sheet, r - 1, 2);
    }

    // ---- Definitions compared ----

    private static void writeDefinitionsCompared(SXSSFSheet sheet, CellWriter cells, ReportModel model) {
        String[] headers = {"Definition", "Description", "Assessed", "TRD", "TRD prevalence",
                "Agreement with standard", "Kappa"};
        table(sheet, cells, headers, new int[] {16, 80, 10, 8, 15, 24, 8});
        int r = 1;
        for (ComparedProfile p : model.comparedProfiles()) {
            Row row = sheet.createRow(r++);
            cells.text(row, 0, p.name());
            String description = p.description() == null ? "" : p.description();
            if (p.source() != null && !p.source().isBlank()) {
                description = description.isEmpty() ? p.source() : description + " (" + p.source() + ")";
            }
            cells.text(row, 1, description);
            cells.count(row, 2, p.assessed());
            cells.count(row, 3, p.trd());
            cells.rate(row, 4, p.trd(), p.assessed());
            CohenKappa kappa = p.agreement();
            cells.fraction(row, 5, kappa.observedAgreement());
            cells.decimal2(row, 6, kappa.kappa());
        }
        autoFilter(sheet, r - 1, headers.length);
    }

    // ---- Breakdowns ----

    private static void writeBreakdowns(SXSSFSheet sheet, CellWriter cells, ReportModel model) {
        String[] headers = {"Dimension", "Group", "Patients", "TRD", "TRD prevalence", "Evaluable trials",
                "Responders", "Response rate", "Remitters", "Remission rate"};
        table(sheet, cells, headers, new int[] {12, 24, 10, 8, 15, 16, 11, 14, 10, 15});
        int r = 1;
        for (BreakdownRow b : model.breakdowns()) {
            Row row = sheet.createRow(r++);
            cells.text(row, 0, b.dimension());
            cells.text(row, 1, b.group());
            cells.count(row, 2, b.patients());
            cells.count(row, 3, b.trd());
            cells.rate(row, 4, b.trd(), b.assessed());
            cells.count(row, 5, b.evaluableTrials());
            cells.count(row, 6, b.responders());
            cells.rate(row, 7, b.responders(), b.evaluableTrials());
            cells.count(row, 8, b.remitters());
            cells.rate(row, 9, b.remitters(), b.evaluableTrials());
        }
        autoFilter(sheet, r - 1, headers.length);
    }

    // ---- Pathways ----

    private static final String[] PATHWAY_HEADERS = {"Pathway", "Steps", "Episodes", "Share of episodes", "Remitted",
            "Remission rate"};
    /** Header of the block below the Pathways table that the chart plots. */
    static final String STRATEGY_AT_STEP = "Strategy at step";

    private static void writePathways(SXSSFSheet sheet, CellWriter cells, ReportModel model) {
        table(sheet, cells, PATHWAY_HEADERS, new int[] {110, 7, 10, 18, 10, 15});
        List<ReportModel.PathwayRow> rows = model.pathways().isEmpty()
                ? List.of(new ReportModel.PathwayRow(ReportAssembler.OTHER_PATHWAYS, null, 0, 0),
                        new ReportModel.PathwayRow(ReportAssembler.ALL_PATHWAYS, null, 0, 0))
                : model.pathways();
        long all = rows.get(rows.size() - 1).episodes();
        int r = 1;
        for (ReportModel.PathwayRow p : rows) {
            Row row = sheet.createRow(r++);
            cells.text(row, 0, p.pathway());
            if (p.steps() != null) {
                cells.integer(row, 1, p.steps());
            }
            cells.count(row, 2, p.episodes());
            cells.rate(row, 3, p.episodes(), all);
            cells.count(row, 4, p.remitted());
            cells.rate(row, 5, p.remitted(), p.episodes());
        }
        autoFilter(sheet, r - 1, PATHWAY_HEADERS.length);
        writeStrategiesAtStep(sheet, cells, model, r + 1);
    }

    /**
     * Below the pathways, after a blank row: the share of the episodes entering each of steps 1–4 whose trial at that
     * step falls in each category (the rate rule of suppression applies to every share), and beside the table the
     * stacked bars that plot it, the picture TreatmentPatterns users know from its sunburst.
     */
    private static void writeStrategiesAtStep(SXSSFSheet sheet, CellWriter cells, ReportModel model, int headerRow) {
        List<ReportModel.StrategyAtStepRow> rows = model.strategiesAtStep();
        int steps = TreatmentPathway.MAX_STEPS;
        String[] header = new String[steps + 1];
        header[0] = STRATEGY_AT_STEP;
        String[] stepNames = new String[steps];
        for (int k = 1; k <= steps; k++) {
            stepNames[k - 1] = "Step " + k;
            header[k] = stepNames[k - 1];
        }
        cells.header(sheet.createRow(headerRow), header);
        ReportCharts.Series[] series = new ReportCharts.Series[rows.size()];
        int[] colours = new int[rows.size()];
        String name = sheet.getSheetName();
        for (int i = 0; i < rows.size(); i++) {
            ReportModel.StrategyAtStepRow s = rows.get(i);
            int r = headerRow + 1 + i;
            Row row = sheet.createRow(r);
            cells.text(row, 0, s.strategy());
            Double[] shares = new Double[steps];
            for (int k = 0; k < steps; k++) {
                cells.rate(row, k + 1, s.episodes()[k], s.entered()[k]);
                shares[k] = model.shownRate(s.episodes()[k], s.entered()[k]);
            }
            series[i] = new ReportCharts.Series(s.strategy(), new CellReference(name, r, 0, true, true), shares,
                    new CellRangeAddress(r, r, 1, steps));
            colours[i] = categoryIndex(s.strategy());
        }
        if (!rows.isEmpty()) {
            ReportCharts.stackedColumnChart(sheet, "Strategy categories at steps 1–4 (share of the episodes entering"
                            + " the step)", stepNames, new CellRangeAddress(headerRow, headerRow, 1, steps),
                    PATHWAY_HEADERS.length + 1, 0, PATHWAY_HEADERS.length + 13, 28, colours, series);
        }
    }

    private static int categoryIndex(String label) {
        for (StrategyCategory c : StrategyCategory.values()) {
            if (c.label().equals(label)) {
                return c.ordinal();
            }
        }
        return 0;
    }

    // ---- After failure ----

    private static void writeAfterFailure(SXSSFSheet sheet, CellWriter cells, ReportModel model) {
        String[] headers = {"After failed step", "Next strategy", "Episodes", "Evaluable", "Responders",
                "Response rate", "Remitters", "Remission rate", "Remission CI low", "Remission CI high"};
        table(sheet, cells, headers, new int[] {18, 40, 10, 11, 12, 14, 11, 15, 17, 18});
        List<ReportModel.AfterFailureRow> rows = model.afterFailure();
        if (rows.isEmpty()) {
            rows = new ArrayList<>();
            for (int k = 1; k <= 3; k++) {
                rows.add(new ReportModel.AfterFailureRow(k, ALL_STRATEGIES, 0, 0, 0, 0));
            }
        }
        int r = 1;
        for (ReportModel.AfterFailureRow a : rows) {
            Row row = sheet.createRow(r++);
            cells.integer(row, 0, a.afterFailedStep());
            cells.text(row, 1, a.nextStrategy());
            cells.count(row, 2, a.episodes());
            cells.count(row, 3, a.evaluable());
            cells.count(row, 4, a.responders());
            cells.rate(row, 5, a.responders(), a.evaluable());
            cells.count(row, 6, a.remitters());
            cells.rateWithInterval(row, 7, a.remitters(), a.evaluable());
        }
        autoFilter(sheet, r - 1, headers.length);
    }

    // ---- Trend ----

    /**
     * One row per night, oldest first, each with the suppression of its own counts (docs/workbook-contract.md: row by row), and a
     * line chart of TRD prevalence and remission rate by as-of date beside the table. A hidden rate is a gap.
     */
    private static void writeTrend(SXSSFSheet sheet, CellWriter cells, ReportModel model, List<NightFigures> trend) {
        table(sheet, cells, TREND_HEADERS, TREND_WIDTHS);
        int n = trend.size();
        String[] dates = new String[n];
        Double[] prevalence = new Double[n];
        Double[] remission = new Double[n];
        for (int k = 0; k < n; k++) {
            NightFigures night = trend.get(k);
            Row row = sheet.createRow(k + 1);
            cells.date(row, 0, night.asOf());
            cells.text(row, 1, night.report());
            cells.count(row, 2, night.patients());
            cells.count(row, 3, night.trd());
            cells.rate(row, 4, night.trd(), night.assessed());
            cells.count(row, 5, night.pseudoResistant());
            cells.count(row, 6, night.evaluableTrials());
            cells.rate(row, 7, night.allResponders(), night.allEvaluable());
            cells.rate(row, 8, night.allRemitters(), night.allEvaluable());
            // row accounting is about file rows, not people: shown as is, as on Summary
            cells.integer(row, 9, night.rowsRead());
            cells.integer(row, 10, night.rowsRejected());
            dates[k] = night.asOf().toString();
            prevalence[k] = model.shownRate(night.trd(), night.assessed());
            remission[k] = model.shownRate(night.allRemitters(), night.allEvaluable());
        }
        autoFilter(sheet, n, TREND_HEADERS.length);
        String name = sheet.getSheetName();
        ReportCharts.lineChart(sheet, "TRD prevalence and remission rate by as-of date", "As-of date", dates,
                new CellRangeAddress(1, n, 0, 0), TREND_HEADERS.length + 1, 1, TREND_HEADERS.length + 11, 23,
                new ReportCharts.Series("TRD prevalence", new CellReference(name, 0, 4, true, true), prevalence,
                        new CellRangeAddress(1, n, 4, 4)),
                new ReportCharts.Series("Remission rate", new CellReference(name, 0, 8, true, true), remission,
                        new CellRangeAddress(1, n, 8, 8)));
    }
}
