package org.trdoutcomes.staging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * BinaryInput reads what DataOutputStream and BinaryOutput wrote as DataInputStream does: the same values, the same
 * EOFException past the end, the same UTFDataFormatException on bytes that are not modified UTF-8; whatever its
 * buffer's size and however few bytes the stream hands over at a time.
 */
class BinaryInputTest {

    /** Reads from either stream. */
    @FunctionalInterface
    interface Reads {
        Object from(DataInput in) throws IOException;
    }

    static final int[] BUFFERS = {BinaryOutput.MIN_BUFFER, 17, 1 << 15, 1 << 16};

    static byte[] bytes(BinaryOutputTest.Writes writes) throws IOException {
        return BinaryOutputTest.reference(writes);
    }

    /** What DataInputStream reads, or the class and message of what it throws. */
    static Object outcome(Reads reads, DataInput in) {
        try {
            return reads.from(in);
        } catch (IOException | RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }

    /** A stream that hands over one byte per read: every value of a file can come in pieces. */
    static InputStream trickling(byte[] bytes) {
        return new FilterInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 1));
            }
        };
    }

    /** BinaryInput, with every buffer size and over a whole or a trickling stream, reads what DataInputStream reads. */
    static void assertReadsAsDataInputStream(byte[] bytes, Reads reads) throws IOException {
        Object expected = outcome(reads, new DataInputStream(new ByteArrayInputStream(bytes)));
        for (int buffer : BUFFERS) {
            assertThat(outcome(reads, new BinaryInput(new ByteArrayInputStream(bytes), buffer)))
                    .as("buffer %d", buffer).isEqualTo(expected);
            assertThat(outcome(reads, new BinaryInput(trickling(bytes), buffer)))
                    .as("buffer %d, trickling", buffer).isEqualTo(expected);
        }
    }

    /** Reads a value after 0 to 15 bytes (so that it starts anywhere in the buffer), twice. */
    static void assertRoundTrip(BinaryOutputTest.Writes writes, Reads reads) throws IOException {
        for (int lead = 0; lead < 16; lead++) {
            int pad = lead;
            byte[] bytes = bytes(out -> {
                out.write(new byte[pad]);
                writes.to(out);
                writes.to(out);
            });
            Reads padded = in -> {
                in.skipBytes(pad);
                return List.of(reads.from(in), reads.from(in));
            };
            assertReadsAsDataInputStream(bytes, padded);
            for (int buffer : BUFFERS) {
                byte[] written = BinaryOutputTest.written(out -> {
                    out.write(new byte[pad]);
                    writes.to(out);
                    writes.to(out);
                }, buffer);
                assertThat(written).isEqualTo(bytes);
            }
        }
    }

    @Test
    void readAndReadUnsignedByteAndReadByteAndReadBoolean() throws IOException {
        BinaryOutputTest.Writes writes = out -> {
            for (int v : new int[] {0, 1, 127, 128, 255, -1}) {
                out.writeByte(v);
            }
            out.writeBoolean(true);
            out.writeBoolean(false);
            out.writeByte(2); // a boolean read from any non-zero byte is true
        };
        assertRoundTrip(writes, in -> List.of(in.readUnsignedByte(), in.readByte(), in.readByte(), in.readByte(),
                in.readUnsignedByte(), in.readByte(), in.readBoolean(), in.readBoolean(), in.readBoolean()));
        byte[] bytes = bytes(writes);
        BinaryInput in = new BinaryInput(new ByteArrayInputStream(bytes), 16);
        DataInputStream reference = new DataInputStream(new ByteArrayInputStream(bytes));
        for (int i = 0; i <= bytes.length; i++) {
            assertThat(in.read()).isEqualTo(reference.read());
        }
        assertThat(in.read()).isEqualTo(-1);
    }

    @Test
    void readShortReadUnsignedShortAndReadChar() throws IOException {
        assertRoundTrip(out -> {
            for (int v : new int[] {0, 1, -1, 0x1234, 0x7fff, 0x8000, 0xffff}) {
                out.writeShort(v);
            }
        }, in -> List.of(in.readShort(), in.readUnsignedShort(), in.readChar(), in.readShort(), in.readUnsignedShort(),
                in.readShort(), in.readChar()));
    }

    @Test
    void readIntAndReadLong() throws IOException {
        assertRoundTrip(out -> {
            for (int v : new int[] {0, 1, -1, 0x01020304, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
                out.writeInt(v);
            }
            for (long v : new long[] {0, -1, 0x0102030405060708L, Long.MIN_VALUE, Long.MAX_VALUE}) {
                out.writeLong(v);
            }
        }, in -> List.of(in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readInt(),
                in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readLong()));
    }

    @Test
    void readFloatAndReadDouble() throws IOException {
        assertRoundTrip(out -> {
            for (float v : new float[] {0f, -0f, 1.5f, Float.MIN_VALUE, Float.NaN, Float.NEGATIVE_INFINITY}) {
                out.writeFloat(v);
            }
            for (double v : new double[] {0, -0.0, 150.5, Double.MIN_VALUE, Double.NaN, Double.POSITIVE_INFINITY}) {
                out.writeDouble(v);
            }
        }, in -> {
            List<Object> bits = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                bits.add(Float.floatToRawIntBits(in.readFloat()));
            }
            for (int i = 0; i < 6; i++) {
                bits.add(Double.doubleToRawLongBits(in.readDouble()));
            }
            return bits;
        });
    }

    @ParameterizedTest
    @MethodSource("org.trdoutcomes.staging.BinaryOutputTest#strings")
    void readUtf(String s) throws IOException {
        assertRoundTrip(out -> out.writeUTF(s), in -> {
            String read = in.readUTF();
            assertThat(read).isEqualTo(s);
            return read;
        });
    }

    @Test
    void readFullyAndSkipBytes() throws IOException {
        byte[] data = new byte[70_000];
        new Random(3).nextBytes(data);
        assertReadsAsDataInputStream(data, in -> {
            byte[] a = new byte[5];
            in.readFully(a);
            byte[] b = new byte[40_000];
            in.readFully(b, 3, 39_000);
            int skipped = in.skipBytes(20_000);
            byte[] c = new byte[10];
            in.readFully(c, 2, 0);
            in.readFully(c, 0, 10);
            int rest = in.skipBytes(100_000); // fewer are left: skips what there is
            return List.of(Arrays.toString(a), Arrays.hashCode(b), skipped, Arrays.toString(c), rest,
                    in.skipBytes(1));
        });
    }

    @Test
    void readLineAsDataInputStream() throws IOException {
        byte[] text = "one\ntwo\r\nthree\rfour\n\n\r\rlast\u00e9".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertReadsAsDataInputStream(text, in -> {
            List<String> lines = new ArrayList<>();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
            }
            return lines;
        });
    }

    @Test
    void aRandomMixAcrossBufferEndsComesBackAsWritten() throws IOException {
        List<String> strings = BinaryOutputTest.strings().stream().filter(s -> s.length() < 200).toList();
        BinaryOutputTest.Writes mix = out -> {
            Random random = new Random(7);
            for (int i = 0; i < 5_000; i++) {
                int kind = random.nextInt(8);
                out.writeByte(kind);
                switch (kind) {
                    case 0 -> out.writeByte(random.nextInt());
                    case 1 -> out.writeShort(random.nextInt());
                    case 2 -> out.writeInt(random.nextInt());
                    case 3 -> out.writeLong(random.nextLong());
                    case 4 -> out.writeDouble(random.nextDouble());
                    case 5 -> out.writeUTF(strings.get(random.nextInt(strings.size())));
                    case 6 -> out.writeBoolean(random.nextBoolean());
                    default -> out.write(new byte[random.nextInt(40)]);
                }
            }
        };
        byte[] bytes = bytes(mix);
        Reads replayed = in -> {
            Random random = new Random(7);
            List<Object> values = new ArrayList<>();
            for (int i = 0; i < 5_000; i++) {
                int kind = random.nextInt(8);
                assertThat(in.readByte()).isEqualTo((byte) kind);
                switch (kind) {
                    case 0 -> values.add(in.readByte() == (byte) random.nextInt());
                    case 1 -> values.add(in.readShort() == (short) random.nextInt());
                    case 2 -> values.add(in.readInt() == random.nextInt());
                    case 3 -> values.add(in.readLong() == random.nextLong());
                    case 4 -> values.add(in.readDouble() == random.nextDouble());
                    case 5 -> values.add(in.readUTF().equals(strings.get(random.nextInt(strings.size()))));
                    case 6 -> values.add(in.readBoolean() == random.nextBoolean());
                    default -> {
                        byte[] filler = new byte[random.nextInt(40)];
                        in.readFully(filler);
                        values.add(Arrays.equals(filler, new byte[filler.length]));
                    }
                }
            }
            values.add(in instanceof BinaryInput b ? b.atEnd() : ((DataInputStream) in).read() < 0);
            return values;
        };
        Object expected = outcome(replayed, new DataInputStream(new ByteArrayInputStream(bytes)));
        assertThat(expected).asList().containsOnly(true);
        for (int buffer : new int[] {16, 17, 31, 100, 4096, 1 << 16}) {
            assertThat(outcome(replayed, new BinaryInput(new ByteArrayInputStream(bytes), buffer))).isEqualTo(expected);
            assertThat(outcome(replayed, new BinaryInput(trickling(bytes), buffer))).isEqualTo(expected);
        }
    }

    /** Every read that needs more bytes than are left. */
    static List<Object[]> shortReads() throws IOException {
        return List.<Object[]>of(
                new Object[] {"readByte", new byte[0], (Reads) DataInput::readByte},
                new Object[] {"readUnsignedByte", new byte[0], (Reads) DataInput::readUnsignedByte},
                new Object[] {"readBoolean", new byte[0], (Reads) DataInput::readBoolean},
                new Object[] {"readShort", new byte[1], (Reads) DataInput::readShort},
                new Object[] {"readUnsignedShort", new byte[1], (Reads) DataInput::readUnsignedShort},
                new Object[] {"readChar", new byte[1], (Reads) DataInput::readChar},
                new Object[] {"readInt", new byte[3], (Reads) DataInput::readInt},
                new Object[] {"readFloat", new byte[3], (Reads) DataInput::readFloat},
                new Object[] {"readLong", new byte[7], (Reads) DataInput::readLong},
                new Object[] {"readDouble", new byte[7], (Reads) DataInput::readDouble},
                new Object[] {"readFully", new byte[9], (Reads) in -> {
                    in.readFully(new byte[10]);
                    return null;
                }},
                new Object[] {"readUTF without its length", new byte[1], (Reads) DataInput::readUTF},
                new Object[] {"readUTF short of its bytes", Arrays.copyOf(bytes(out -> out.writeUTF("P000123")), 6),
                        (Reads) DataInput::readUTF},
                new Object[] {"readUTF of a long string short of its bytes",
                        Arrays.copyOf(bytes(out -> out.writeUTF("x".repeat(40_000))), 30_000), (Reads) DataInput::readUTF},
                new Object[] {"readInt after a row", bytes(out -> {
                    out.writeLong(1);
                    out.writeShort(2);
                }), (Reads) in -> List.of(in.readLong(), in.readInt())});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shortReads")
    void readingPastTheEndThrowsEofExceptionAsDataInputStream(String read, byte[] bytes, Reads reads) throws IOException {
        assertThatThrownBy(() -> reads.from(new DataInputStream(new ByteArrayInputStream(bytes))))
                .isInstanceOf(EOFException.class);
        for (int buffer : BUFFERS) {
            assertThatThrownBy(() -> reads.from(new BinaryInput(new ByteArrayInputStream(bytes), buffer)))
                    .isInstanceOf(EOFException.class);
            assertThatThrownBy(() -> reads.from(new BinaryInput(trickling(bytes), buffer)))
                    .isInstanceOf(EOFException.class);
        }
    }

    @Test
    void atEndOnlyOnceEveryByteIsRead() throws IOException {
        BinaryInput in = new BinaryInput(trickling(bytes(out -> {
            out.writeInt(1);
            out.writeUTF("P1");
        })), 16);
        assertThat(in.atEnd()).isFalse();
        assertThat(in.readInt()).isEqualTo(1);
        assertThat(in.atEnd()).isFalse();
        assertThat(in.readUTF()).isEqualTo("P1");
        assertThat(in.atEnd()).isTrue();
        assertThat(in.atEnd()).isTrue();
        assertThat(in.read()).isEqualTo(-1);
        assertThat(new BinaryInput(new ByteArrayInputStream(new byte[0]), 16).atEnd()).isTrue();
    }

    /** Bytes that are not modified UTF-8, each after a length that covers them. */
    static List<byte[]> malformed() {
        return List.of(utf(0x80), utf(0xC3), utf(0xC3, 0x41), utf(0xE2, 0x82), utf(0xE2, 0x41, 0xAC),
                utf(0xE2, 0x82, 0x41), utf(0xF0, 0x9F, 0x98, 0x80), utf(0x41, 0x42, 0xFF), utf(0x41, 0xC3, 0xA9, 0xBF),
                utf(0x61, 0x00, 0x62, 0xE2));
    }

    static byte[] utf(int... bytes) {
        byte[] b = new byte[bytes.length + 2];
        b[1] = (byte) bytes.length;
        for (int i = 0; i < bytes.length; i++) {
            b[i + 2] = (byte) bytes[i];
        }
        return b;
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void malformedUtfIsRefusedAsByDataInputStream(byte[] bytes) throws IOException {
        Object expected = outcome(DataInput::readUTF, new DataInputStream(new ByteArrayInputStream(bytes)));
        assertThat(expected.toString()).startsWith("java.io.UTFDataFormatException: malformed input");
        assertReadsAsDataInputStream(bytes, DataInput::readUTF);
    }

    @Test
    void aZeroByteReadsAsUPlus0000AsDataInputStreamReadsIt() throws IOException {
        assertReadsAsDataInputStream(utf(0x61, 0x00, 0x62), DataInput::readUTF);
        assertThat(new BinaryInput(new ByteArrayInputStream(utf(0x61, 0x00, 0x62)), 16).readUTF()).isEqualTo("a\u0000b");
    }

    @Test
    void closeClosesTheStream() throws IOException {
        boolean[] closed = {false};
        BinaryInput in = new BinaryInput(new ByteArrayInputStream(new byte[0]) {
            @Override
            public void close() {
                closed[0] = true;
            }
        }, 16);
        in.close();
        assertThat(closed[0]).isTrue();
    }

    @Test
    void whatDataOutputStreamWroteToAFileReadsBack() throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(file)) {
            for (String s : BinaryOutputTest.strings()) {
                out.writeUTF(s);
                out.writeInt(s.length());
            }
        }
        try (BinaryInput in = new BinaryInput(new ByteArrayInputStream(file.toByteArray()), 1 << 15)) {
            for (String s : BinaryOutputTest.strings()) {
                assertThat(in.readUTF()).isEqualTo(s);
                assertThat(in.readInt()).isEqualTo(s.length());
            }
            assertThat(in.atEnd()).isTrue();
        }
    }
}
