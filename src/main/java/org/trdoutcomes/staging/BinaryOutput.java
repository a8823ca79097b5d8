package org.trdoutcomes.staging;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UTFDataFormatException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * The bytes {@link java.io.DataOutputStream} writes (big-endian; {@link #writeUTF} in Java's modified UTF-8), into a
 * buffer of its own that goes to the stream when full or flushed. Unsynchronised and for one thread: a
 * DataOutputStream over a BufferedOutputStream takes the buffered stream's lock (a CAS each on JDK 17, which has no
 * biased locking) once per byte of a writeInt or writeShort, and its writeUTF scans and copies each string twice;
 * these were among the top frames of the ingest and classify steps. Work files written with either read back with
 * either ({@code BinaryOutputTest} compares the bytes method by method).
 */
public final class BinaryOutput implements DataOutput, Flushable, Closeable {

    /** Room for the widest value written in one piece (a long), and for a string's length and a few characters. */
    static final int MIN_BUFFER = 16;

    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final int MAX_UTF = 65535;

    private final OutputStream out;
    private final byte[] buffer;
    private int position;
    private boolean closed;

    /** @param bufferSize bytes held before they go to {@code out} (at least {@value #MIN_BUFFER}) */
    public BinaryOutput(OutputStream out, int bufferSize) {
        if (bufferSize < MIN_BUFFER) {
            throw new IllegalArgumentException("buffer of " + bufferSize + " bytes, at least " + MIN_BUFFER + " needed");
        }
        this.out = Objects.requireNonNull(out);
        this.buffer = new byte[bufferSize];
    }

    /** Makes room for {@code n} bytes (at most the buffer's size) at {@link #position}. */
    private void room(int n) throws IOException {
        if (buffer.length - position < n) {
            drain();
        }
    }

    private void drain() throws IOException {
        if (position > 0) {
            out.write(buffer, 0, position);
            position = 0;
        }
    }

    @Override
    public void write(int b) throws IOException {
        room(1);
        buffer[position++] = (byte) b;
    }

    @Override
    public void write(byte[] b) throws IOException {
        write(b, 0, b.length);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len >= buffer.length) {
            drain();
            out.write(b, off, len);
            return;
        }
        room(len);
        System.arraycopy(b, off, buffer, position, len);
        position += len;
    }

    @Override
    public void writeBoolean(boolean v) throws IOException {
        write(v ? 1 : 0);
    }

    @Override
    public void writeByte(int v) throws IOException {
        write(v);
    }

    @Override
    public void writeShort(int v) throws IOException {
        room(2);
        SHORT.set(buffer, position, (short) v);
        position += 2;
    }

    @Override
    public void writeChar(int v) throws IOException {
        writeShort(v);
    }

    @Override
    public void writeInt(int v) throws IOException {
        room(4);
        INT.set(buffer, position, v);
        position += 4;
    }

    @Override
    public void writeLong(long v) throws IOException {
        room(8);
        LONG.set(buffer, position, v);
        position += 8;
    }

    /** As DataOutputStream: {@link Float#floatToIntBits}, so every NaN is written as the one canonical NaN. */
    @Override
    public void writeFloat(float v) throws IOException {
        writeInt(Float.floatToIntBits(v));
    }

    /** As DataOutputStream: {@link Double#doubleToLongBits}, so every NaN is written as the one canonical NaN. */
    @Override
    public void writeDouble(double v) throws IOException {
        writeLong(Double.doubleToLongBits(v));
    }

    @Override
    public void writeBytes(String s) throws IOException {
        for (int i = 0, n = s.length(); i < n; i++) {
            write(s.charAt(i));
        }
    }

    @Override
    public void writeChars(String s) throws IOException {
        for (int i = 0, n = s.length(); i < n; i++) {
            writeShort(s.charAt(i));
        }
    }

    /**
     * A two-byte length, then the string in modified UTF-8 (U+0000 as two bytes, a supplementary character as its two
     * surrogates of three bytes each), as DataOutputStream writes it. Almost every string of the work files is ASCII
     * and fits the buffer: its characters are copied in as they are checked, in one pass.
     *
     * @throws UTFDataFormatException when the encoded string is longer than 65535 bytes (nothing is written)
     */
    @Override
    public void writeUTF(String s) throws IOException {
        int length = s.length();
        if (length <= MAX_UTF && length + 2 <= buffer.length) {
            room(length + 2);
            int start = position + 2;
            int i = 0;
            for (; i < length; i++) {
                char c = s.charAt(i);
                if (c == 0 || c >= 0x80) {
                    break;
                }
                buffer[start + i] = (byte) c;
            }
            if (i == length) {
                SHORT.set(buffer, position, (short) length);
                position = start + length;
                return;
            }
        }
        writeEncoded(s);
    }

    /**
     * writeUTF of a string that is not all ASCII or does not fit the buffer: rare in the work files, so encoded by the
     * JDK's own {@link DataOutputStream#writeUTF}, with its refusal of a string over 65535 bytes (nothing written).
     */
    private void writeEncoded(String s) throws IOException {
        ByteArrayOutputStream encoded = new ByteArrayOutputStream(s.length() + 8);
        new DataOutputStream(encoded).writeUTF(s);
        write(encoded.toByteArray());
    }

    /** Hands the buffered bytes to the stream and flushes it. */
    @Override
    public void flush() throws IOException {
        drain();
        out.flush();
    }

    /** Flushes and closes the stream; a second close does nothing. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try (OutputStream closing = out) {
            flush();
        }
    }
}
