package org.trdoutcomes.report;

import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xddf.usermodel.XDDFColor;
import org.apache.poi.xddf.usermodel.XDDFLineProperties;
import org.apache.poi.xddf.usermodel.XDDFShapeProperties;
import org.apache.poi.xddf.usermodel.XDDFSolidFillProperties;
import org.apache.poi.xddf.usermodel.chart.AxisCrosses;
import org.apache.poi.xddf.usermodel.chart.AxisOrientation;
import org.apache.poi.xddf.usermodel.chart.AxisPosition;
import org.apache.poi.xddf.usermodel.chart.BarDirection;
import org.apache.poi.xddf.usermodel.chart.BarGrouping;
import org.apache.poi.xddf.usermodel.chart.ChartTypes;
import org.apache.poi.xddf.usermodel.chart.DisplayBlanks;
import org.apache.poi.xddf.usermodel.chart.LegendPosition;
import org.apache.poi.xddf.usermodel.chart.MarkerStyle;
import org.apache.poi.xddf.usermodel.chart.XDDFBarChartData;
import org.apache.poi.xddf.usermodel.chart.XDDFCategoryAxis;
import org.apache.poi.xddf.usermodel.chart.XDDFCategoryDataSource;
import org.apache.poi.xddf.usermodel.chart.XDDFChartData;
import org.apache.poi.xddf.usermodel.chart.XDDFDataSourcesFactory;
import org.apache.poi.xddf.usermodel.chart.XDDFLineChartData;
import org.apache.poi.xddf.usermodel.chart.XDDFValueAxis;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFChart;
import org.apache.poi.xssf.usermodel.XSSFClientAnchor;
import org.apache.poi.xssf.usermodel.XSSFDrawing;

/**
 * Native Excel charts (DrawingML, not pictures) next to their tables. Streamed rows are gone from memory by the
 * time a chart is built, so every series carries its values as an array (the cached values) together with the
 * explicit cell range it plots; Excel and LibreOffice redraw from the cells on opening. A hidden rate is an empty
 * cell and a missing cached point: it is left out of the chart, never drawn as 0 (a 0 bar would read as "no one
 * responded").
 */
final class ReportCharts {

    /** One plotted column: title cell, values (null = left out) and the cells they come from. */
    record Series(String title, CellReference titleCell, Double[] values, CellRangeAddress cells) {
    }

    private static final byte[] BLUE = {(byte) 0x44, (byte) 0x72, (byte) 0xC4};
    private static final byte[] ORANGE = {(byte) 0xED, (byte) 0x7D, (byte) 0x31};
    private static final byte[] GREY = {(byte) 0x7F, (byte) 0x7F, (byte) 0x7F};
    private static final byte[][] COLOURS = {BLUE, ORANGE, GREY};

    /**
     * One colour per strategy category (docs/clinical-rules.md §2 order), so that a category keeps its colour from one report to
     * the next whatever the other categories present (a qualitative palette of 19 distinguishable colours).
     */
    static final String[] CATEGORY_COLOURS = {"1F77B4", "AEC7E8", "FF7F0E", "FFBB78", "2CA02C", "98DF8A", "D62728",
            "FF9896", "9467BD", "C5B0D5", "8C564B", "C49C94", "E377C2", "F7B6D2", "7F7F7F", "C7C7C7", "BCBD22",
            "DBDB8D", "17BECF"};

    private ReportCharts() {
    }

    /**
     * Vertical stacked bars, one bar per category (the steps), one segment per series (a strategy category's share
     * of the episodes entering that step); {@code colours[i]} is the index into {@link #CATEGORY_COLOURS} of
     * series i. Stacked rather than percent-stacked: a hidden share leaves a gap at the top of the bar instead of
     * being spread over the others.
     */
    static void stackedColumnChart(SXSSFSheet sheet, String title, String[] categories,
                                   CellRangeAddress categoryCells, int col1, int row1, int col2, int row2,
                                   int[] colours, Series... series) {
        XSSFChart chart = newChart(sheet, title, col1, row1, col2, row2);
        chart.getOrAddLegend().setPosition(LegendPosition.RIGHT);
        XDDFCategoryAxis categoryAxis = chart.createCategoryAxis(AxisPosition.BOTTOM);
        XDDFValueAxis valueAxis = chart.createValueAxis(AxisPosition.LEFT);
        percentAxis(valueAxis);
        valueAxis.setCrosses(AxisCrosses.AUTO_ZERO);
        valueAxis.setTitle("Share of the episodes entering the step");
        XDDFBarChartData data = (XDDFBarChartData) chart.createData(ChartTypes.BAR, categoryAxis, valueAxis);
        data.setBarDirection(BarDirection.COL);
        data.setBarGrouping(BarGrouping.STACKED);
        data.setVaryColors(false);
        String sheetName = sheet.getSheetName();
        XDDFCategoryDataSource x = XDDFDataSourcesFactory.fromArray(categories,
                categoryCells.formatAsString(sheetName, true));
        for (int i = 0; i < series.length; i++) {
            Series s = series[i];
            var y = XDDFDataSourcesFactory.fromArray(s.values(), s.cells().formatAsString(sheetName, true));
            XDDFChartData.Series added = data.addSeries(x, y);
            added.setTitle(s.title(), s.titleCell());
            XDDFShapeProperties shape = new XDDFShapeProperties();
            shape.setFillProperties(new XDDFSolidFillProperties(
                    XDDFColor.from(rgb(CATEGORY_COLOURS[colours[i] % CATEGORY_COLOURS.length]))));
            added.setShapeProperties(shape);
        }
        chart.plot(data);
        overlapFully(chart);
    }

    /**
     * {@code <c:overlap val="100"/>}: without it Excel draws the segments of a stacked bar shifted side by side.
     * Written into the XML directly because {@code XDDFBarChartData.setOverlap} needs a schema type that
     * poi-ooxml-lite does not ship (the same gap as setMarkerSize). Schema order: after gapWidth, before axId.
     */
    private static void overlapFully(XSSFChart chart) {
        String ns = "http://schemas.openxmlformats.org/drawingml/2006/chart";
        try (org.apache.xmlbeans.XmlCursor cursor = chart.getCTChart().getPlotArea().getBarChartArray(0).newCursor()) {
            if (!cursor.toChild(new javax.xml.namespace.QName(ns, "serLines"))
                    && !cursor.toChild(new javax.xml.namespace.QName(ns, "axId"))) {
                return;
            }
            cursor.beginElement(new javax.xml.namespace.QName(ns, "overlap", "c"));
            cursor.insertAttributeWithValue("val", "100");
        }
    }

    private static byte[] rgb(String hex) {
        return new byte[] {(byte) Integer.parseInt(hex.substring(0, 2), 16),
                (byte) Integer.parseInt(hex.substring(2, 4), 16), (byte) Integer.parseInt(hex.substring(4, 6), 16)};
    }

    /** Horizontal clustered bars, categories top-down in table order (19 long strategy names read best so). */
    static void barChart(SXSSFSheet sheet, String title, String[] categories, CellRangeAddress categoryCells,
                         int col1, int row1, int col2, int row2, Series... series) {
        XSSFChart chart = newChart(sheet, title, col1, row1, col2, row2);
        XDDFCategoryAxis categoryAxis = chart.createCategoryAxis(AxisPosition.LEFT);
        categoryAxis.setOrientation(AxisOrientation.MAX_MIN);
        XDDFValueAxis valueAxis = chart.createValueAxis(AxisPosition.BOTTOM);
        percentAxis(valueAxis);
        // with the categories reversed, the value axis must cross at the last one to stay at the bottom
        valueAxis.setCrosses(AxisCrosses.MAX);
        XDDFBarChartData data = (XDDFBarChartData) chart.createData(ChartTypes.BAR, categoryAxis, valueAxis);
        data.setBarDirection(BarDirection.BAR);
        data.setBarGrouping(BarGrouping.CLUSTERED);
        data.setVaryColors(false);
        addSeries(sheet, data, categories, categoryCells, series, false);
        chart.plot(data);
    }

    /** Lines with markers over categories (steps). */
    static void lineChart(SXSSFSheet sheet, String title, String[] categories, CellRangeAddress categoryCells,
                          int col1, int row1, int col2, int row2, Series... series) {
        lineChart(sheet, title, "Step", categories, categoryCells, col1, row1, col2, row2, series);
    }

    /** Lines with markers over categories, the category axis titled {@code categoryTitle}. */
    static void lineChart(SXSSFSheet sheet, String title, String categoryTitle, String[] categories,
                          CellRangeAddress categoryCells, int col1, int row1, int col2, int row2, Series... series) {
        XSSFChart chart = newChart(sheet, title, col1, row1, col2, row2);
        XDDFCategoryAxis categoryAxis = chart.createCategoryAxis(AxisPosition.BOTTOM);
        categoryAxis.setTitle(categoryTitle);
        XDDFValueAxis valueAxis = chart.createValueAxis(AxisPosition.LEFT);
        percentAxis(valueAxis);
        valueAxis.setCrosses(AxisCrosses.AUTO_ZERO);
        XDDFLineChartData data = (XDDFLineChartData) chart.createData(ChartTypes.LINE, categoryAxis, valueAxis);
        data.setVaryColors(false);
        addSeries(sheet, data, categories, categoryCells, series, true);
        chart.plot(data);
    }

    private static XSSFChart newChart(SXSSFSheet sheet, String title, int col1, int row1, int col2, int row2) {
        sheet.createDrawingPatriarch();
        // SXSSFDrawing cannot make charts; the XSSFDrawing underneath can
        XSSFDrawing drawing = sheet.getDrawingPatriarch();
        XSSFClientAnchor anchor = drawing.createAnchor(0, 0, 0, 0, col1, row1, col2, row2);
        XSSFChart chart = drawing.createChart(anchor);
        chart.setTitleText(title);
        chart.setTitleOverlay(false);
        chart.getOrAddLegend().setPosition(LegendPosition.BOTTOM);
        // a hidden rate is an empty cell: draw a gap there (LibreOffice reads a missing setting as "zero")
        chart.displayBlanksAs(DisplayBlanks.GAP);
        return chart;
    }

    private static void percentAxis(XDDFValueAxis axis) {
        axis.setMinimum(0.0);
        axis.setMaximum(1.0);
        axis.setMajorUnit(0.2);
        axis.setNumberFormat("0%");
    }

    private static void addSeries(SXSSFSheet sheet, XDDFChartData data, String[] categories,
                                  CellRangeAddress categoryCells, Series[] series, boolean lines) {
        String sheetName = sheet.getSheetName();
        XDDFCategoryDataSource x = XDDFDataSourcesFactory.fromArray(categories,
                categoryCells.formatAsString(sheetName, true));
        for (int i = 0; i < series.length; i++) {
            Series s = series[i];
            var y = XDDFDataSourcesFactory.fromArray(s.values(), s.cells().formatAsString(sheetName, true));
            XDDFChartData.Series added = data.addSeries(x, y);
            added.setTitle(s.title(), s.titleCell());
            XDDFSolidFillProperties fill = new XDDFSolidFillProperties(XDDFColor.from(COLOURS[i % COLOURS.length]));
            XDDFShapeProperties shape = new XDDFShapeProperties();
            if (lines) {
                XDDFLineProperties line = new XDDFLineProperties(fill);
                line.setWidth(2.25);
                shape.setLineProperties(line);
                XDDFLineChartData.Series lineSeries = (XDDFLineChartData.Series) added;
                lineSeries.setSmooth(false);
                lineSeries.setMarkerStyle(MarkerStyle.CIRCLE);
                // no setMarkerSize: its schema type is not in poi-ooxml-lite (SchemaTypeLoaderException)
            } else {
                shape.setFillProperties(fill);
            }
            added.setShapeProperties(shape);
        }
    }
}
