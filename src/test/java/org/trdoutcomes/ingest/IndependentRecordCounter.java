package org.trdoutcomes.ingest;

import java.nio.charset.StandardCharsets;

/**
 * Counts the data rows of an extract file from its bytes, independently of commons-csv and of
 * {@link ExtractFileReader}, so that a fuzz test can prove that "rows read" is right. Written from RFC 4180 and
 * from the reading rules of docs/ingest-decisions.md only:
 * <ul>
 *   <li>bytes decoded as UTF-8 (bad bytes are U+FFFD, which is not structural), a leading BOM dropped;</li>
 *   <li>the delimiter is {@code ;} when the header line has a {@code ;} and no {@code ,} outside quotes
 *       (first 64 Ki characters), else {@code ,};</li>
 *   <li>a record ends at an unquoted {@code \n}, {@code \r\n} or lone {@code \r}; a field that starts with
 *       {@code "} is quoted up to a {@code "} not doubled; after the closing quote only blanks may come before
 *       the delimiter or the line end;</li>
 *   <li>a record that breaks the quoting is one malformed row; reading resumes after the offending character and
 *       what follows up to the next record end belongs to the broken row; an unclosed quote runs to the end of
 *       the file (one row);</li>
 *   <li>empty records (nothing, or just {@code ""}) are skipped; the first non-empty record is the header.</li>
 * </ul>
 */
final class IndependentRecordCounter {

    /** Rows after the header; -1 when the file has no header (empty, blank, or a broken header). */
    static long dataRows(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        char delimiter = sniff(text);
        long records = 0;
        boolean header = false;
        boolean fragment = false;
        int i = 0;
        int n = text.length();
        while (i < n) {
            // one record from i
            boolean error = false;
            boolean empty = true; // record is a single field that is empty (unquoted nothing or "")
            int fields = 1;
            boolean recordEnded = false;
            while (!recordEnded) {
                // one field
                if (i < n && text.charAt(i) == '"') {
                    i++;
                    boolean closed = false;
                    boolean content = false;
                    while (i < n) {
                        char c = text.charAt(i++);
                        if (c == '"') {
                            if (i < n && text.charAt(i) == '"') {
                                i++;
                                content = true;
                            } else {
                                closed = true;
                                break;
                            }
                        } else {
                            content = true;
                        }
                    }
                    if (!closed) {
                        // unbalanced: the rest of the file is one malformed record
                        error = true;
                        i = n;
                        break;
                    }
                    if (content) {
                        empty = false;
                    }
                    // after the closing quote: blanks, then delimiter, line end or end of file
                    boolean fieldEnded = false;
                    while (i < n) {
                        char c = text.charAt(i++);
                        if (c == delimiter) {
                            fields++;
                            empty = false;
                            fieldEnded = true;
                            break;
                        }
                        if (c == '\n') {
                            recordEnded = true;
                            fieldEnded = true;
                            break;
                        }
                        if (c == '\r') {
                            if (i < n && text.charAt(i) == '\n') {
                                i++;
                            }
                            recordEnded = true;
                            fieldEnded = true;
                            break;
                        }
                        if (!Character.isWhitespace(c)) {
                            error = true;
                            fieldEnded = true;
                            break;
                        }
                    }
                    if (error) {
                        break;
                    }
                    if (!fieldEnded) {
                        recordEnded = true; // end of file
                    }
                } else {
                    while (true) {
                        if (i >= n) {
                            recordEnded = true;
                            break;
                        }
                        char c = text.charAt(i++);
                        if (c == delimiter) {
                            fields++;
                            empty = false;
                            break;
                        }
                        if (c == '\n') {
                            recordEnded = true;
                            break;
                        }
                        if (c == '\r') {
                            if (i < n && text.charAt(i) == '\n') {
                                i++;
                            }
                            recordEnded = true;
                            break;
                        }
                        empty = false;
                    }
                }
            }
            if (fragment) {
                // the rest of a broken line: part of the row already counted
                fragment = error;
                continue;
            }
            if (error) {
                if (!header) {
                    return -1; // the header itself cannot be read: a file-level failure
                }
                records++;
                fragment = true;
                continue;
            }
            if (empty && fields == 1) {
                continue;
            }
            if (!header) {
                header = true;
            } else {
                records++;
            }
        }
        return header ? records : -1;
    }

    private static char sniff(String text) {
        int commas = 0;
        int semicolons = 0;
        boolean quoted = false;
        boolean content = false;
        int limit = Math.min(text.length(), (1 << 16) - 1);
        for (int i = 0; i < limit; i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == '\n' || c == '\r')) {
                if (content) {
                    break;
                }
                continue;
            } else if (!quoted && c == ',') {
                commas++;
            } else if (!quoted && c == ';') {
                semicolons++;
            }
            content = true;
        }
        return semicolons > 0 && commas == 0 ? ';' : ',';
    }

    private IndependentRecordCounter() {
    }
}
