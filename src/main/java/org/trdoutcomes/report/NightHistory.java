package org.trdoutcomes.report;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the job database keeps from one night to the next (migration V2): the headline figures of each as-of date's
 * latest completed run ({@code TRD_RUN_HISTORY}, aggregates only) for the Trend sheet, and the patient ids and
 * classifications of the latest completed run ({@code TRD_PREVIOUS_CLASSIFICATION}) for the comparison with the
 * previous night.
 *
 * <p>Everything here runs inside the report step's transaction: {@link #record} commits with the step, so a run
 * that fails or is killed, and a night refused because it already completed, keep nothing and change nothing.
 *
 * <p>Which classifications are kept: those of the newest night (as-of date) that completed, re-runs of that night
 * included; a run of an earlier night (a back-fill) leaves them alone. So a re-run of the newest night, or a
 * back-filled night, cannot be compared with its previous night: those classifications were never kept or already
 * replaced, and the workbook says so rather than compare with the wrong night.
 */
public class NightHistory {

    private static final Logger log = LoggerFactory.getLogger(NightHistory.class);
    /** Patients per kept block (a row of TRD_PREVIOUS_CLASSIFICATION, about 200 KB). */
    static final int BLOCK = 10_000;

    private static final String FIGURES = "AS_OF, REPORT, PATIENTS, EXCLUDED_BIPOLAR, TRD, PSEUDO_RESISTANT, NOT_TRD, "
            + "INSUFFICIENT_DATA, TRIALS, EVALUABLE_TRIALS, ALL_EVALUABLE, ALL_RESPONDERS, ALL_REMITTERS, ROWS_READ, "
            + "ROWS_ACCEPTED, ROWS_REJECTED";

    private final JdbcTemplate jdbc;
    private final int trendNights;
    private final boolean comparePrevious;

    /**
     * @param trendNights     rows of the Trend sheet, this run's included (trd.report.trend-nights)
     * @param comparePrevious keep classifications and compare with the previous night (trd.report.compare-previous)
     */
    public NightHistory(JdbcTemplate jdbc, int trendNights, boolean comparePrevious) {
        if (trendNights < 1) {
            throw new IllegalArgumentException("trd.report.trend-nights must be at least 1, got " + trendNights);
        }
        this.jdbc = jdbc;
        this.trendNights = trendNights;
        this.comparePrevious = comparePrevious;
    }

    public boolean comparePrevious() {
        return comparePrevious;
    }

    /**
     * The Trend sheet's rows, oldest first: the latest completed run of each earlier as-of date, then {@code tonight};
     * at most trd.report.trend-nights. Later as-of dates (this run back-fills an older night) are not shown: the
     * trend ends with this run.
     */
    public List<NightFigures> trendEndingWith(NightFigures tonight) {
        List<NightFigures> nights = new ArrayList<>();
        if (trendNights > 1) {
            nights.addAll(jdbc.query("SELECT " + FIGURES + " FROM TRD_RUN_HISTORY WHERE AS_OF < ? ORDER BY AS_OF DESC "
                    + "FETCH FIRST " + (trendNights - 1) + " ROWS ONLY", NightHistory::figures,
                    Date.valueOf(tonight.asOf())));
            Collections.reverse(nights);
        }
        nights.add(tonight);
        return nights;
    }

    /**
     * This run against the previous night; null when trd.report.compare-previous is off. Reads the Patients rows once
     * (with the kept classifications beside them) to count new TRD and no longer TRD.
     */
    public PreviousNight previousNight(LocalDate asOf, RowSource<PatientLine> patients) {
        if (!comparePrevious) {
            return null;
        }
        LocalDate previous = jdbc.queryForObject("SELECT MAX(AS_OF) FROM TRD_RUN_HISTORY WHERE AS_OF < ?",
                LocalDate.class, Date.valueOf(asOf));
        LocalDate kept = keptAsOf();
        String unavailable = null;
        if (previous != null && !previous.equals(kept)) {
            unavailable = kept == null ? "not available (no classifications kept)"
                    : "not available (classifications kept are those of " + kept + ")";
        }
        return PreviousNight.compare(previous, unavailable, patients, this::openKept);
    }

    /**
     * Keeps a completed run: its figures replace any earlier run of the same as-of date; with compare-previous on and
     * this the newest night, its classifications replace the kept ones (read from {@code patients}); with it off,
     * whatever was kept is deleted. {@code progress} is told of each block of classifications kept.
     */
    public void record(NightFigures tonight, long jobExecutionId, LocalDateTime completedAt,
                       RowSource<PatientLine> patients, ReportProgress progress) {
        LocalDate kept = keptAsOf();
        boolean keep = comparePrevious && (kept == null || !tonight.asOf().isBefore(kept));
        if (keep || !comparePrevious) {
            jdbc.update("DELETE FROM TRD_PREVIOUS_CLASSIFICATION");
            jdbc.update("UPDATE TRD_RUN_HISTORY SET CLASSIFICATIONS_KEPT = FALSE WHERE CLASSIFICATIONS_KEPT = TRUE");
        }
        jdbc.update("DELETE FROM TRD_RUN_HISTORY WHERE AS_OF = ?", Date.valueOf(tonight.asOf()));
        jdbc.update("INSERT INTO TRD_RUN_HISTORY (" + FIGURES + ", JOB_EXECUTION_ID, COMPLETED_AT, CLASSIFICATIONS_KEPT)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                Date.valueOf(tonight.asOf()), tonight.report(), tonight.patients(), tonight.excludedBipolar(),
                tonight.trd(), tonight.pseudoResistant(), tonight.notTrd(), tonight.insufficientData(),
                tonight.trials(), tonight.evaluableTrials(), tonight.allEvaluable(), tonight.allResponders(),
                tonight.allRemitters(), tonight.rowsRead(), tonight.rowsAccepted(), tonight.rowsRejected(),
                jobExecutionId, Timestamp.valueOf(completedAt), keep);
        long stored = keep ? keepClassifications(patients, progress) : 0;
        log.info("Run history: as of {} recorded; {}", tonight.asOf(), !comparePrevious
                ? "no classifications kept (trd.report.compare-previous=false)"
                : keep ? stored + " classifications kept for the next night's comparison"
                : "the classifications of the newer night " + kept + " stay kept");
    }

    /** The as-of date of the run whose classifications are kept, or null when none are. */
    LocalDate keptAsOf() {
        List<LocalDate> kept = jdbc.queryForList("SELECT AS_OF FROM TRD_RUN_HISTORY WHERE CLASSIFICATIONS_KEPT = TRUE",
                LocalDate.class);
        return kept.isEmpty() ? null : kept.get(0);
    }

    /**
     * Keeps the classifications as blocks of {@value #BLOCK} patients, each one row of packed, deflated
     * (id, classification) pairs in patient-id order: a row per patient made the report step of a million-row extract
     * 6 s slower (H2 deleting and inserting 378,000 rows and their primary key every night); a few dozen rows cost
     * nothing.
     */
    private long keepClassifications(RowSource<PatientLine> patients, ReportProgress progress) {
        String insert = "INSERT INTO TRD_PREVIOUS_CLASSIFICATION (BLOCK_NO, PATIENTS, DATA) VALUES (?, ?, ?)";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(BLOCK * 4);
        DataOutputStream[] out = {deflating(bytes)};
        long[] stored = {0};
        int[] inBlock = {0};
        int[] block = {0};
        Runnable flush = () -> {
            try {
                out[0].close(); // finishes the block's deflate stream
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            jdbc.update(insert, block[0]++, inBlock[0], bytes.toByteArray());
            stored[0] += inBlock[0];
            progress.classificationsKept(inBlock[0]);
            inBlock[0] = 0;
            bytes.reset();
            out[0] = deflating(bytes);
        };
        patients.forEach(p -> {
            try {
                out[0].writeUTF(p.patient());
                out[0].writeUTF(p.classification());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (++inBlock[0] == BLOCK) {
                flush.run();
            }
        });
        if (inBlock[0] > 0) {
            flush.run();
        }
        return stored[0];
    }

    /**
     * A block's stream, deflated at the fastest level: the blocks are inserted in the report step's transaction, which
     * H2 holds in memory until it commits (7.5 million patients made 150 MB of it undeflated; ids deflate well).
     * Buffered before the deflater, so that it deflates 16 KB at a time rather than string by string (the same
     * deflated bytes); closing the stream finishes the block and frees the deflater's native memory.
     */
    private static DataOutputStream deflating(ByteArrayOutputStream bytes) {
        DeflaterOutputStream deflated = new DeflaterOutputStream(bytes, new Deflater(Deflater.BEST_SPEED), 1 << 14) {
            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    def.end();
                }
            }
        };
        return new DataOutputStream(new BufferedOutputStream(deflated, 1 << 14));
    }

    /** The kept classifications in patient-id order (the order they were kept in), block by block. */
    private PreviousNight.KeptClassifications openKept() {
        return new PreviousNight.KeptClassifications() {
            private DataInputStream block;
            private int left;
            private int nextBlock;
            private boolean exhausted;

            @Override
            public PreviousNight.Kept next() {
                try {
                    while (left == 0) {
                        if (exhausted) {
                            return null;
                        }
                        List<Object[]> rows = jdbc.query("SELECT PATIENTS, DATA FROM TRD_PREVIOUS_CLASSIFICATION "
                                + "WHERE BLOCK_NO = ?", (rs, n) -> new Object[] {rs.getInt(1), rs.getBytes(2)},
                                nextBlock++);
                        if (rows.isEmpty()) {
                            exhausted = true;
                            return null;
                        }
                        left = (Integer) rows.get(0)[0];
                        // buffered after the inflater: DataInputStream over it inflated a byte or two at a time
                        block = new DataInputStream(new BufferedInputStream(new InflaterInputStream(
                                new ByteArrayInputStream((byte[]) rows.get(0)[1])), 1 << 14));
                    }
                    left--;
                    return new PreviousNight.Kept(block.readUTF(), block.readUTF());
                } catch (IOException e) {
                    throw new UncheckedIOException("The kept classifications are unreadable: " + e.getMessage(), e);
                }
            }

            @Override
            public void close() {
                block = null;
            }
        };
    }

    private static NightFigures figures(ResultSet rs, int row) throws SQLException {
        return new NightFigures(rs.getDate(1).toLocalDate(), rs.getString(2), rs.getLong(3), rs.getLong(4),
                rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10),
                rs.getLong(11), rs.getLong(12), rs.getLong(13), rs.getLong(14), rs.getLong(15), rs.getLong(16));
    }
}
