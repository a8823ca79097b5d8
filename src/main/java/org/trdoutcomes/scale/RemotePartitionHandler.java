package org.trdoutcomes.scale;

import java.time.LocalDateTime;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.partition.support.AbstractPartitionHandler;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.MessageBuilder;
import org.trdoutcomes.ingest.ExtractFailure;
import org.trdoutcomes.job.TrdProperties;

/**
 * The manager side of remote partitioning: each partition becomes a request on the queue, and the manager polls the
 * shared job repository until every partition has ended. Like spring-batch-integration's
 * {@code MessageChannelPartitionHandler} in its polling style (no reply channel: a manager restarted mid-step loses
 * nothing), plus what that class has no notion of: the workers' signs of life.
 *
 * <p>A partition's sign of life is any change of its step execution row: its status, its version (Spring Batch writes
 * it at every commit) or its LAST_UPDATED, which the worker touches every {@code trd.partition.heartbeat} while it runs
 * the partition ({@link PartitionWorker}). Changes are timed on the manager's clock, so the machines' clocks need not
 * agree. A running partition without one for {@code trd.partition.worker-timeout} has lost its worker (killed, machine
 * gone): it is marked FAILED and the step fails once the others have ended, so that the same command re-runs only the
 * unfinished partitions. Partitions queued with none running and nothing changing for as long mean no worker is
 * taking them. Nothing waits longer than {@code trd.partition.timeout}.
 */
public class RemotePartitionHandler extends AbstractPartitionHandler {

    private static final Logger log = LoggerFactory.getLogger("org.trdoutcomes");

    private final String workerStepName;
    private final MessageChannel requests;
    private final JobRepository jobRepository;
    private final JdbcTemplate jdbc;
    private final ConfigurationFingerprint fingerprint;
    private final TrdProperties.Partition properties;

    public RemotePartitionHandler(String workerStepName, MessageChannel requests, JobRepository jobRepository,
                                  JdbcTemplate jdbc, ConfigurationFingerprint fingerprint,
                                  TrdProperties.Partition properties) {
        this.workerStepName = workerStepName;
        this.requests = requests;
        this.jobRepository = jobRepository;
        this.jdbc = jdbc;
        this.fingerprint = fingerprint;
        this.properties = properties;
    }

    /** A partition that could not complete on the workers; its message names it and says what happened. */
    public static class PartitionFailure extends RuntimeException {
        public PartitionFailure(String message) {
            super(message);
        }
    }

    @Override
    protected Set<StepExecution> doHandle(StepExecution manager, Set<StepExecution> partitions) throws Exception {
        List<StepExecution> ordered = partitions.stream().sorted(Comparator.comparing(StepExecution::getStepName))
                .toList();
        for (StepExecution partition : ordered) {
            partition.getExecutionContext().putString(ConfigurationFingerprint.KEY, fingerprint.value());
            jobRepository.updateExecutionContext(partition);
        }
        for (StepExecution partition : ordered) {
            requests.send(MessageBuilder.withPayload(new StepExecutionRequest(workerStepName, partition.getId()))
                    .build());
        }
        log.info("Step {}: {} partitions sent to queue {}", manager.getStepName(), ordered.size(),
                properties.queue());
        await(manager, ordered);
        Set<StepExecution> result = new LinkedHashSet<>();
        for (StepExecution partition : ordered) {
            result.add(jobRepository.getStepExecution(partition.getId()));
        }
        failIfAnyFailed(result);
        return result;
    }

    private record Row(long id, String status, LocalDateTime lastUpdated, long version) {
        String signature() {
            return status + "|" + lastUpdated + "|" + version;
        }

        boolean running() {
            return BatchStatus.valueOf(status).isRunning();
        }

        boolean queued() {
            return BatchStatus.valueOf(status) == BatchStatus.STARTING;
        }
    }

    private void await(StepExecution manager, List<StepExecution> partitions) throws InterruptedException {
        Map<Long, String> names = partitions.stream()
                .collect(Collectors.toMap(StepExecution::getId, StepExecution::getStepName));
        String ids = partitions.stream().map(p -> String.valueOf(p.getId())).collect(Collectors.joining(","));
        long timeout = properties.workerTimeout().toNanos();
        long begun = System.nanoTime();
        long deadline = begun + properties.timeout().toNanos();
        Map<Long, String> seen = new HashMap<>();
        Map<Long, Long> changedAt = new HashMap<>();
        long lastChange = begun;
        while (true) {
            List<Row> rows = jdbc.query("SELECT STEP_EXECUTION_ID, STATUS, LAST_UPDATED, VERSION FROM "
                            + "BATCH_STEP_EXECUTION WHERE STEP_EXECUTION_ID IN (" + ids + ")",
                    (rs, n) -> new Row(rs.getLong(1), rs.getString(2),
                            rs.getTimestamp(3) == null ? null : rs.getTimestamp(3).toLocalDateTime(), rs.getLong(4)));
            long now = System.nanoTime();
            for (Row row : rows) {
                if (!row.signature().equals(seen.put(row.id(), row.signature()))) {
                    changedAt.put(row.id(), now);
                    lastChange = now;
                }
            }
            if (rows.stream().noneMatch(Row::running)) {
                return;
            }
            for (Row row : rows) {
                if (row.running() && !row.queued() && now - changedAt.get(row.id()) > timeout) {
                    markFailed(row.id(), "Partition " + names.get(row.id()) + " lost its worker: no sign of life for "
                            + properties.workerTimeout().toSeconds() + " s (trd.partition.worker-timeout)");
                }
            }
            if (rows.stream().allMatch(r -> !r.running() || r.queued()) && now - lastChange > timeout) {
                String message = "No worker took the partitions of step " + manager.getStepName() + " from queue "
                        + properties.queue() + " within " + properties.workerTimeout().toSeconds()
                        + " s (trd.partition.worker-timeout): are workers running on this queue and job repository?";
                rows.stream().filter(Row::queued).forEach(r -> markFailed(r.id(), message));
                return;
            }
            if (now > deadline) {
                String message = "Step " + manager.getStepName() + " did not end within "
                        + properties.timeout() + " (trd.partition.timeout)";
                rows.stream().filter(Row::running).forEach(r -> markFailed(r.id(), message));
                return;
            }
            if (manager.isTerminateOnly()) {
                // a stop (SIGTERM) of the manager: the running partitions end on their workers; the queued ones are
                // withdrawn, so that the same command re-runs them
                rows.stream().filter(Row::queued).forEach(r -> markStopped(r.id()));
            }
            Thread.sleep(properties.pollInterval().toMillis());
        }
    }

    /** Ends a partition its worker can no longer end. The worker, if it was only slow, then fails on its next write. */
    private void markFailed(long id, String reason) {
        StepExecution partition = jobRepository.getStepExecution(id);
        if (partition == null || !partition.getStatus().isRunning()) {
            return;
        }
        log.error("{}; it is marked FAILED and the same command re-runs it", reason);
        partition.setStatus(BatchStatus.FAILED);
        partition.setExitStatus(ExitStatus.FAILED.addExitDescription(reason));
        partition.setEndTime(LocalDateTime.now());
        jobRepository.update(partition);
    }

    private void markStopped(long id) {
        StepExecution partition = jobRepository.getStepExecution(id);
        if (partition == null || partition.getStatus() != BatchStatus.STARTING) {
            return;
        }
        partition.setStatus(BatchStatus.STOPPED);
        partition.setExitStatus(ExitStatus.STOPPED.addExitDescription("withdrawn: the manager was stopped"));
        partition.setEndTime(LocalDateTime.now());
        jobRepository.update(partition);
    }

    /**
     * The failures of the partitions reach the manager only as their exit descriptions (exceptions stay on the
     * workers): the first one becomes the step's failure, so that the run's closing line says what went wrong, and an
     * extract refused on a worker still exits 4.
     */
    private static void failIfAnyFailed(Set<StepExecution> partitions) {
        for (StepExecution partition : partitions) {
            if (partition.getStatus() == BatchStatus.FAILED || partition.getStatus() == BatchStatus.UNKNOWN
                    || partition.getStatus() == BatchStatus.ABANDONED) {
                String description = partition.getExitStatus().getExitDescription();
                String first = description == null || description.isBlank() ? partition.getStatus().toString()
                        : description.lines().findFirst().orElse("").strip();
                String extract = ExtractFailure.class.getName() + ": ";
                if (first.startsWith(extract)) {
                    throw new ExtractFailure(first.substring(extract.length()));
                }
                String reason = first.replaceFirst("^[\\w.$]+\\.\\w*(Exception|Error): ", "");
                throw new PartitionFailure(reason.startsWith("Partition " + partition.getStepName() + " ") ? reason
                        : "Partition " + partition.getStepName() + " failed: " + reason);
            }
        }
    }
}
