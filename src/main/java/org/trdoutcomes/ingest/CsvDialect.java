package org.trdoutcomes.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import org.apache.commons.csv.CSVFormat;

/**
 * The CSV dialect of an extract file, found from its first line (docs/data-contract.md "Files"): a UTF-8 byte-order
 * mark is skipped, and the delimiter is {@code ;} when the header's only delimiter is {@code ;} (spreadsheets in
 * locales with a decimal comma), else {@code ,}. Quoting is RFC 4180's.
 */
final class CsvDialect {

    /** The reader must buffer at least this much: the header is sniffed within it, then read again. */
    static final int HEADER_SNIFF_LIMIT = 1 << 16;

    private CsvDialect() {
    }

    /** Skips the byte-order mark and returns the file's format; the reader is left at the header's first character. */
    static CSVFormat of(BufferedReader reader) throws IOException {
        skipByteOrderMark(reader);
        return CSVFormat.RFC4180.builder()
                .setDelimiter(sniffDelimiter(reader))
                .setIgnoreEmptyLines(false) // empty lines are skipped by the reader, so that line numbers stay physical
                .get();
    }

    private static void skipByteOrderMark(BufferedReader reader) throws IOException {
        reader.mark(1);
        if (reader.read() != '\uFEFF') {
            reader.reset();
        }
    }

    /** {@code ;} when the header line's only delimiter (outside quotes) is {@code ;}, else {@code ,} (docs/data-contract.md). */
    private static char sniffDelimiter(BufferedReader reader) throws IOException {
        reader.mark(HEADER_SNIFF_LIMIT);
        int commas = 0;
        int semicolons = 0;
        boolean quoted = false;
        boolean content = false;
        for (int i = 0; i < HEADER_SNIFF_LIMIT - 1; i++) {
            int c = reader.read();
            if (c < 0) {
                break;
            }
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == '\n' || c == '\r')) {
                if (content) {
                    break;
                }
                continue; // blank lines before the header
            } else if (!quoted && c == ',') {
                commas++;
            } else if (!quoted && c == ';') {
                semicolons++;
            }
            content = true;
        }
        reader.reset();
        return semicolons > 0 && commas == 0 ? ';' : ',';
    }
}
