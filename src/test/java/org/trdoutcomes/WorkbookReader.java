package org.trdoutcomes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/** Reads a produced workbook back the way an analyst's pandas would: sheets of header → value rows. */
public final class WorkbookReader implements AutoCloseable {

    private final XSSFWorkbook workbook;

    public WorkbookReader(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            this.workbook = new XSSFWorkbook(in);
        }
    }

    public XSSFWorkbook workbook() {
        return workbook;
    }

    public List<String> sheetNames() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < workbook.getNumberOfSheets(); i++) {
            names.add(workbook.getSheetName(i));
        }
        return names;
    }

    public List<String> header(String sheet) {
        Row row = sheet(sheet).getRow(0);
        List<String> header = new ArrayList<>();
        for (int c = 0; c < row.getLastCellNum(); c++) {
            header.add(row.getCell(c).getStringCellValue());
        }
        return header;
    }

    /** The table at A1 as rows of header → value (String, Double, or null for an empty cell), up to the first empty row. */
    public List<Map<String, Object>> table(String sheet) {
        Sheet s = sheet(sheet);
        List<String> header = header(sheet);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int r = 1; r <= s.getLastRowNum(); r++) {
            Row row = s.getRow(r);
            if (row == null || value(row.getCell(0)) == null) {
                break;
            }
            Map<String, Object> values = new LinkedHashMap<>();
            for (int c = 0; c < header.size(); c++) {
                values.put(header.get(c), value(row.getCell(c)));
            }
            rows.add(values);
        }
        return rows;
    }

    /** The row of a table whose first column holds {@code key}. */
    public Map<String, Object> row(String sheet, String key) {
        return table(sheet).stream().filter(r -> key.equals(String.valueOf(r.values().iterator().next())))
                .findFirst().orElseThrow(() -> new AssertionError("no row '" + key + "' on sheet " + sheet));
    }

    /** Summary's `Item` → `Value`. */
    public Object summary(String item) {
        Sheet s = sheet("Summary");
        for (Row row : s) {
            Object key = value(row.getCell(0));
            if (item.equals(key)) {
                return value(row.getCell(1));
            }
        }
        throw new AssertionError("no Summary item '" + item + "'");
    }

    public Sheet sheet(String name) {
        Sheet s = workbook.getSheet(name);
        assertThat(s).as("sheet %s", name).isNotNull();
        return s;
    }

    public static Object value(Cell cell) {
        if (cell == null) {
            return null;
        }
        CellType type = cell.getCellType();
        return switch (type) {
            case NUMERIC -> cell.getNumericCellValue();
            case STRING -> cell.getStringCellValue().isEmpty() ? null : cell.getStringCellValue();
            case BOOLEAN -> cell.getBooleanCellValue();
            case FORMULA -> "=" + cell.getCellFormula();
            default -> null;
        };
    }

    @Override
    public void close() throws IOException {
        workbook.close();
    }
}
