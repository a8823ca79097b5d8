package org.trdoutcomes.ingest;

import static org.trdoutcomes.ingest.CellFormats.NOT_AN_INT;
import static org.trdoutcomes.ingest.CellFormats.cut;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.trdoutcomes.ingest.ExtractRow.AcceptedPatient;
import org.trdoutcomes.ingest.ExtractRow.AcceptedTrial;
import org.trdoutcomes.ingest.ExtractRow.RejectedRow;
import org.trdoutcomes.rules.Dose;
import org.trdoutcomes.rules.DoseUnit;
import org.trdoutcomes.rules.PatientAttributes;
import org.trdoutcomes.rules.Scale;
import org.trdoutcomes.rules.StopReason;
import org.trdoutcomes.rules.Strategy;
import org.trdoutcomes.rules.Treatment;
import org.trdoutcomes.rules.Trial;

/**
 * Reads one extract file (input.md) record by record and turns each into an accepted trial or patient, or a
 * rejected row carrying every rule it breaks. Plain Java: the batch shell is {@link ExtractItemReader}.
 *
 * <p>The header is read and checked when the reader is constructed, so a file-level failure (a direct-identifier
 * column, a required column missing, an unreadable file) is an {@link ExtractFailure} thrown before any row.
 * Memory does not grow with the number of rows: one record is held at a time.
 *
 * <p>Line numbers are physical lines, the header being line 1; a record that holds quoted line breaks has the
 * number of the line it starts on. Entirely empty lines are skipped and not counted as rows.
 */
public final class ExtractFileReader implements AutoCloseable {

    /** Header names refused outright (input.md "Direct identifiers are refused"), after normalisation. */
    public static final Set<String> DIRECT_IDENTIFIER_COLUMNS = Set.of(
            "name", "first_name", "last_name", "surname", "full_name", "address", "street", "city", "zip", "postcode",
            "phone", "email", "mrn", "ssn", "nhs_number", "dob", "date_of_birth", "birth_date", "birthdate");

    /** Contract columns of a trials file; the position in this list is the column's slot. */
    static final List<String> TRIAL_COLUMNS = List.of(
            "patient_id", "episode", "start_date", "end_date", "treatment", "strategy", "dose", "dose_unit",
            "sessions", "adherence_pct", "scale", "baseline_score", "outcome_score", "stop_reason");
    private static final int T_PATIENT_ID = 0;
    private static final int T_EPISODE = 1;
    private static final int T_START = 2;
    private static final int T_END = 3;
    private static final int T_TREATMENT = 4;
    private static final int T_STRATEGY = 5;
    private static final int T_DOSE = 6;
    private static final int T_DOSE_UNIT = 7;
    private static final int T_SESSIONS = 8;
    private static final int T_ADHERENCE = 9;
    private static final int T_SCALE = 10;
    private static final int T_BASELINE = 11;
    private static final int T_OUTCOME = 12;
    private static final int T_STOP = 13;
    private static final List<Integer> TRIAL_REQUIRED = List.of(T_PATIENT_ID, T_START, T_TREATMENT);

    /** Contract columns of a patients file; the position in this list is the column's slot. */
    static final List<String> PATIENT_COLUMNS = List.of(
            "patient_id", "site", "sex", "age_band", "diagnosis", "episode_start",
            "psychotic_features", "bipolar", "hypothyroidism", "substance_use", "trauma", "adhd");
    private static final int P_PATIENT_ID = 0;
    private static final int P_SITE = 1;
    private static final int P_SEX = 2;
    private static final int P_AGE_BAND = 3;
    private static final int P_DIAGNOSIS = 4;
    private static final int P_EPISODE_START = 5;
    private static final int P_FIRST_BOOLEAN = 6;
    private static final List<Integer> PATIENT_REQUIRED = List.of(P_PATIENT_ID);

    private static final int MAX_SITE_LENGTH = 64;
    /** age_band and diagnosis: TRD_PATIENT holds 100 characters of each. */
    private static final int MAX_KEPT_TEXT = 100;
    private static final int HEADER_SNIFF_LIMIT = 1 << 16;
    private static final char REPLACEMENT = '\uFFFD';
    private static final char NUL = '\u0000';

    private final InputFile file;
    private final String fileName;
    private final LocalDate asOf;
    private final Function<String, Optional<Treatment>> treatments;
    private final List<String> columns;
    private final DigestInputStream digestStream;
    /** Bytes of the file read so far (buffered ahead of the parser): progress as a share of the file's size. */
    private final long[] bytesRead = new long[1];
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;

    /** slot → field index in the record, or -1 when the file has no such column. */
    private final int[] fieldOfSlot;
    /** field index → slot, or -1 for unknown columns. */
    private int[] slotOfField;
    private String[] headerNames;
    private int headerSize;
    private final List<ExtractWarning> headerWarnings = new ArrayList<>();

    /** Problems of the current row, reused from row to row. */
    private final List<Rejection> problems = new ArrayList<>();
    /** Bit per slot: the cell held bytes that are not UTF-8, so it has been rejected and is not checked further. */
    private long badSlots;
    private long recordLine;
    /** Set when the last record could not be parsed (unbalanced quote, character after a closing quote). */
    private String malformed;
    /** After a parse error in the middle of a line: the parser's next record is the rest of the broken record. */
    private boolean fragmentPending;
    private long rowsRead;
    private boolean finished;
    private String sha256;

    /**
     * Opens the file and checks its header.
     *
     * @param asOf       the run's as-of date: no date may be after it
     * @param treatments treatment lookup by name or synonym (production passes {@code catalogue::find})
     * @throws ExtractFailure when the file cannot be read, is empty, or its header is refused
     */
    public ExtractFileReader(InputFile file, LocalDate asOf, Function<String, Optional<Treatment>> treatments) {
        this.file = file;
        this.fileName = file.name();
        this.asOf = asOf;
        this.treatments = treatments;
        this.columns = file.kind() == FileKind.TRIALS ? TRIAL_COLUMNS : PATIENT_COLUMNS;
        this.fieldOfSlot = new int[columns.size()];
        Arrays.fill(fieldOfSlot, -1);
        InputStream in;
        try {
            in = counting(Files.newInputStream(file.path()), bytesRead);
        } catch (IOException e) {
            throw new ExtractFailure("File " + fileName + " cannot be read: " + e.getMessage(), e);
        }
        try {
            digestStream = new DigestInputStream(in, MessageDigest.getInstance("SHA-256"));
            // REPLACE, not REPORT: a bad byte must reject its row (BAD_ENCODING), not abort the whole file.
            CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE);
            BufferedReader reader = new BufferedReader(new InputStreamReader(digestStream, decoder), HEADER_SNIFF_LIMIT);
            skipByteOrderMark(reader);
            CSVFormat format = CSVFormat.RFC4180.builder()
                    .setDelimiter(sniffDelimiter(reader))
                    .setIgnoreEmptyLines(false) // empty lines are skipped here, so that line numbers stay physical
                    .get();
            parser = CSVParser.builder().setReader(reader).setFormat(format).get();
            records = parser.iterator();
            readHeader();
        } catch (IOException | NoSuchAlgorithmException e) {
            closeQuietly(in);
            throw new ExtractFailure("File " + fileName + " cannot be read: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(in);
            throw e;
        }
    }

    public InputFile file() {
        return file;
    }

    /** One UNKNOWN_COLUMN warning per header column that is not a contract column of this kind of file. */
    public List<ExtractWarning> headerWarnings() {
        return List.copyOf(headerWarnings);
    }

    /** Bytes read from the file so far (a little ahead of the rows returned: the reader buffers). */
    public long bytesRead() {
        return bytesRead[0];
    }

    private static InputStream counting(InputStream in, long[] count) {
        return new java.io.FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    count[0]++;
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    count[0] += n;
                }
                return n;
            }
        };
    }

    /** Records read so far (accepted + rejected), empty lines not included. */
    public long rowsRead() {
        return rowsRead;
    }

    /** True once {@link #next()} has returned null. */
    public boolean isFinished() {
        return finished;
    }

    /**
     * SHA-256 (lower-case hex) of every byte of the file, BOM included.
     *
     * @throws IllegalStateException before the file has been read to the end
     */
    public String sha256() {
        if (!finished) {
            throw new IllegalStateException("SHA-256 of " + fileName + " is known only once the file has been read to the end");
        }
        return sha256;
    }

    /** The next row of the file, or null at the end of the file. */
    public ExtractRow next() {
        if (finished) {
            return null;
        }
        CSVRecord record = nextRecord();
        if (record == null && malformed == null) {
            finish();
            return null;
        }
        rowsRead++;
        if (malformed != null) {
            return wholeRecordRejected(malformed);
        }
        if (record.size() != headerSize) {
            return wholeRecordRejected("The line has " + record.size() + " fields but the header has " + headerSize
                    + "; check the delimiter and the quoting of this line.");
        }
        problems.clear();
        badSlots = 0;
        checkEncoding(record);
        ExtractRow row = file.kind() == FileKind.TRIALS ? trial(record) : patient(record);
        return row != null ? row : new RejectedRow(file.index(), recordLine, problems);
    }

    /**
     * Skips records without checking them, to resume a restarted run where the last one stopped. The digest still
     * covers the skipped bytes.
     *
     * @return records actually skipped (fewer only at the end of the file)
     */
    public long skip(long count) {
        long skipped = 0;
        while (skipped < count && !finished) {
            CSVRecord record = nextRecord();
            if (record == null && malformed == null) {
                finish();
            } else {
                rowsRead++;
                skipped++;
            }
        }
        return skipped;
    }

    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException e) {
            // nothing was written: a failure to close a file that was read has no consequence
        }
    }

    // ---------------------------------------------------------------- records and lines

    /**
     * The next non-empty record, or null at the end of the file or when the record cannot be parsed (then
     * {@link #malformed} says why). Sets {@link #recordLine} to the line the record starts on.
     *
     * <p>commons-csv's line counter, read before a record, is the number of lines completed, so the record starts
     * on the next line. After a parse error in the middle of a line the parser resumes at the character after the
     * error, and the record it returns next (up to the end of that line) is a fragment of the broken record, not a
     * row; the counter then again stands at a line start. An unbalanced quote runs to the end of the file (RFC 4180: the
     * rest of the file is inside the field), so it is one malformed record and the file ends there.
     */
    private CSVRecord nextRecord() {
        malformed = null;
        while (true) {
            long before = parser.getCurrentLineNumber();
            try {
                if (!records.hasNext()) {
                    return null;
                }
                CSVRecord record = records.next();
                if (fragmentPending) {
                    fragmentPending = false; // the rest of the broken line: part of the record already rejected
                    continue;
                }
                if (record.size() == 1 && record.get(0).isEmpty()) {
                    continue; // an empty line (or a line of just ""): skipped, not a row
                }
                recordLine = before + 1;
                return record;
            } catch (UncheckedIOException e) {
                if (!(e.getCause() instanceof CSVException)) {
                    throw new ExtractFailure("File " + fileName + " could not be read to the end: " + e.getCause().getMessage(), e);
                }
                if (fragmentPending) {
                    continue; // another error in the rest of the broken line: still the same record
                }
                recordLine = before + 1;
                fragmentPending = true;
                malformed = describeParseError(e.getCause().getMessage());
                return null;
            }
        }
    }

    private static String describeParseError(String parserMessage) {
        if (parserMessage != null && parserMessage.contains("EOF reached before encapsulated token finished")) {
            return "A quoted field that starts in this record is never closed (unbalanced \"), so the rest of the file"
                    + " cannot be read; close the quote or double the \" inside quoted text and export again.";
        }
        return "The record cannot be read: a character follows a closing quote (a \" inside quoted text must be"
                + " doubled as \"\").";
    }

    private RejectedRow wholeRecordRejected(String message) {
        return new RejectedRow(file.index(), recordLine,
                List.of(new Rejection(fileName, recordLine, null, null, RejectionReason.MALFORMED_RECORD, message)));
    }

    private void finish() {
        finished = true;
        try {
            byte[] rest = new byte[8192];
            while (digestStream.read(rest) >= 0) {
                // the decoder normally reached the end already; make sure the digest covers every byte
            }
        } catch (IOException e) {
            throw new ExtractFailure("File " + fileName + " could not be read to the end: " + e.getMessage(), e);
        }
        sha256 = HexFormat.of().formatHex(digestStream.getMessageDigest().digest());
        close();
    }

    private static void skipByteOrderMark(BufferedReader reader) throws IOException {
        reader.mark(1);
        if (reader.read() != '\uFEFF') {
            reader.reset();
        }
    }

    /** {@code ;} when the header line's only delimiter (outside quotes) is {@code ;}, else {@code ,} (input.md). */
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

    private void readHeader() {
        CSVRecord header = nextRecord();
        if (malformed != null) {
            throw new ExtractFailure("File " + fileName + ": the header line " + recordLine + " cannot be read (unbalanced quotes).");
        }
        if (header == null) {
            throw new ExtractFailure("File " + fileName + " is empty: the first line must be the header.");
        }
        headerSize = header.size();
        headerNames = new String[headerSize];
        slotOfField = new int[headerSize];
        for (int i = 0; i < headerSize; i++) {
            String raw = header.get(i).strip();
            String name = CellFormats.normaliseColumn(raw);
            // kept for warnings and rejections only, cut like a value: TRD_ISSUE.COLUMN_NAME holds 100 characters
            headerNames[i] = cut(withoutNul(raw));
            if (DIRECT_IDENTIFIER_COLUMNS.contains(name)) {
                throw new ExtractFailure("File " + fileName + " has a column '" + raw + "' (" + name + "), a direct identifier:"
                        + " only anonymized extracts are accepted; remove the column and export again.");
            }
            int slot = columns.indexOf(name);
            slotOfField[i] = slot;
            if (slot >= 0) {
                if (fieldOfSlot[slot] >= 0) {
                    throw new ExtractFailure("File " + fileName + " has the column " + name + " twice (header fields "
                            + (fieldOfSlot[slot] + 1) + " and " + (i + 1) + "); keep one.");
                }
                fieldOfSlot[slot] = i;
            }
        }
        for (int i = 0; i < headerSize; i++) {
            if (slotOfField[i] < 0) {
                String raw = headerNames[i];
                String message = raw.isEmpty()
                        ? "Column " + (i + 1) + " of the header has no name; its values are ignored."
                        : "Column '" + raw + "' is not a column of a " + kindLabel() + " file; its values are ignored.";
                headerWarnings.add(new ExtractWarning(fileName, recordLine, raw, null, WarningCode.UNKNOWN_COLUMN, message));
            }
        }
        for (int slot : file.kind() == FileKind.TRIALS ? TRIAL_REQUIRED : PATIENT_REQUIRED) {
            if (fieldOfSlot[slot] < 0 && notText(header)) {
                throw new ExtractFailure("File " + fileName + " is not UTF-8 CSV text: its first line holds bytes that"
                        + " are not UTF-8 or NUL characters (a binary, compressed or UTF-16 file?); export it as UTF-8 CSV.");
            }
            if (fieldOfSlot[slot] < 0) {
                throw new ExtractFailure("File " + fileName + " has no column " + columns.get(slot) + ", which a "
                        + kindLabel() + " file requires.");
            }
        }
    }

    private static boolean notText(CSVRecord header) {
        for (String field : header) {
            if (field.indexOf(NUL) >= 0 || field.indexOf(REPLACEMENT) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static String withoutNul(String v) {
        return v.indexOf(NUL) < 0 ? v : v.replace(NUL, '\u2400');
    }

    private String kindLabel() {
        return file.kind() == FileKind.TRIALS ? "trials" : "patients";
    }

    // ---------------------------------------------------------------- cells

    /**
     * Every cell with a replacement character held bytes that are not UTF-8: BAD_ENCODING, whatever the column.
     * So does a cell with a NUL character: valid UTF-8 but not text (a binary or UTF-16 file), and PostgreSQL
     * refuses to store it, so it must not reach staging; the value shown has it as U+2400 (␀).
     */
    private void checkEncoding(CSVRecord record) {
        for (int i = 0; i < headerSize; i++) {
            String v = record.get(i);
            boolean nul = v.indexOf(NUL) >= 0;
            if (nul || v.indexOf(REPLACEMENT) >= 0) {
                int slot = slotOfField[i];
                String column = slot >= 0 ? columns.get(slot) : headerNames[i];
                problems.add(new Rejection(fileName, recordLine, column, cut(withoutNul(v)), RejectionReason.BAD_ENCODING,
                        column + (nul ? " holds a NUL character, which is not text (shown as \u2400); export the file as"
                                + " UTF-8 text." : " holds bytes that are not valid UTF-8 text (shown as \uFFFD); export"
                                + " the file as UTF-8.")));
                if (slot >= 0) {
                    badSlots |= 1L << slot;
                }
            }
        }
    }

    /** The cell of a contract column, surrounding blanks removed; null when missing, absent or badly encoded. */
    private String value(CSVRecord record, int slot) {
        int field = fieldOfSlot[slot];
        if (field < 0 || (badSlots & (1L << slot)) != 0) {
            return null;
        }
        String v = record.get(field);
        return CellFormats.isMissing(v) ? null : v.strip();
    }

    private boolean isBad(int slot) {
        return (badSlots & (1L << slot)) != 0;
    }

    /** Given in the file, even if badly encoded (a score that is there but unreadable still needs a scale). */
    private boolean isGiven(String value, int slot) {
        return value != null || isBad(slot);
    }

    private void reject(int slot, String value, RejectionReason reason, String message) {
        problems.add(new Rejection(fileName, recordLine, columns.get(slot), cut(value), reason, message));
    }

    private void missing(int slot, String what) {
        if (!isBad(slot)) {
            reject(slot, null, RejectionReason.MISSING_VALUE, columns.get(slot) + " is missing; " + what);
        }
    }

    private String patientId(CSVRecord record, int slot) {
        String id = value(record, slot);
        if (id == null) {
            missing(slot, "every row needs the patient's pseudonymous id.");
            return null;
        }
        String identifier = CellFormats.identifierKind(id);
        if (identifier != null) {
            reject(slot, CellFormats.mask(id), RejectionReason.IDENTIFIER_IN_ID, "patient_id looks like " + identifier
                    + " (value masked here); the extract must use pseudonymous tokens, never direct identifiers.");
        } else if (!CellFormats.isPatientIdToken(id)) {
            reject(slot, id, RejectionReason.BAD_PATIENT_ID, "patient_id must be 1 to 64 characters of letters A-Z a-z,"
                    + " digits, '_', '.' or '-'.");
        }
        return id;
    }

    /** A date not after the as-of date, or null (missing or rejected). */
    private LocalDate date(CSVRecord record, int slot) {
        String v = value(record, slot);
        if (v == null) {
            return null;
        }
        LocalDate d = CellFormats.parseDate(v);
        if (d == null) {
            reject(slot, v, RejectionReason.BAD_DATE, columns.get(slot) + " '" + cut(v)
                    + "' is not a valid date; expected yyyy-MM-dd, e.g. 2024-03-01.");
            return null;
        }
        if (d.isAfter(asOf)) {
            reject(slot, v, RejectionReason.FUTURE_DATE, columns.get(slot) + " " + v
                    + " is after the as-of date " + asOf + " of this run.");
            return null;
        }
        return d;
    }

    /** A whole number ≥ 1, or null (missing or rejected). */
    private Integer positiveInt(CSVRecord record, int slot, String what) {
        String v = value(record, slot);
        if (v == null) {
            return null;
        }
        long n = CellFormats.parseInt(v);
        if (n == NOT_AN_INT) {
            reject(slot, v, RejectionReason.BAD_NUMBER, columns.get(slot) + " '" + cut(v)
                    + "' is not a whole number; expected " + what + ", e.g. 1.");
            return null;
        }
        if (n < 1) {
            reject(slot, v, RejectionReason.OUT_OF_RANGE, columns.get(slot) + " " + cut(v) + " is out of range; expected "
                    + what + " of at least 1.");
            return null;
        }
        return (int) n;
    }

    /** A decimal number, or NaN (missing or rejected as BAD_NUMBER). */
    private double decimal(String v, int slot, String expected) {
        if (v == null) {
            return Double.NaN;
        }
        double d = CellFormats.parseDecimal(v);
        if (Double.isNaN(d)) {
            reject(slot, v, RejectionReason.BAD_NUMBER, columns.get(slot) + " '" + cut(v) + "' is not a number; expected "
                    + expected + " written with digits and '.' as decimal point, e.g. 12.5.");
        }
        return d;
    }

    private Boolean bool(CSVRecord record, int slot) {
        String v = value(record, slot);
        if (v == null) {
            return Boolean.FALSE;
        }
        Boolean b = CellFormats.parseBoolean(v);
        if (b == null) {
            reject(slot, v, RejectionReason.UNKNOWN_VALUE, columns.get(slot) + " '" + cut(v)
                    + "' is not a yes/no value; expected true/false, yes/no, y/n or 1/0, or an empty cell for no.");
            return Boolean.FALSE;
        }
        return b;
    }

    // ---------------------------------------------------------------- rows

    /** The trial of a trials row, or null when the row breaks a rule (the problems are in {@link #problems}). */
    private ExtractRow trial(CSVRecord r) {
        String patientId = patientId(r, T_PATIENT_ID);

        int episode = 1;
        Integer ep = positiveInt(r, T_EPISODE, "the depressive episode number");
        if (ep != null) {
            episode = ep;
        }

        LocalDate start = date(r, T_START);
        if (start == null && value(r, T_START) == null) {
            missing(T_START, "expected the date the trial started, as yyyy-MM-dd.");
        }
        LocalDate end = date(r, T_END);
        if (start != null && end != null && end.isBefore(start)) {
            reject(T_END, value(r, T_END), RejectionReason.END_BEFORE_START, "end_date " + end
                    + " is before start_date " + start + "; a trial must end on or after the day it starts.");
        }

        Treatment treatment = null;
        String treatmentName = value(r, T_TREATMENT);
        if (treatmentName == null) {
            missing(T_TREATMENT, "expected a treatment name from the treatment catalogue.");
        } else {
            treatment = treatments.apply(treatmentName).orElse(null);
            if (treatment == null) {
                reject(T_TREATMENT, treatmentName, RejectionReason.UNKNOWN_TREATMENT, "treatment '" + cut(treatmentName)
                        + "' is not in the treatment catalogue; use a catalogue name or synonym, or extend the catalogue.");
            }
        }

        // strategy belongs to antidepressants only: for any other treatment it is ignored, whatever it says
        Strategy strategy = null;
        if (treatment != null && treatment.isAntidepressant()) {
            String s = value(r, T_STRATEGY);
            if (s == null) {
                if (!isBad(T_STRATEGY)) {
                    reject(T_STRATEGY, null, RejectionReason.MISSING_STRATEGY, "strategy is missing; an antidepressant"
                            + " trial needs one of initial, switch, dose_increase, combination, augmentation.");
                }
            } else {
                strategy = Strategy.parse(s).orElse(null);
                if (strategy == null) {
                    reject(T_STRATEGY, s, RejectionReason.UNKNOWN_STRATEGY, "strategy '" + cut(s) + "' is unknown;"
                            + " expected initial, switch, dose_increase, combination or augmentation.");
                }
            }
        }

        Dose dose = null;
        double amount = decimal(value(r, T_DOSE), T_DOSE, "the highest daily dose");
        if (!Double.isNaN(amount) && amount <= 0) {
            reject(T_DOSE, value(r, T_DOSE), RejectionReason.OUT_OF_RANGE, "dose " + cut(value(r, T_DOSE))
                    + " is out of range; expected a daily dose greater than 0.");
            amount = Double.NaN;
        }
        DoseUnit unit = DoseUnit.MG;
        String unitText = value(r, T_DOSE_UNIT);
        if (unitText != null) {
            unit = DoseUnit.parse(unitText).orElse(null);
            if (unit == null) {
                reject(T_DOSE_UNIT, unitText, RejectionReason.UNKNOWN_VALUE, "dose_unit '" + cut(unitText)
                        + "' is unknown; expected mg, mcg (or µg, ug) or mg/24h, or an empty cell for mg.");
            }
        }
        if (!Double.isNaN(amount) && unit != null) {
            dose = new Dose(amount, unit);
        }

        Integer sessions = positiveInt(r, T_SESSIONS, "the number of sessions");

        Double adherence = null;
        String adherenceText = value(r, T_ADHERENCE);
        double adh = decimal(adherenceText, T_ADHERENCE, "a percentage from 0 to 100");
        if (!Double.isNaN(adh)) {
            if (adh < 0 || adh > 100) {
                reject(T_ADHERENCE, adherenceText, RejectionReason.OUT_OF_RANGE, "adherence_pct " + cut(adherenceText)
                        + " is out of range; expected a percentage from 0 to 100.");
            } else {
                adherence = adh;
            }
        }

        Scale scale = null;
        String scaleText = value(r, T_SCALE);
        if (scaleText != null) {
            scale = Scale.parse(scaleText).orElse(null);
            if (scale == null) {
                reject(T_SCALE, scaleText, RejectionReason.UNKNOWN_SCALE, "scale '" + cut(scaleText) + "' is unknown;"
                        + " expected PHQ9, HAMD17, MADRS, QIDS_SR16 or BDI_II (or PHQ-9, HAM-D-17, HRSD17, QIDS-SR16, BDI-II).");
            }
        }
        String baselineText = value(r, T_BASELINE);
        String outcomeText = value(r, T_OUTCOME);
        Double baseline = score(baselineText, T_BASELINE, scale);
        Double outcome = score(outcomeText, T_OUTCOME, scale);
        boolean scoreGiven = isGiven(baselineText, T_BASELINE) || isGiven(outcomeText, T_OUTCOME);
        if (scoreGiven && scaleText == null && !isBad(T_SCALE)) {
            reject(T_SCALE, null, RejectionReason.SCALE_REQUIRED, "scale is missing; a baseline or outcome score"
                    + " needs the rating scale it was measured on (PHQ9, HAMD17, MADRS, QIDS_SR16 or BDI_II).");
        }
        if (isGiven(outcomeText, T_OUTCOME) && !isGiven(baselineText, T_BASELINE)) {
            reject(T_OUTCOME, outcomeText, RejectionReason.OUTCOME_WITHOUT_BASELINE, "outcome_score is given but"
                    + " baseline_score is missing; an outcome can only be judged against a baseline score.");
        }

        StopReason stopReason = null;
        String stopText = value(r, T_STOP);
        if (stopText != null) {
            stopReason = StopReason.parse(stopText).orElse(null);
            if (stopReason == null) {
                reject(T_STOP, stopText, RejectionReason.UNKNOWN_VALUE, "stop_reason '" + cut(stopText) + "' is unknown;"
                        + " expected completed, ineffective, side_effects, nonadherence, patient_choice or other.");
            }
        }

        if (!problems.isEmpty()) {
            return null;
        }
        long sequence = ((long) file.index() << 32) | recordLine;
        Trial trial = new Trial(patientId, episode, start, end, treatment, strategy, dose, sessions, adherence,
                scoreGiven ? scale : null, baseline, outcome, stopReason, sequence);
        return new AcceptedTrial(file.index(), recordLine, trial);
    }

    /** A score within the scale's range (checked only when the scale is known), or null. */
    private Double score(String text, int slot, Scale scale) {
        double v = decimal(text, slot, "a rating-scale score");
        if (Double.isNaN(v)) {
            return null;
        }
        if (scale != null && !scale.inRange(v)) {
            reject(slot, text, RejectionReason.OUT_OF_RANGE, columns.get(slot) + " " + cut(text) + " is out of range; "
                    + scale.code() + " scores go from " + scale.min() + " to " + scale.max() + ".");
            return null;
        }
        return v;
    }

    /** The patient of a patients row, or null when the row breaks a rule (the problems are in {@link #problems}). */
    private ExtractRow patient(CSVRecord r) {
        String patientId = patientId(r, P_PATIENT_ID);

        String site = value(r, P_SITE);
        if (site != null && site.length() > MAX_SITE_LENGTH) {
            reject(P_SITE, site, RejectionReason.OUT_OF_RANGE, "site is " + site.length()
                    + " characters long; a clinic or site code may have at most " + MAX_SITE_LENGTH + ".");
        }

        String sex = value(r, P_SEX);
        if (sex != null) {
            char c = sex.length() == 1 ? Character.toUpperCase(sex.charAt(0)) : 0;
            if (c == 'F' || c == 'M' || c == 'X' || c == 'U') {
                sex = String.valueOf(c);
            } else {
                reject(P_SEX, sex, RejectionReason.UNKNOWN_VALUE, "sex '" + cut(sex)
                        + "' is unknown; expected F, M, X or U, or an empty cell.");
            }
        }

        String ageBand = keptText(r, P_AGE_BAND, "an age band");
        String diagnosis = keptText(r, P_DIAGNOSIS, "an ICD-10 code");

        LocalDate episodeStart = date(r, P_EPISODE_START);
        boolean[] flags = new boolean[PATIENT_COLUMNS.size() - P_FIRST_BOOLEAN];
        for (int i = 0; i < flags.length; i++) {
            flags[i] = bool(r, P_FIRST_BOOLEAN + i);
        }

        if (!problems.isEmpty()) {
            return null;
        }
        PatientAttributes patient = new PatientAttributes(patientId, site, sex, ageBand, diagnosis, episodeStart, flags[0], flags[1], flags[2], flags[3], flags[4], flags[5]);
        return new AcceptedPatient(file.index(), recordLine, patient);
    }

    /**
     * Free text kept as given (age band, diagnosis), up to {@value #MAX_KEPT_TEXT} characters: longer is not a
     * band or a code but a broken export, and it would not fit the staging column, so the row is rejected.
     */
    private String keptText(CSVRecord r, int slot, String what) {
        String v = value(r, slot);
        if (v != null && v.length() > MAX_KEPT_TEXT) {
            reject(slot, v, RejectionReason.OUT_OF_RANGE, columns.get(slot) + " is " + v.length()
                    + " characters long; " + what + " may have at most " + MAX_KEPT_TEXT + ".");
            return null;
        }
        return v;
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // already failing: the first error is the one to report
        }
    }
}
