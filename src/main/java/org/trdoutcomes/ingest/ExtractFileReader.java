package org.trdoutcomes.ingest;


import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.trdoutcomes.ingest.ExtractRow.RejectedRow;
import org.trdoutcomes.rules.Treatment;

/**
 * Reads one extract file (docs/data-contract.md) record by record and turns each into an accepted trial or patient, or a
 * rejected row carrying every rule it breaks. Its jobs: the bytes (read once, counted and hashed), the records (parse errors recovered from, line numbers kept)
 * and the header, mapped by {@link ExtractHeader}; the row rules are {@link TrialRowRules} and {@link PatientRowRules}
 * over {@link RowCells}. Plain Java: the batch shell is {@link ExtractFileItemReader}.
 *
 * <p>The header is read and checked when the reader is constructed, so a file-level failure (a direct-identifier
 * column, a required column missing, an unreadable file) is an {@link ExtractFailure} thrown before any row.
 * Memory does not grow with the number of rows: one record is held at a time.
 *
 * <p>Line numbers are physical lines, the header being line 1; a record that holds quoted line breaks has the
 * number of the line it starts on. Entirely empty lines are skipped and not counted as rows.
 */
public final class ExtractFileReader implements AutoCloseable {

    private final InputFile file;
    private final String fileName;
    private final HashedTextInput text;
    /** Bytes of the file read so far (buffered ahead of the parser): progress as a share of the file's size. */
    private final long[] bytesRead = new long[1];
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;

    private final ExtractHeader header;
    /** The row rules of this kind of file: exactly one of the two is set. */
    private final TrialRowRules trialRules;
    private final PatientRowRules patientRules;
    private final RowCells cells;
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
        InputStream in;
        try {
            in = counting(Files.newInputStream(file.path()), bytesRead);
        } catch (IOException e) {
            throw new ExtractFailure("File " + fileName + " cannot be read: " + e.getMessage(), e);
        }
        try {
            text = new HashedTextInput(in, CsvDialect.HEADER_SNIFF_LIMIT);
            BufferedReader reader = text.reader();
            parser = CSVParser.builder().setReader(reader).setFormat(CsvDialect.of(reader)).get();
            records = parser.iterator();
            header = readHeader();
        } catch (IOException e) {
            HashedTextInput.closeQuietly(in);
            throw new ExtractFailure("File " + fileName + " cannot be read: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            HashedTextInput.closeQuietly(in);
            throw e;
        }
        cells = new RowCells(fileName, header, asOf);
        trialRules = file.kind() == FileKind.TRIALS ? new TrialRowRules(file.index(), treatments) : null;
        patientRules = file.kind() == FileKind.PATIENTS ? new PatientRowRules(file.index()) : null;
    }

    public InputFile file() {
        return file;
    }

    /** One UNKNOWN_COLUMN warning per header column that is not a contract column of this kind of file. */
    public List<ExtractWarning> headerWarnings() {
        return header.warnings();
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
        if (record.size() != header.size()) {
            return wholeRecordRejected("The line has " + record.size() + " fields but the header has " + header.size()
                    + "; check the delimiter and the quoting of this line.");
        }
        cells.start(record, recordLine);
        ExtractRow row = trialRules != null ? trialRules.check(cells) : patientRules.check(cells);
        return row != null ? row : new RejectedRow(file.index(), recordLine, cells.problems());
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
        sha256 = text.sha256(fileName);
        close();
    }

    private ExtractHeader readHeader() {
        CSVRecord header = nextRecord();
        if (malformed != null) {
            throw new ExtractFailure("File " + fileName + ": the header line " + recordLine + " cannot be read (unbalanced quotes).");
        }
        if (header == null) {
            throw new ExtractFailure("File " + fileName + " is empty: the first line must be the header.");
        }
        return new ExtractHeader(file, header, recordLine);
    }
}
