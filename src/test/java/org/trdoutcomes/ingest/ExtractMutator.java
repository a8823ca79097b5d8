package org.trdoutcomes.ingest;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Seeded generator of valid extracts and of hostile mutations of them, for the ingest fuzz tests. Every case is
 * reproducible from (seed, case number). The mutations are what real exports get wrong: random bytes, cut files,
 * swapped and missing columns, stray quotes, quoted line breaks, huge numbers, impossible dates, {@code NaN},
 * {@code 1e309}, bytes that are not UTF-8, NULs, formula-like text, line-end changes.
 */
final class ExtractMutator {

    static final String[] TRIAL_COLUMNS = Extracts.TRIALS_HEADER.split(",");
    static final String[] PATIENT_COLUMNS = Extracts.PATIENTS_HEADER.split(",");

    /** Values that break one rule or the parser's expectations. */
    private static final String[] HOSTILE_VALUES = {
            "", " ", "NaN", "nan", "Infinity", "-Infinity", "1e309", "1E3", "-1e-400", "0x1p3", "1,5", "1.2.3", "+",
            "-", ".", "-0", "+0", "0", "00000000000000000000001", "2147483648", "-2147483649", "99999999999999999999",
            "9".repeat(400), "-" + "0".repeat(1200) + "1", "0".repeat(1200) + "101", "1" + "0".repeat(250), "0." + "0".repeat(500) + "1", "1" + "0".repeat(330), "2026-02-30", "2025-13-01",
            "2025-00-10", "0000-01-01", "9999-12-31", "2024-1-1", "24-01-01", "2024/01/01", "2024-01-01T00:00",
            "-2024-01-01", "=1+1", "=HYPERLINK(\"http://x\")", "+SUM(A1)", "-2+3", "@SUM(A1)", "\tTAB", "\rCR",
            "\"quoted\"", "a\"b", "\"unclosed", "line\nbreak", "x".repeat(250), "é".repeat(120),
            "😀".repeat(60), "\u0000", "nul\u0000inside", "\uFEFF", "\uFFFD", "semi;colon", "comma,inside",
            "jane@example.org", "+44 20 7946 0958", "123-45-6789", "5551234567", "P 1", "ü-id", "a".repeat(65),
            "sertraline ", " SERTRALINE", "Zoloft", "happy pills", "initial", "INITIAL", "sideways", "PHQ-9", "XYZ",
            "mcg", "µg", "furlongs", "yes", "maybe", "F", "female", "true", "TRUE", "2", "-5", "101", "100.0000001"};

    /** Bytes that are not valid UTF-8 (lone continuation, overlong, surrogate, cut sequence, 0xFF). */
    private static final byte[][] BAD_UTF8 = {
            {(byte) 0xFF}, {(byte) 0x80}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            {(byte) 0xE2, (byte) 0x82}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xC3}};

    private final Random random;

    ExtractMutator(long seed) {
        this.random = new Random(seed);
    }

    Random random() {
        return random;
    }

    /** A valid trials extract: header (maybe reordered, maybe with an extra column) and 1–25 rows. */
    List<List<String>> validTrials() {
        List<String> header = new ArrayList<>(Arrays.asList(TRIAL_COLUMNS));
        int rows = 1 + random.nextInt(25);
        List<List<String>> table = new ArrayList<>();
        table.add(header);
        for (int r = 0; r < rows; r++) {
            int startDay = 1 + random.nextInt(28);
            List<String> row = new ArrayList<>(List.of(
                    "P-" + random.nextInt(1000), String.valueOf(1 + random.nextInt(3)),
                    "2024-0" + (1 + random.nextInt(5)) + "-" + two(startDay),
                    random.nextBoolean() ? "" : "2024-08-" + two(startDay),
                    pick("sertraline", "Zoloft", "lithium", "ECT"),
                    pick("initial", "switch", "dose_increase", "combination", "augmentation"),
                    random.nextBoolean() ? "" : String.valueOf(25 + random.nextInt(200)),
                    pick("", "mg", "MG"), random.nextBoolean() ? "" : String.valueOf(1 + random.nextInt(12)),
                    random.nextBoolean() ? "" : String.valueOf(random.nextInt(101)),
                    "PHQ9", String.valueOf(10 + random.nextInt(17)), String.valueOf(random.nextInt(27)),
                    pick("", "completed", "ineffective", "side_effects")));
            table.add(row);
        }
        if (random.nextInt(4) == 0) {
            shuffleColumns(table);
        }
        return table;
    }

    /** A valid patients extract of 1–15 rows, ids unique. */
    List<List<String>> validPatients() {
        List<List<String>> table = new ArrayList<>();
        table.add(new ArrayList<>(Arrays.asList(PATIENT_COLUMNS)));
        int rows = 1 + random.nextInt(15);
        for (int r = 0; r < rows; r++) {
            table.add(new ArrayList<>(List.of("P-" + r, pick("north", "south", ""), pick("F", "M", "x", ""),
                    pick("18-24", "65+", ""), pick("F33.2", "F32", ""), random.nextBoolean() ? "" : "2023-06-01",
                    pick("", "no", "1"), pick("", "0"), pick("", "y"), pick("", "N"), pick("", "yes"),
                    pick("", "false"))));
        }
        if (random.nextInt(4) == 0) {
            shuffleColumns(table);
        }
        return table;
    }

    private void shuffleColumns(List<List<String>> table) {
        int columns = table.get(0).size();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < columns; i++) {
            order.add(i);
        }
        Collections.shuffle(order, random);
        for (int r = 0; r < table.size(); r++) {
            List<String> row = table.get(r);
            List<String> moved = new ArrayList<>();
            for (int i : order) {
                moved.add(row.get(i));
            }
            table.set(r, moved);
        }
    }

    /** Table-level mutations (before the table is written as CSV). Returns a label of what was done. */
    String mutateTable(List<List<String>> table) {
        int kind = random.nextInt(8);
        int rows = table.size();
        int columns = table.get(0).size();
        switch (kind) {
            case 0 -> { // hostile value in a random cell, maybe several
                int times = 1 + random.nextInt(5);
                for (int t = 0; t < times; t++) {
                    List<String> row = table.get(1 + random.nextInt(rows - 1));
                    row.set(random.nextInt(row.size()), pick(HOSTILE_VALUES)); // rows may be shorter by now
                }
                return "hostile-values";
            }
            case 1 -> { // two header names swapped (values stay: columns now mean something else)
                int a = random.nextInt(columns);
                int b = random.nextInt(columns);
                Collections.swap(table.get(0), a, b);
                return "swapped-header-names";
            }
            case 2 -> { // a column missing from the header only, or from header and rows
                int c = random.nextInt(columns);
                table.get(0).remove(c);
                if (random.nextBoolean()) {
                    for (int r = 1; r < rows; r++) {
                        if (c < table.get(r).size()) {
                            table.get(r).remove(c);
                        }
                    }
                    return "column-removed";
                }
                return "header-cell-removed";
            }
            case 3 -> { // a cell missing or an extra cell in some rows
                List<String> row = table.get(1 + random.nextInt(rows - 1));
                if (random.nextBoolean() && row.size() > 1) {
                    row.remove(random.nextInt(row.size()));
                } else {
                    row.add(random.nextInt(row.size() + 1), pick(HOSTILE_VALUES));
                }
                return "field-count";
            }
            case 4 -> { // duplicated rows
                table.add(1 + random.nextInt(rows - 1), new ArrayList<>(table.get(1 + random.nextInt(rows - 1))));
                return "duplicate-row";
            }
            case 5 -> { // header renamed to a direct identifier or an unknown column
                table.get(0).set(random.nextInt(columns), pick("Name", "DOB", "e-mail", "email", "Phone", "notes",
                        "x".repeat(300), "", "NHS Number", "weird\"name"));
                return "header-renamed";
            }
            case 6 -> { // values of one column shuffled between rows
                return "no-table-change";
            }
            default -> { // rows with everything blank
                table.add(1 + random.nextInt(rows - 1), new ArrayList<>(Collections.nCopies(columns, "")));
                return "blank-row";
            }
        }
    }

    /** Writes the table as CSV, quoting values that need it (sometimes every value). */
    byte[] toCsv(List<List<String>> table) {
        String delimiter = random.nextInt(6) == 0 ? ";" : ",";
        String lineEnd = random.nextInt(4) == 0 ? "\r\n" : "\n";
        boolean quoteAll = random.nextInt(5) == 0;
        StringBuilder b = new StringBuilder();
        if (random.nextInt(8) == 0) {
            b.append('\uFEFF');
        }
        for (List<String> row : table) {
            for (int i = 0; i < row.size(); i++) {
                if (i > 0) {
                    b.append(delimiter);
                }
                String v = row.get(i);
                boolean needs = v.contains(delimiter) || v.contains("\"") || v.contains("\n") || v.contains("\r");
                if (quoteAll || needs) {
                    b.append('"').append(v.replace("\"", "\"\"")).append('"');
                } else {
                    b.append(v);
                }
            }
            b.append(lineEnd);
        }
        if (random.nextInt(5) == 0) {
            b.setLength(b.length() - lineEnd.length()); // no line end after the last row
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Byte-level mutations (after writing): random bytes, cuts, stray quotes, bad UTF-8, line breaks. */
    byte[] mutateBytes(byte[] in, List<String> applied) {
        byte[] data = in;
        int times = random.nextInt(4);
        for (int t = 0; t < times; t++) {
            if (data.length == 0) {
                break;
            }
            int at = random.nextInt(data.length + 1);
            switch (random.nextInt(9)) {
                case 0 -> {
                    data = replace(data, at, 1, new byte[] {(byte) random.nextInt(256)});
                    applied.add("random-byte");
                }
                case 1 -> {
                    byte[] junk = new byte[1 + random.nextInt(16)];
                    random.nextBytes(junk);
                    data = replace(data, at, 0, junk);
                    applied.add("random-bytes-inserted");
                }
                case 2 -> {
                    data = Arrays.copyOf(data, at);
                    applied.add("cut");
                }
                case 3 -> {
                    data = replace(data, at, 0, new byte[] {'"'});
                    applied.add("stray-quote");
                }
                case 4 -> {
                    data = replace(data, at, 0, BAD_UTF8[random.nextInt(BAD_UTF8.length)]);
                    applied.add("bad-utf8");
                }
                case 5 -> {
                    data = replace(data, at, 0, pick(new byte[][] {{'\n'}, {'\r'}, {'\r', '\n'}, {'\n', '\n'}}));
                    applied.add("line-break");
                }
                case 6 -> {
                    data = replace(data, at, 0, new byte[] {0});
                    applied.add("nul");
                }
                case 7 -> {
                    int len = Math.min(data.length - Math.min(at, data.length), 1 + random.nextInt(20));
                    data = replace(data, Math.min(at, data.length), len, new byte[0]);
                    applied.add("bytes-deleted");
                }
                default -> {
                    data = replace(data, at, 0, "\"a\"x".getBytes(StandardCharsets.UTF_8));
                    applied.add("char-after-quote");
                }
            }
        }
        return data;
    }

    private static byte[] replace(byte[] data, int at, int length, byte[] with) {
        at = Math.min(at, data.length);
        length = Math.min(length, data.length - at);
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + with.length);
        out.write(data, 0, at);
        out.write(with, 0, with.length);
        out.write(data, at + length, data.length - at - length);
        return out.toByteArray();
    }

    private String two(int n) {
        return n < 10 ? "0" + n : String.valueOf(n);
    }

    @SafeVarargs
    private <T> T pick(T... values) {
        return values[random.nextInt(values.length)];
    }
}
