package org.trdoutcomes.staging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UTFDataFormatException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** BinaryOutput writes the bytes DataOutputStream writes, method by method, whatever its buffer's size. */
class BinaryOutputTest {

    /** Writes to either stream. */
    @FunctionalInterface
    interface Writes {
        void to(DataOutput out) throws IOException;
    }

    /** The smallest buffer (every few values cross its end), an odd one, and the work files' sizes. */
    static final int[] BUFFERS = {BinaryOutput.MIN_BUFFER, 17, 1 << 15, 1 << 16};

    static final String LONGEST_ASCII = "a".repeat(65535);
    /** 21,845 three-byte characters: 65,535 bytes. */
    static final String LONGEST_BMP = "\u20ac".repeat(21845);

    /** Strings of every encoded width, the empty one and the longest that can be written. */
    static List<String> strings() {
        return List.of("", "P000123", "NORTH", "sertraline", "a", "\u0000", "x\u0000y", "\u007f", "\u0080",
                "Zoë Müller", "caf\u00e9", "\u00ff\u0100\u07ff", "\u0800", "\u20ac 50", "\u4e2d\u6587\u75c5\u4eba",
                "\uffff", "\ud83d\ude00", "smile \ud83d\ude00 and \ud834\udd1e", "\ud800", "\udfff lone low",
                "ASCII then \u00e9", "\u00e9 then ASCII " + "x".repeat(40), "y".repeat(100), "long ".repeat(13_000),
                "\u00e9".repeat(30_000), LONGEST_ASCII, LONGEST_BMP, "\u00e9".repeat(32767) + "a");
    }

    static byte[] reference(Writes writes) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        writes.to(out);
        out.flush();
        return bytes.toByteArray();
    }

    static byte[] written(Writes writes, int buffer) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryOutput out = new BinaryOutput(bytes, buffer);
        writes.to(out);
        out.flush();
        return bytes.toByteArray();
    }

    /** The same bytes as DataOutputStream's with every buffer size, written once and after 0 to 15 bytes. */
    static void assertSameBytes(Writes writes) throws IOException {
        for (int lead = 0; lead < 16; lead++) {
            int pad = lead;
            Writes padded = out -> {
                for (int i = 0; i < pad; i++) {
                    out.writeByte(0x5A);
                }
                writes.to(out);
                writes.to(out);
            };
            byte[] expected = reference(padded);
            for (int buffer : BUFFERS) {
                assertThat(written(padded, buffer)).as("buffer %d, lead %d", buffer, lead).isEqualTo(expected);
            }
        }
    }

    @Test
    void writeOfAByteKeepsItsLowEightBits() throws IOException {
        assertSameBytes(out -> {
            for (int v : new int[] {0, 1, 127, 128, 255, 256, -1, -128, 0x12345678}) {
                out.write(v);
            }
        });
    }

    @Test
    void writeOfAnArrayAndOfPartOfOne() throws IOException {
        byte[] small = {1, 2, 3, -4, 5};
        byte[] large = new byte[70_000];
        new Random(1).nextBytes(large);
        assertSameBytes(out -> {
            out.write(small);
            out.write(small, 1, 3);
            out.write(small, 5, 0);
            out.write(new byte[0]);
            out.write(large, 7, 16);
            out.write(large, 3, 40_000); // longer than the smaller buffers: goes to the stream past them
            out.write(large);
        });
    }

    @Test
    void aPartOutsideTheArrayIsRefusedAsByDataOutputStream() {
        BinaryOutput out = new BinaryOutput(new ByteArrayOutputStream(), 16);
        assertThatThrownBy(() -> out.write(new byte[4], 2, 3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> out.write(new byte[4], -1, 1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void writeBooleanAndWriteByte() throws IOException {
        assertSameBytes(out -> {
            out.writeBoolean(true);
            out.writeBoolean(false);
            for (int v : new int[] {0, 1, -1, 127, -128, 128, 255, 1000}) {
                out.writeByte(v);
            }
        });
    }

    @Test
    void writeShortAndWriteCharBigEndian() throws IOException {
        assertSameBytes(out -> {
            for (int v : new int[] {0, 1, -1, 0x1234, 0x7fff, 0x8000, 0xffff, 0x12345, Short.MIN_VALUE}) {
                out.writeShort(v);
                out.writeChar(v);
            }
        });
    }

    @Test
    void writeIntBigEndian() throws IOException {
        assertSameBytes(out -> {
            for (int v : new int[] {0, 1, -1, 0x01020304, Integer.MIN_VALUE, Integer.MAX_VALUE, 20_000}) {
                out.writeInt(v);
            }
        });
    }

    @Test
    void writeLongBigEndian() throws IOException {
        assertSameBytes(out -> {
            for (long v : new long[] {0, 1, -1, 0x0102030405060708L, Long.MIN_VALUE, Long.MAX_VALUE, 3L << 32 | 17}) {
                out.writeLong(v);
            }
        });
    }

    @Test
    void writeFloatAndWriteDoubleWithEveryNaNMadeTheCanonicalOne() throws IOException {
        float oddFloatNaN = Float.intBitsToFloat(0x7fc00123);
        double oddDoubleNaN = Double.longBitsToDouble(0x7ff8000000000123L);
        assertThat(Float.floatToRawIntBits(oddFloatNaN)).isNotEqualTo(Float.floatToIntBits(Float.NaN));
        assertThat(Double.doubleToRawLongBits(oddDoubleNaN)).isNotEqualTo(Double.doubleToLongBits(Double.NaN));
        assertSameBytes(out -> {
            for (float v : new float[] {0f, -0f, 1.5f, -3.25e-7f, Float.MIN_VALUE, Float.MAX_VALUE, Float.NaN,
                    oddFloatNaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
                out.writeFloat(v);
            }
            for (double v : new double[] {0, -0.0, 150.5, 87.5, -1e300, Double.MIN_VALUE, Double.MAX_VALUE,
                    Double.NaN, oddDoubleNaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
                out.writeDouble(v);
            }
        });
    }

    @Test
    void writeBytesAndWriteChars() throws IOException {
        for (String s : strings()) {
            assertSameBytes(out -> {
                out.writeBytes(s);
                out.writeChars(s);
            });
        }
    }

    @ParameterizedTest
    @MethodSource("strings")
    void writeUtfInModifiedUtf8(String s) throws IOException {
        assertSameBytes(out -> out.writeUTF(s));
    }

    @Test
    void theLongestStringsAreWrittenWhole() throws IOException {
        assertThat(reference(out -> out.writeUTF(LONGEST_ASCII))).hasSize(65537);
        assertThat(reference(out -> out.writeUTF(LONGEST_BMP))).hasSize(65537);
        assertThat(written(out -> out.writeUTF(LONGEST_ASCII), 1 << 16)).isEqualTo(reference(out -> out.writeUTF(LONGEST_ASCII)));
        assertThat(written(out -> out.writeUTF(LONGEST_BMP), 1 << 16)).isEqualTo(reference(out -> out.writeUTF(LONGEST_BMP)));
    }

    /** One byte over 65,535 in each width: ASCII, two-byte, three-byte, and U+0000 (two bytes). */
    static List<String> tooLong() {
        return List.of("a".repeat(65536), "\u00e9".repeat(32768), "\u20ac".repeat(21845) + "a",
                "\u0000".repeat(32767) + "ab", "\u20ac".repeat(70_000), "\ud83d\ude00".repeat(10923));
    }

    @ParameterizedTest
    @MethodSource("tooLong")
    void aStringOverTheLimitIsRefusedAsByDataOutputStreamAndNothingIsWritten(String s) throws IOException {
        for (int buffer : BUFFERS) {
            Writes writes = out -> {
                out.writeInt(7);
                try {
                    out.writeUTF(s);
                    throw new AssertionError("no UTFDataFormatException");
                } catch (UTFDataFormatException e) {
                    out.writeUTF(e.getMessage());
                }
                out.writeInt(8);
            };
            assertThat(written(writes, buffer)).isEqualTo(reference(writes));
        }
        assertThatThrownBy(() -> new BinaryOutput(new ByteArrayOutputStream(), 64).writeUTF(s))
                .isInstanceOf(UTFDataFormatException.class)
                .hasMessageContaining("too long");
    }

    @Test
    void aRandomMixOfEveryMethodAcrossBufferEnds() throws IOException {
        List<String> strings = strings().stream().filter(s -> s.length() < 200).toList();
        Writes mix = out -> {
            Random random = new Random(42);
            for (int i = 0; i < 5_000; i++) {
                switch (random.nextInt(9)) {
                    case 0 -> out.writeByte(random.nextInt());
                    case 1 -> out.writeBoolean(random.nextBoolean());
                    case 2 -> out.writeShort(random.nextInt());
                    case 3 -> out.writeInt(random.nextInt());
                    case 4 -> out.writeLong(random.nextLong());
                    case 5 -> out.writeDouble(random.nextDouble());
                    case 6 -> out.writeFloat(random.nextFloat());
                    case 7 -> out.writeUTF(strings.get(random.nextInt(strings.size())));
                    default -> out.write(new byte[random.nextInt(40)]);
                }
            }
        };
        byte[] expected = reference(mix);
        for (int buffer : new int[] {16, 17, 31, 100, 4096, 1 << 16}) {
            assertThat(written(mix, buffer)).as("buffer %d", buffer).isEqualTo(expected);
        }
    }

    @Test
    void nothingReachesTheStreamUntilTheBufferIsFullOrFlushed() throws IOException {
        CountingStream stream = new CountingStream();
        BinaryOutput out = new BinaryOutput(stream, 16);
        out.writeLong(1);
        out.writeInt(2);
        assertThat(stream.size()).isZero();
        out.writeInt(3); // fills the buffer exactly
        assertThat(stream.size()).isZero();
        out.writeByte(4); // no room: the 16 bytes go first
        assertThat(stream.size()).isEqualTo(16);
        assertThat(stream.flushes).isZero();
        out.flush();
        assertThat(stream.size()).isEqualTo(17);
        assertThat(stream.flushes).isEqualTo(1);
    }

    @Test
    void closeFlushesAndClosesTheStreamOnce() throws IOException {
        CountingStream stream = new CountingStream();
        BinaryOutput out = new BinaryOutput(stream, 64);
        out.writeUTF("P1");
        out.close();
        out.close();
        assertThat(stream.toByteArray()).isEqualTo(reference(o -> o.writeUTF("P1")));
        assertThat(stream.closes).isEqualTo(1);
    }

    @Test
    void aBufferTooSmallForALongIsRefused() {
        assertThatThrownBy(() -> new BinaryOutput(new ByteArrayOutputStream(), 15))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static final class CountingStream extends ByteArrayOutputStream {
        int flushes;
        int closes;

        @Override
        public void flush() {
            flushes++;
        }

        @Override
        public void close() {
            closes++;
        }
    }
}
