package org.trdoutcomes.report;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.util.zip.Deflater;
import javax.xml.namespace.QName;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.xmlbeans.XmlCursor;
import org.openxmlformats.schemas.spreadsheetml.x2006.main.CTStylesheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.streaming.SheetDataWriter;

/**
 * POI's streaming workbook with the two costs of a large Patients sheet cut down (profiled on 378,000 patients in
 * docs/benchmarks.md): the rows' XML goes to the temporary file through an unsynchronised UTF-8 writer (POI's
 * {@code BufferedWriter} over an {@code OutputStreamWriter} takes two locks on every one of the dozens of small writes
 * per cell), and the workbook is zipped at deflate's fastest level (the default level spent twice as long for a file
 * a fifth smaller). The file is an ordinary .xlsx either way.
 *
 * <p>It also declares the {@code Normal} cell style, which POI leaves out of styles.xml: without it openpyxl (and so
 * pandas) warns "Workbook contains no default style" on every report.
 */
final class StreamingWorkbook extends SXSSFWorkbook {

    StreamingWorkbook(int rowAccessWindowSize) {
        // no template, inline strings (no shared-strings table to hold in memory), uncompressed temp files: gzipping
        // them and inflating them again to zip the workbook was a deflate pass too many
        super(null, rowAccessWindowSize, false, false);
    }

    @Override
    public void write(OutputStream stream) throws IOException {
        declareNormalStyle(getXSSFWorkbook().getStylesSource().getCTStylesheet());
        super.write(stream);
    }

    static final String MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    /**
     * {@code <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>}: the built-in
     * style every cell format derives from (ECMA-376 §18.8.7), tied to the first cell-style format, which POI writes.
     * Written through a cursor because poi-ooxml-lite has no class for it; POI's own elements, written after this,
     * are put in the schema's order around it.
     */
    static void declareNormalStyle(CTStylesheet stylesheet) {
        try (XmlCursor cursor = stylesheet.newCursor()) {
            if (cursor.toChild(new QName(MAIN, "cellStyles"))) {
                return;
            }
            cursor.toEndToken();
            cursor.beginElement(new QName(MAIN, "cellStyles"));
            cursor.insertAttributeWithValue("count", "1");
            cursor.beginElement(new QName(MAIN, "cellStyle"));
            cursor.insertAttributeWithValue("name", "Normal");
            cursor.insertAttributeWithValue("xfId", "0");
            cursor.insertAttributeWithValue("builtinId", "0");
        }
    }

    @Override
    protected SheetDataWriter createSheetDataWriter() throws IOException {
        return new SheetDataWriter() {
            @Override
            public Writer createWriter(File fd) throws IOException {
                return new Utf8FileWriter(new FileOutputStream(fd));
            }
        };
    }

    @Override
    protected ZipArchiveOutputStream createArchiveOutputStream(OutputStream out) {
        ZipArchiveOutputStream zip = super.createArchiveOutputStream(out);
        zip.setLevel(Deflater.BEST_SPEED);
        return zip;
    }

    /** A buffered UTF-8 writer to a file for one thread: no locks, no encoder objects, ASCII copied byte for byte. */
    static final class Utf8FileWriter extends Writer {
        private final OutputStream out;
        private final byte[] buffer = new byte[1 << 16];
        private int count;

        Utf8FileWriter(OutputStream out) {
            this.out = out;
        }

        /** A high surrogate waiting for its low half, which may come in the next call; 0 when none. */
        private char pendingHigh;

        @Override
        public void write(int c) {
            put((char) c);
        }

        @Override
        public void write(String s, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                put(s.charAt(i));
            }
        }

        @Override
        public void write(char[] chars, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                put(chars[i]);
            }
        }

        private void put(char c) {
            if (count + 8 > buffer.length) {
                drainUnchecked();
            }
            if (c < 0x80 && pendingHigh == 0) {
                buffer[count++] = (byte) c;
                return;
            }
            if (pendingHigh != 0) {
                char high = pendingHigh;
                pendingHigh = 0;
                if (Character.isLowSurrogate(c)) {
                    put(Character.toCodePoint(high, c));
                    return;
                }
                buffer[count++] = '?'; // a lone surrogate cannot be encoded; the JDK's encoder writes '?' too
            }
            if (Character.isHighSurrogate(c)) {
                pendingHigh = c;
            } else if (Character.isLowSurrogate(c)) {
                buffer[count++] = '?';
            } else {
                put((int) c);
            }
        }

        private void put(int cp) {
            if (cp < 0x80) {
                buffer[count++] = (byte) cp;
            } else if (cp < 0x800) {
                buffer[count++] = (byte) (0xC0 | (cp >> 6));
                buffer[count++] = (byte) (0x80 | (cp & 0x3F));
            } else if (cp < 0x10000) {
                buffer[count++] = (byte) (0xE0 | (cp >> 12));
                buffer[count++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                buffer[count++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                buffer[count++] = (byte) (0xF0 | (cp >> 18));
                buffer[count++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                buffer[count++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                buffer[count++] = (byte) (0x80 | (cp & 0x3F));
            }
        }

        private void drain() throws IOException {
            out.write(buffer, 0, count);
            count = 0;
        }

        private void drainUnchecked() {
            try {
                drain();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void flush() throws IOException {
            drain();
            out.flush();
        }

        @Override
        public void close() throws IOException {
            try {
                if (pendingHigh != 0) {
                    pendingHigh = 0;
                    buffer[count++] = '?';
                }
                drain();
            } finally {
                out.close();
            }
        }
    }
}
