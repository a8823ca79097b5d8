package org.trdoutcomes.launch;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one lock that keeps two runs from overlapping, however they were launched (schedule, by hand, two processes,
 * two machines sharing the PostgreSQL job repository). Spring Batch only refuses a second execution of the
 * <em>same</em> instance; a fixed extract or a {@code --rerun} is a different instance, so the lock lives in a
 * table of the job database: {@code TRD_RUN_LOCK}, one row, taken with {@code SELECT ... FOR UPDATE} so that two
 * launchers serialise on the row.
 *
 * <p>The holder writes host, pid and (once started) the job execution id, and a daemon thread refreshes the
 * heartbeat. A holder that died does not block forever: on the same host a pid that is no longer alive is taken
 * over at once; elsewhere a heartbeat older than {@code trd.lock.stale-after} is. Times are the database's
 * ({@code LOCALTIMESTAMP}), so clocks of different machines do not matter. The table is created by migration V1
 * (db/migration).
 */
public class RunLock {

    private static final Logger log = LoggerFactory.getLogger("org.trdoutcomes");
    static final String NAME = "trd-outcomes";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Duration staleAfter;
    private final Duration heartbeatEvery;
    private final String host;
    private final long pid;

    public RunLock(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, Duration staleAfter,
                   Duration heartbeatEvery) {
        this(jdbc, transactionManager, staleAfter, heartbeatEvery, localHost(), ProcessHandle.current().pid());
    }

    RunLock(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, Duration staleAfter,
            Duration heartbeatEvery, String host, long pid) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactionManager);
        this.staleAfter = staleAfter;
        this.heartbeatEvery = heartbeatEvery;
        this.host = host;
        this.pid = pid;
    }

    /** Another run holds the lock; the message names it. */
    public static class Held extends RuntimeException {
        public Held(String message) {
            super(message);
        }
    }

    /** Who holds the lock, as stored. */
    record Holder(String token, String host, long pid, Long jobExecutionId, LocalDateTime acquiredAt,
                  LocalDateTime heartbeatAt, LocalDateTime now) {

        String describe() {
            return "run" + (jobExecutionId == null ? " (starting)" : " of job execution " + jobExecutionId)
                    + " by process " + pid + " on " + host + ", started " + acquiredAt.withNano(0)
                    + ", last heartbeat " + Duration.between(heartbeatAt, now).toSeconds() + " s ago";
        }
    }

    /** Takes the lock or throws {@link Held}. Close the lease to release it. */
    public Lease acquire() {
        String token = host + ":" + pid + ":" + UUID.randomUUID();
        Optional<Holder> previous = tx.execute(status -> {
            Holder holder = lockedRow();
            if (holder != null && holder.token() != null) {
                String reason = takeOverReason(holder);
                if (reason == null) {
                    throw new Held("Another run is in progress: " + holder.describe()
                            + ". Not starting; try again when it has finished.");
                }
                log.warn("Taking over the run lock from a dead holder ({}): {}", reason, holder.describe());
            }
            jdbc.update("UPDATE TRD_RUN_LOCK SET HOLDER = ?, HOST = ?, PID = ?, JOB_EXECUTION_ID = NULL, "
                    + "ACQUIRED_AT = LOCALTIMESTAMP, HEARTBEAT_AT = LOCALTIMESTAMP WHERE LOCK_NAME = ?",
                    token, host, pid, NAME);
            return Optional.ofNullable(holder != null && holder.token() != null ? holder : null);
        });
        return new Lease(token, previous == null ? null : previous.orElse(null));
    }

    /** The holder of the lock, if any (for messages and tests). */
    Optional<Holder> holder() {
        List<Holder> rows = jdbc.query(SELECT, (rs, n) -> holder(rs), NAME);
        return rows.stream().filter(h -> h.token() != null).findFirst();
    }

    private static final String SELECT = "SELECT HOLDER, HOST, PID, JOB_EXECUTION_ID, ACQUIRED_AT, HEARTBEAT_AT, "
            + "LOCALTIMESTAMP FROM TRD_RUN_LOCK WHERE LOCK_NAME = ?";

    private Holder lockedRow() {
        try {
            jdbc.update("INSERT INTO TRD_RUN_LOCK (LOCK_NAME) SELECT CAST(? AS VARCHAR(40)) WHERE NOT EXISTS "
                    + "(SELECT 1 FROM TRD_RUN_LOCK WHERE LOCK_NAME = ?)", NAME, NAME);
        } catch (DuplicateKeyException raced) {
            // another launcher inserted the row between our check and insert; the row is all we need
        }
        return jdbc.query(SELECT + " FOR UPDATE", (rs, n) -> holder(rs), NAME).get(0);
    }

    private static Holder holder(java.sql.ResultSet rs) throws java.sql.SQLException {
        long execution = rs.getLong(4);
        Long executionId = rs.wasNull() ? null : execution;
        return new Holder(rs.getString(1), rs.getString(2), rs.getLong(3), executionId, time(rs.getTimestamp(5)),
                time(rs.getTimestamp(6)), time(rs.getTimestamp(7)));
    }

    private static LocalDateTime time(Timestamp t) {
        return t == null ? LocalDateTime.MIN : t.toLocalDateTime();
    }

    /** Why a holder may be displaced, or null while it is alive. */
    private String takeOverReason(Holder holder) {
        // another launcher in this very process (a second application context) is alive by definition: it is
        // judged by its heartbeat, which also frees a lease this process failed to release
        if (holder.host().equals(host) && holder.pid() != pid
                && !ProcessHandle.of(holder.pid()).map(ProcessHandle::isAlive).orElse(false)) {
            return "process " + holder.pid() + " on this host is no longer running";
        }
        Duration silent = Duration.between(holder.heartbeatAt(), holder.now());
        if (silent.compareTo(staleAfter) > 0) {
            return "no heartbeat for " + silent.toSeconds() + " s, more than trd.lock.stale-after=" + staleAfter;
        }
        return null;
    }

    private static String localHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return System.getenv().getOrDefault("HOSTNAME", "unknown-host");
        }
    }

    /** A held lock: heartbeats until closed. */
    public final class Lease implements AutoCloseable {
        private final String token;
        private final Holder takenOverFrom;
        private final ScheduledExecutorService heartbeat;

        private Lease(String token, Holder takenOverFrom) {
            this.token = token;
            this.takenOverFrom = takenOverFrom;
            this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "trd-run-lock-heartbeat");
                t.setDaemon(true);
                return t;
            });
            long every = Math.max(1, heartbeatEvery.toMillis());
            heartbeat.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
        }

        /** The dead holder this lease displaced, if any: its job execution may need recovering. */
        public Optional<Holder> takenOverFrom() {
            return Optional.ofNullable(takenOverFrom);
        }

        /** Names the job execution in the lock row, so that a refused launch can say which run holds it. */
        public void attach(long jobExecutionId) {
            jdbc.update("UPDATE TRD_RUN_LOCK SET JOB_EXECUTION_ID = ? WHERE LOCK_NAME = ? AND HOLDER = ?",
                    jobExecutionId, NAME, token);
        }

        private void beat() {
            try {
                int updated = jdbc.update("UPDATE TRD_RUN_LOCK SET HEARTBEAT_AT = LOCALTIMESTAMP "
                        + "WHERE LOCK_NAME = ? AND HOLDER = ?", NAME, token);
                if (updated == 0) {
                    log.error("The run lock was taken over by another process (this run's heartbeat stopped "
                            + "for longer than trd.lock.stale-after?)");
                }
            } catch (DataAccessException e) {
                log.warn("Cannot refresh the run lock heartbeat: {}", e.getMessage());
            }
        }

        @Override
        public void close() {
            heartbeat.shutdownNow();
            try {
                jdbc.update("UPDATE TRD_RUN_LOCK SET HOLDER = NULL, HOST = NULL, PID = NULL, JOB_EXECUTION_ID = NULL "
                        + "WHERE LOCK_NAME = ? AND HOLDER = ?", NAME, token);
            } catch (DataAccessException e) {
                log.warn("Cannot release the run lock ({}); the next launch takes it over as stale",
                        e.getMessage());
            }
        }
    }
}
