package org.trdoutcomes.staging;

import java.util.ArrayList;
import java.util.List;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.trdoutcomes.ingest.ExtractRow;
import org.trdoutcomes.ingest.ExtractWarning;
import org.trdoutcomes.ingest.Rejection;
import org.trdoutcomes.ingest.RowBlock;

/**
 * Stages what the ingest of one file read: accepted trials and patients into the file's bucket files, rejections
 * and warnings into {@code TRD_ISSUE}. The bucket files' committed lengths are saved in the partition's execution
 * context in the chunk's transaction, together with the reader's position and the rejections, so a restart neither
 * loses nor repeats a row ({@link BucketWriter}). Writes never fail on data (it was validated before), which keeps
 * the step free of chunk scanning.
 */
public class BucketItemWriter implements ItemStreamWriter<RowBlock> {

    /** The bucket files' committed lengths (long[] as a comma-separated String). */
    static final String POSITIONS_KEY = "ingest.bucketPositions";
    /** File-level warnings staged so far by this partition (int): their order on Data quality, across chunks. */
    static final String WARNINGS_KEY = "ingest.warningsStaged";
    /** Warnings one input file may order (a CDM lists one per unmapped drug); ORD is an INT. */
    private static final int WARNINGS_PER_FILE = 1_000_000;

    private final JdbcTemplate jdbc;
    private final WorkFolder work;
    private final long runId;
    private final int file;
    private final int buckets;
    private BucketWriter writer;
    private int warningsStaged;

    public BucketItemWriter(JdbcTemplate jdbc, WorkFolder work, int file, int buckets) {
        this.jdbc = jdbc;
        this.work = work;
        this.runId = work.runId();
        this.file = file;
        this.buckets = buckets;
    }

    @Override
    public void open(ExecutionContext context) throws ItemStreamException {
        long[] committed = null;
        if (context.containsKey(POSITIONS_KEY)) {
            String[] parts = context.getString(POSITIONS_KEY).split(",");
            if (parts.length != buckets) {
                throw new ItemStreamException("Cannot restart: the interrupted run staged into " + parts.length
                        + " buckets, this one has " + buckets);
            }
            committed = new long[buckets];
            for (int b = 0; b < buckets; b++) {
                committed[b] = Long.parseLong(parts[b]);
            }
        }
        writer = BucketWriter.open(work, file, buckets, committed);
        warningsStaged = context.getInt(WARNINGS_KEY, 0);
    }

    @Override
    public void write(Chunk<? extends RowBlock> chunk) {
        List<IssueTable.Issue> issues = new ArrayList<>();
        for (RowBlock block : chunk) {
            for (ExtractRow row : block.rows()) {
                if (row instanceof ExtractRow.AcceptedTrial t) {
                    writer.write(t.trial());
                } else if (row instanceof ExtractRow.AcceptedPatient p) {
                    writer.write(StagedRowCodec.sequence(p.fileIndex(), p.line()), p.patient());
                } else if (row instanceof ExtractRow.RejectedRow r) {
                    int order = 0;
                    long sequence = StagedRowCodec.sequence(r.fileIndex(), r.line());
                    for (Rejection x : r.rejections()) {
                        issues.add(new IssueTable.Issue(sequence, order++, true, x.file(), x.line(), x.column(),
                                x.value(), x.reason().name(), x.message()));
                    }
                } else if (row instanceof ExtractRow.WarningRow w) {
                    ExtractWarning x = w.warning();
                    // file-level warnings sort first (SEQ 0), in file order and then header order
                    issues.add(new IssueTable.Issue(0L, file * WARNINGS_PER_FILE + Math.min(warningsStaged++,
                            WARNINGS_PER_FILE - 1), false, x.file(), x.line(),
                            x.column(), x.value(), x.code().name(), x.message()));
                }
            }
        }
        IssueTable.insert(jdbc, runId, issues);
    }

    @Override
    public void update(ExecutionContext context) throws ItemStreamException {
        if (writer == null) {
            return;
        }
        long[] positions = writer.positions();
        StringBuilder s = new StringBuilder(buckets * 8);
        for (int b = 0; b < buckets; b++) {
            if (b > 0) {
                s.append(',');
            }
            s.append(positions[b]);
        }
        context.putString(POSITIONS_KEY, s.toString());
        context.putInt(WARNINGS_KEY, warningsStaged);
    }

    @Override
    public void close() throws ItemStreamException {
        if (writer != null) {
            writer.close();
            writer = null;
        }
    }
}
