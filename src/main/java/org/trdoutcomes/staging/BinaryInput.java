package org.trdoutcomes.staging;

import java.io.Closeable;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Reads what {@link java.io.DataOutputStream} (or {@link BinaryOutput}) wrote, as {@link java.io.DataInputStream}
 * does, from a buffer of its own that is refilled from the stream. Unsynchronised and for one thread, for the reason
 * {@link BinaryOutput} gives: DataInputStream over a BufferedInputStream takes the buffered stream's lock once per
 * byte of a readInt. Past the end every read but {@link #read()} throws {@link EOFException}; {@link #atEnd} tells a
 * reader whether another row follows.
 */
public final class BinaryInput implements DataInput, Closeable {

    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final InputStream in;
    private final byte[] buffer;
    /** The unread bytes are buffer[position, limit). */
    private int position;
    private int limit;

    /** @param bufferSize bytes read from {@code in} at a time (at least {@value BinaryOutput#MIN_BUFFER}) */
    public BinaryInput(InputStream in, int bufferSize) {
        if (bufferSize < BinaryOutput.MIN_BUFFER) {
            throw new IllegalArgumentException("buffer of " + bufferSize + " bytes, at least " + BinaryOutput.MIN_BUFFER
                    + " needed");
        }
        this.in = Objects.requireNonNull(in);
        this.buffer = new byte[bufferSize];
    }

    /**
     * Tries to have {@code n} bytes (at most the buffer's size) unread in the buffer, reading from the stream as
     * needed; false when the stream ends first.
     */
    private boolean fill(int n) throws IOException {
        if (limit - position >= n) {
            return true;
        }
        if (position > 0) {
            System.arraycopy(buffer, position, buffer, 0, limit - position);
            limit -= position;
            position = 0;
        }
        while (limit < n) {
            int read = in.read(buffer, limit, buffer.length - limit);
            if (read < 0) {
                return false;
            }
            limit += read;
        }
        return true;
    }

    /** {@code n} bytes (at most the buffer's size) unread in the buffer, or EOFException. */
    private void require(int n) throws IOException {
        if (limit - position < n && !fill(n)) {
            throw new EOFException();
        }
    }

    /** True when the stream has no byte left. */
    public boolean atEnd() throws IOException {
        return !fill(1);
    }

    /** The next byte (0-255), or -1 at the end of the stream. */
    public int read() throws IOException {
        if (position == limit && !fill(1)) {
            return -1;
        }
        return buffer[position++] & 0xFF;
    }

    @Override
    public void readFully(byte[] b) throws IOException {
        readFully(b, 0, b.length);
    }

    @Override
    public void readFully(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        while (len > 0) {
            if (position == limit && !fill(1)) {
                throw new EOFException();
            }
            int n = Math.min(len, limit - position);
            System.arraycopy(buffer, position, b, off, n);
            position += n;
            off += n;
            len -= n;
        }
    }

    /** As DataInputStream: skips up to {@code n} bytes, fewer at the end of the stream; returns how many. */
    @Override
    public int skipBytes(int n) throws IOException {
        int skipped = 0;
        while (skipped < n) {
            if (position == limit && !fill(1)) {
                break;
            }
            int step = Math.min(n - skipped, limit - position);
            position += step;
            skipped += step;
        }
        return skipped;
    }

    @Override
    public boolean readBoolean() throws IOException {
        return readUnsignedByte() != 0;
    }

    @Override
    public byte readByte() throws IOException {
        return (byte) readUnsignedByte();
    }

    @Override
    public int readUnsignedByte() throws IOException {
        int b = read();
        if (b < 0) {
            throw new EOFException();
        }
        return b;
    }

    @Override
    public short readShort() throws IOException {
        require(2);
        short v = (short) SHORT.get(buffer, position);
        position += 2;
        return v;
    }

    @Override
    public int readUnsignedShort() throws IOException {
        return readShort() & 0xFFFF;
    }

    @Override
    public char readChar() throws IOException {
        return (char) readShort();
    }

    @Override
    public int readInt() throws IOException {
        require(4);
        int v = (int) INT.get(buffer, position);
        position += 4;
        return v;
    }

    @Override
    public long readLong() throws IOException {
        require(8);
        long v = (long) LONG.get(buffer, position);
        position += 8;
        return v;
    }

    @Override
    public float readFloat() throws IOException {
        return Float.intBitsToFloat(readInt());
    }

    @Override
    public double readDouble() throws IOException {
        return Double.longBitsToDouble(readLong());
    }

    /**
     * As DataInputStream's (deprecated) readLine: bytes as Latin-1 characters up to {@code \n}, {@code \r} or
     * {@code \r\n}; null at the end of the stream.
     */
    @Override
    public String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        int c = read();
        if (c < 0) {
            return null;
        }
        while (c >= 0 && c != '\n' && c != '\r') {
            line.append((char) c);
            c = read();
        }
        if (c == '\r' && fill(1) && buffer[position] == '\n') {
            position++;
        }
        return line.toString();
    }

    /**
     * A string as {@link java.io.DataOutputStream#writeUTF} wrote it. Almost every string of the work files is ASCII
     * and within the buffer: then its bytes are its characters, made into the string in one copy. Any other string
     * (other characters, longer than the buffer, cut off by the end of the stream) is decoded by the JDK's own
     * {@link DataInputStream#readUTF(DataInput)}, with its checks and messages.
     */
    @Override
    public String readUTF() throws IOException {
        require(2);
        int length = (short) SHORT.get(buffer, position) & 0xFFFF;
        if (length + 2 <= buffer.length && fill(length + 2)) {
            int start = position + 2;
            int end = start + length;
            int i = start;
            while (i < end && buffer[i] >= 0) {
                i++;
            }
            if (i == end) {
                position = end;
                return new String(buffer, start, length, StandardCharsets.ISO_8859_1);
            }
        }
        return DataInputStream.readUTF(this);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
