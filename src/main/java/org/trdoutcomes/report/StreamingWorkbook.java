package org.trdoutcomes.report;

import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.streaming.SheetDataWriter;

/**
 * POI's streaming workbook with the two costs of a large Patients sheet cut down (profiled on 378,000 patients in
 * docs/benchmarks.md): the rows' XML goes to the temporary file through an unsynchronised UTF-8 writer (POI's
 * {@code BufferedWriter} over an {@code OutputStreamWriter} takes two locks on every one of the dozens of small writes
 * per cell), and the workbook is zipped at deflate's fastest level (the default level spent twice as long for a file
 * a fifth smaller). The file is an ordinary .xlsx either way.
 */
final class StreamingWorkbook extends SXSSFWorkbook {

    /**
     * Rows from which the temporary files are compressed: the XML of a row of the Patients sheet is about 700 bytes,
     * so 7.5 million patients (a 20-million-row extract) would need 5 GB of temporary files uncompressed, three times
     * the extract. Below it they stay plain: deflating them and inflating them again to zip the workbook was a deflate
     * pass too many (a quarter of the report step at 378,000 patients).
     */
    static final long COMPRESS_TEMP_FILES_FROM_ROWS = 1_000_000;

    private final boolean compressTempFiles;

    /** @param rows about how many rows the largest sheet will have */
    StreamingWorkbook(int rowAccessWindowSize, long rows) {
        // no template, inline strings (no shared-strings table to hold in memory)
        super(null, rowAccessWindowSize, false, false);
        this.compressTempFiles = rows >= COMPRESS_TEMP_FILES_FROM_ROWS;
    }

    @Override
    protected SheetDataWriter createSheetDataWriter() throws IOException {
        if (compressTempFiles) {
            return new SheetDataWriter() {
                @Override
                public Writer createWriter(File fd) throws IOException {
                    // deflate's fastest level: the point is the disk, not the last percent of size
                    return new Utf8FileWriter(new DeflaterOutputStream(new FileOutputStream(fd),
                            new Deflater(Deflater.BEST_SPEED, true), 1 << 16));
                }

                @Override
                protected InputStream decorateInputStream(FileInputStream fis) {
                    return new InflaterInputStream(fis, new Inflater(true), 1 << 16);
                }
            };
        }
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
            if (count > 0) {
                out.write(buffer, 0, count);
                count = 0;
            }
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
            if (!closed) {
                drain();
                out.flush();
            }
        }

        private boolean closed;

        @Override
        public void close() throws IOException {
            if (closed) {
                return; // POI closes a sheet's writer when it reads it back and again when the workbook is closed
            }
            closed = true;
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
