package org.trdoutcomes.ingest.omop;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.trdoutcomes.ingest.ExtractRow;
import org.trdoutcomes.ingest.RowBlock;
import org.trdoutcomes.ingest.RowBlockReader;
import org.trdoutcomes.rules.TreatmentCatalogue;

/**
 * The batch shell around {@link OmopExtractReader}: the whole CDM is one ingest partition, handed out in blocks.
 * Restartable: the stream is deterministic, so the restart state is the number of rows handed out, and a restart
 * derives the stream again and skips them. When the stream ends, the per-table accounting goes into the partition's
 * context ({@link #ACCOUNTS_KEY}), where the reconcile step reads it.
 */
public class OmopItemReader implements RowBlockReader {

    /** Rows of the stream handed out and committed (long): the restart state. */
    public static final String ROWS_KEY = "omop.rows";
    /** The per-table accounting (an ArrayList of {@link CdmTableAccount}), present once the stream has ended. */
    public static final String ACCOUNTS_KEY = "omop.accounts";

    private static final Logger log = LoggerFactory.getLogger(OmopItemReader.class);

    private final Supplier<CdmSource> source;
    private final OmopSettings settings;
    private final TreatmentCatalogue catalogue;
    private final int blockRows;
    private final long totalBytes;
    private OmopExtractReader reader;
    private long handedOut;
    private boolean finished;
    private ArrayList<CdmTableAccount> accounts;
    private String description = "OMOP CDM";

    /**
     * @param source     opens the CDM (a folder or a database) when the step opens the reader
     * @param totalBytes the CDM files' size, for the progress line (0 for a database)
     */
    public OmopItemReader(Supplier<CdmSource> source, OmopSettings settings, TreatmentCatalogue catalogue,
                          int blockRows, long totalBytes) {
        this.source = source;
        this.settings = settings;
        this.catalogue = catalogue;
        this.blockRows = Math.max(1, blockRows);
        this.totalBytes = totalBytes;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void open(ExecutionContext context) throws ItemStreamException {
        long done = context.getLong(ROWS_KEY, 0L);
        if (context.containsKey(ACCOUNTS_KEY)) {
            accounts = (ArrayList<CdmTableAccount>) context.get(ACCOUNTS_KEY);
            finished = true;
            handedOut = done;
            return;
        }
        reader = new OmopExtractReader(source.get(), settings, catalogue);
        description = reader.describeSource();
        for (long i = 0; i < done; i++) {
            if (reader.next() == null) {
                throw new ItemStreamException("Cannot restart: the CDM now gives " + i + " rows, but the interrupted"
                        + " run had staged " + done + "; the CDM changed since. Start the night again with --rerun.");
            }
        }
        handedOut = done;
        if (done > 0) {
            log.info("Resuming {} after {} rows", description, done);
        }
    }

    @Override
    public RowBlock read() {
        if (finished) {
            return null;
        }
        List<ExtractRow> rows = new ArrayList<>(Math.min(blockRows, 4096));
        while (rows.size() < blockRows) {
            ExtractRow row = reader.next();
            if (row == null) {
                finished = true;
                accounts = new ArrayList<>(reader.accounts());
                for (CdmTableAccount a : accounts) {
                    log.info("Read {} ({}): {} rows, {} accepted, {} rejected{}", a.source(), a.table().tableName(),
                            a.rowsRead(), a.rowsAccepted(), a.rowsRejected(), a.sha256() == null ? "" : ", SHA-256 " + a.sha256());
                }
                break;
            }
            rows.add(row);
        }
        handedOut += rows.size();
        return rows.isEmpty() ? null : new RowBlock(rows, rows.size());
    }

    @Override
    public long bytesRead() {
        return finished ? totalBytes : 0; // the CDM is read whole before the first row is handed out
    }

    @Override
    public String position() {
        return description + " at output row " + handedOut;
    }

    @Override
    public void update(ExecutionContext context) throws ItemStreamException {
        context.putLong(ROWS_KEY, handedOut);
        if (finished && accounts != null) {
            context.put(ACCOUNTS_KEY, accounts);
        }
    }

    @Override
    public void close() throws ItemStreamException {
        if (reader != null) {
            reader.close();
            reader = null;
        }
    }
}
