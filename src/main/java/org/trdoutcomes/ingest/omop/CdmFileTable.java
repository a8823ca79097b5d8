package org.trdoutcomes.ingest.omop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.trdoutcomes.ingest.CellFormats;
import org.trdoutcomes.ingest.ExtractFailure;
import org.trdoutcomes.ingest.HashedTextInput;
import org.trdoutcomes.ingest.ExtractColumns;

/**
 * One exported CDM table file (omop.md §1): UTF-8 (BOM skipped), a header whose names match in any letter case,
 * tab-separated when the header line holds a tab, else comma-separated. Comma files follow RFC 4180 quoting;
 * tab files are read without quoting, as OHDSI Athena writes its vocabulary files, whose concept names may
 * hold a lone {@code "} (e.g. {@code 12" tube}) that quoting would swallow to the end of the file.
 */
final class CdmFileTable implements CdmTableReader, CdmRecord {

    private static final int SNIFF_LIMIT = 1 << 16;

    private final CdmTable table;
    private final String fileName;
    private final HashedTextInput text;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final int[] fieldOfSlot;
    private int headerSize;
    private CSVRecord current;
    private long line;
    private String malformed;
    private String sha256;

    CdmFileTable(CdmTable table, Path path) {
        this.table = table;
        this.fileName = path.getFileName().toString();
        this.fieldOfSlot = new int[table.columns().size()];
        Arrays.fill(fieldOfSlot, -1);
        InputStream in;
        try {
            in = Files.newInputStream(path);
        } catch (IOException e) {
            throw new ExtractFailure("File " + fileName + " cannot be read: " + e.getMessage(), e);
        }
        try {
            text = new HashedTextInput(in, SNIFF_LIMIT);
            BufferedReader reader = text.reader();
            reader.mark(1);
            if (reader.read() != '\uFEFF') {
                reader.reset();
            }
            boolean tab = headerHasTab(reader);
            CSVFormat.Builder format = (tab ? CSVFormat.TDF : CSVFormat.RFC4180).builder()
                    .setIgnoreEmptyLines(false)
                    .setIgnoreSurroundingSpaces(false)
                    .setTrim(false);
            if (tab) {
                format.setQuote(null).setEscape(null);
            }
            parser = CSVParser.builder().setReader(reader).setFormat(format.get()).get();
            records = parser.iterator();
            readHeader();
        } catch (IOException e) {
            HashedTextInput.closeQuietly(in);
            throw new ExtractFailure("File " + fileName + " cannot be read: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            HashedTextInput.closeQuietly(in);
            throw e;
        }
    }

    private static boolean headerHasTab(BufferedReader reader) throws IOException {
        reader.mark(SNIFF_LIMIT);
        try {
            for (int i = 0; i < SNIFF_LIMIT - 1; i++) {
                int c = reader.read();
                if (c < 0 || c == '\n' || c == '\r') {
                    return false;
                }
                if (c == '\t') {
                    return true;
                }
            }
            return false;
        } finally {
            reader.reset();
        }
    }

    private void readHeader() {
        CSVRecord header = nextRecord();
        if (header == null) {
            throw new ExtractFailure("File " + fileName + " is empty: the first line must be the header of the "
                    + table.tableName() + " table.");
        }
        headerSize = header.size();
        for (int i = 0; i < headerSize; i++) {
            String raw = header.get(i).strip();
            String name = CellFormats.normaliseColumn(raw);
            if (ExtractColumns.DIRECT_IDENTIFIER_COLUMNS.contains(name)) {
                throw new ExtractFailure("File " + fileName + " has a column '" + raw + "' (" + name + "), a direct"
                        + " identifier: only anonymized extracts are accepted; remove the column and export again.");
            }
            int slot = table.columns().indexOf(name);
            if (slot >= 0) {
                if (fieldOfSlot[slot] >= 0) {
                    throw new ExtractFailure("File " + fileName + " has the column " + name + " twice (header fields "
                            + (fieldOfSlot[slot] + 1) + " and " + (i + 1) + "); keep one.");
                }
                fieldOfSlot[slot] = i;
            }
        }
        for (int slot = 0; slot < fieldOfSlot.length; slot++) {
            if (fieldOfSlot[slot] < 0 && table.isRequiredColumn(slot)) {
                throw new ExtractFailure("File " + fileName + " has no column " + table.columns().get(slot)
                        + ", which the CDM " + table.tableName() + " table needs (omop.md).");
            }
        }
    }

    /** The next non-empty record; {@link #line} is the physical line it starts on. */
    private CSVRecord nextRecord() {
        while (true) {
            long before = parser.getCurrentLineNumber();
            try {
                if (!records.hasNext()) {
                    return null;
                }
                CSVRecord r = records.next();
                if (r.size() == 1 && r.get(0).isBlank()) {
                    continue; // an empty line: skipped, not a row
                }
                line = before + 1;
                return r;
            } catch (UncheckedIOException e) {
                // an unbalanced quote in a comma file: the rest of the file cannot be split into rows
                throw new ExtractFailure("File " + fileName + " cannot be read past line " + (before + 1) + ": "
                        + e.getCause().getMessage() + " (a \" inside quoted text must be doubled).", e);
            }
        }
    }

    @Override
    public CdmTable table() {
        return table;
    }

    @Override
    public String source() {
        return fileName;
    }

    @Override
    public CdmRecord next() {
        current = nextRecord();
        if (current == null) {
            finish();
            return null;
        }
        malformed = current.size() == headerSize ? null : "The line has " + current.size()
                + " fields but the header has " + headerSize + "; check the delimiter and the quoting of this line.";
        return this;
    }

    @Override
    public long line() {
        return line;
    }

    @Override
    public String get(int slot) {
        int field = fieldOfSlot[slot];
        if (field < 0 || field >= current.size()) {
            return null;
        }
        String v = current.get(field);
        return v.isBlank() ? null : v.strip();
    }

    @Override
    public String malformed() {
        return malformed;
    }

    @Override
    public String sha256() {
        return sha256;
    }

    private void finish() {
        if (sha256 != null) {
            return;
        }
        sha256 = text.sha256(fileName);
    }

    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException e) {
            // read only: nothing to lose
        }
    }
}
