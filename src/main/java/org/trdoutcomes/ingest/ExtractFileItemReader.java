package org.trdoutcomes.ingest;

import java.nio.file.Files;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.trdoutcomes.ingest.ExtractRow.WarningRow;
import org.trdoutcomes.rules.Treatment;

/**
 * The batch shell around {@link ExtractFileReader} for one file of the extract (one partition of the ingest step):
 * returns the file's rows in blocks, its header warnings first, restartable. The restart state is the number of
 * records consumed, saved in the partition's execution context with each committed block; a restart skips that many
 * records (still hashing them) and goes on. When the file is read to its end the context also holds its row count and
 * SHA-256, which the accounting reads.
 */
public class ExtractFileItemReader implements RowBlockReader {

    /** Records of the file consumed (long): restart state, and rows read once the file is done. */
    public static final String ROWS_READ_KEY = "ingest.rowsRead";
    /** SHA-256 of the file (String), present once the file is read to its end. */
    public static final String SHA256_KEY = "ingest.sha256";
    /** Whether the header warnings were handed out already (so a restart does not stage them twice). */
    static final String WARNINGS_DONE_KEY = "ingest.warningsDone";

    private static final Logger log = LoggerFactory.getLogger(ExtractFileItemReader.class);

    private final InputFile file;
    private final LocalDate asOf;
    private final Function<String, Optional<Treatment>> treatments;
    private final int blockRows;

    private ExtractFileReader reader;
    private boolean warningsDone;
    private String sha256;
    private long size;

    /**
     * @param treatments treatment lookup by name or synonym (production passes {@code catalogue::find})
     * @param blockRows  rows per block: the rows one chunk transaction commits
     */
    public ExtractFileItemReader(InputFile file, LocalDate asOf, Function<String, Optional<Treatment>> treatments,
                                 int blockRows) {
        this.file = file;
        this.asOf = asOf;
        this.treatments = treatments;
        this.blockRows = Math.max(1, blockRows);
    }

    public InputFile file() {
        return file;
    }

    @Override
    public void open(ExecutionContext context) throws ItemStreamException {
        long consumed = context.getLong(ROWS_READ_KEY, 0L);
        warningsDone = context.containsKey(WARNINGS_DONE_KEY) && (Boolean) context.get(WARNINGS_DONE_KEY);
        sha256 = context.containsKey(SHA256_KEY) ? context.getString(SHA256_KEY) : null;
        try {
            size = Files.size(file.path());
        } catch (IOException e) {
            size = Long.MAX_VALUE; // the reader below says why it cannot read the file
        }
        reader = new ExtractFileReader(file, asOf, treatments);
        if (consumed > 0) {
            long skipped = reader.skip(consumed);
            if (skipped != consumed) {
                throw new ItemStreamException("Cannot restart: " + file.name() + " has " + skipped
                        + " rows, but the interrupted run had read " + consumed + "; the file changed since.");
            }
            log.info("Resuming {} after {} rows", file.name(), consumed);
        }
        update(context);
    }

    @Override
    public RowBlock read() {
        if (reader == null || (reader.isFinished() && warningsDone)) {
            return null;
        }
        List<ExtractRow> rows = new ArrayList<>(Math.min(blockRows, 4096) + 8);
        if (!warningsDone) {
            for (ExtractWarning w : reader.headerWarnings()) {
                rows.add(new WarningRow(w));
            }
            warningsDone = true;
        }
        long before = reader.rowsRead();
        while (reader.rowsRead() - before < blockRows) {
            ExtractRow row = reader.next();
            if (row == null) {
                sha256 = reader.sha256();
                log.info("Read {} ({}): {} rows, SHA-256 {}", file.name(), file.kind(), reader.rowsRead(), sha256);
                break;
            }
            rows.add(row);
        }
        return rows.isEmpty() ? null : new RowBlock(rows, reader.rowsRead() - before);
    }

    /** Records consumed so far. */
    public long rowsRead() {
        return reader == null ? 0 : reader.rowsRead();
    }

    @Override
    public String position() {
        return file.name() + " at row " + rowsRead();
    }

    /** Bytes of the file read so far (the parser reads a little ahead of the rows returned). */
    @Override
    public long bytesRead() {
        return reader == null ? 0 : Math.min(size, reader.bytesRead());
    }

    @Override
    public void update(ExecutionContext context) throws ItemStreamException {
        if (reader == null) {
            return;
        }
        context.putLong(ROWS_READ_KEY, reader.rowsRead());
        context.put(WARNINGS_DONE_KEY, warningsDone);
        if (sha256 != null) {
            context.putString(SHA256_KEY, sha256);
        }
    }

    @Override
    public void close() throws ItemStreamException {
        if (reader != null) {
            reader.close();
            // keep the counts for an update() after close (Spring Batch saves the context once more at the end)
        }
    }
}
