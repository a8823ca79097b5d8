package org.trdoutcomes.generate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.trdoutcomes.generate.GenerationSummary.WrittenFile;

/** Streams one CSV file (UTF-8, {@code ,}, RFC 4180 quoting, {@code \n}) and counts what it wrote. */
final class CsvFileWriter implements AutoCloseable {

    /** Broken rows a file may hold, as a share of its good rows: half of the 10% that fails a run. */
    private static final int GOOD_ROWS_PER_BROKEN_ROW = 20;

    private final Path path;
    private final BufferedWriter out;
    private final int columns;
    private final StringBuilder line = new StringBuilder(160);
    private long dataRows;
    private long brokenRows;

    CsvFileWriter(Path path, String[] header) throws IOException {
        this.path = path;
        this.out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(path), StandardCharsets.UTF_8), 1 << 16);
        this.columns = header.length;
        writeLine(header);
    }

    long dataRows() {
        return dataRows;
    }

    /** Writes the first {@code columns} cells of {@code cells}. */
    void writeRow(String[] cells) throws IOException {
        writeLine(cells);
        dataRows++;
    }

    boolean hasRoomForBrokenRow() {
        return (brokenRows + 1) * GOOD_ROWS_PER_BROKEN_ROW <= dataRows - brokenRows;
    }

    void writeBrokenRow(String[] cells) throws IOException {
        writeRow(cells);
        brokenRows++;
    }

    private void writeLine(String[] cells) throws IOException {
        line.setLength(0);
        for (int i = 0; i < columns; i++) {
            if (i > 0) {
                line.append(',');
            }
            appendCell(line, cells[i]);
        }
        line.append('\n');
        out.append(line);
    }

    static void appendCell(StringBuilder sb, String cell) {
        boolean quote = false;
        for (int i = 0; i < cell.length() && !quote; i++) {
            char c = cell.charAt(i);
            quote = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        if (!quote) {
            sb.append(cell);
            return;
        }
        sb.append('"');
        for (int i = 0; i < cell.length(); i++) {
            char c = cell.charAt(i);
            if (c == '"') {
                sb.append('"');
            }
            sb.append(c);
        }
        sb.append('"');
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    /** Closes the file and tells what is in it. */
    WrittenFile finish() throws IOException {
        close();
        return new WrittenFile(path, dataRows, brokenRows, Files.size(path));
    }
}
