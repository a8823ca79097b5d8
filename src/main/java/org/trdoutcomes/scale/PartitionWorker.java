package org.trdoutcomes.scale;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.ImmediateRequeueAmqpException;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.trdoutcomes.job.ActiveRun;
import org.trdoutcomes.job.TrdProperties;

/**
 * The worker side of remote partitioning: runs one partition request at a time against the shared job repository.
 * Spring Batch's {@code StepExecutionRequestHandler} does the core of it ({@code step.execute}); this adds what a
 * deployment needs around it:
 * <ul>
 * <li>a request whose partition is no longer waiting (delivered again after its first worker was killed; a request
 * of a run that has since failed) is skipped: the manager accounts for that partition, and the same command re-runs
 * it;</li>
 * <li>a worker whose catalogue or rules differ from the manager's refuses the partition (FAILED, with the reason)
 * instead of counting under other rules;</li>
 * <li>while the partition runs, a heartbeat touches its step execution's LAST_UPDATED every
 * {@code trd.partition.heartbeat}: the manager's sign that the worker is alive (Spring Batch's own writes come only at
 * commits, and a classify partition commits once, at its end).</li>
 * </ul>
 * Two workers handed the same partition cannot both run it: the first to mark it STARTED wins Spring Batch's
 * optimistic lock (the version of the step execution), the second fails to start.
 */
public class PartitionWorker implements ApplicationListener<ContextClosedEvent>, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger("org.trdoutcomes.partition");

    private final JobRepository jobRepository;
    private final JdbcTemplate jdbc;
    private final Map<String, Step> steps;
    private final ConfigurationFingerprint fingerprint;
    private final TrdProperties.Partition properties;
    private final ActiveRun activeRun;
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "trd-heartbeat");
        t.setDaemon(true);
        return t;
    });
    private final String host = host();
    /** Held while a partition runs: a shutdown waits on it. */
    private final ReentrantLock working = new ReentrantLock();
    private final Duration shutdownWait;
    private volatile boolean shuttingDown;

    public PartitionWorker(JobRepository jobRepository, JdbcTemplate jdbc, Map<String, Step> stepsByName,
                           ConfigurationFingerprint fingerprint, TrdProperties.Partition properties,
                           ActiveRun activeRun, Duration shutdownWait) {
        this.shutdownWait = shutdownWait;
        this.jobRepository = jobRepository;
        this.jdbc = jdbc;
        this.steps = Map.copyOf(stepsByName);
        this.fingerprint = fingerprint;
        this.properties = properties;
        this.activeRun = activeRun;
        log.info("Worker on {} taking partitions from queue {} (configuration {})", host, properties.queue(),
                fingerprint);
    }

    public void handle(StepExecutionRequest request) {
        if (shuttingDown) {
            // back to the queue for another worker: between SIGTERM and the listener's stop, take nothing new
            throw new ImmediateRequeueAmqpException("worker shutting down; request returned to the queue");
        }
        working.lock();
        try {
            handleLocked(request);
        } finally {
            working.unlock();
        }
    }

    private void handleLocked(StepExecutionRequest request) {
        StepExecution partition = jobRepository.getStepExecution(request.getStepExecutionId());
        if (partition == null) {
            log.warn("skipped partition request {}: no such step execution in this job repository (manager and "
                    + "workers must share spring.datasource.url and trd.partition.queue)", PartitionRequests.encode(request));
            return;
        }
        String name = partition.getStepName();
        if (partition.getStatus() != BatchStatus.STARTING) {
            log.warn("skipped partition {}: it is already {} (a request delivered again after its worker was lost; the "
                    + "manager accounts for it)", name, partition.getStatus());
            return;
        }
        JobExecution job = partition.getJobExecution();
        if (!job.getStatus().isRunning()) {
            log.warn("skipped partition {}: its job execution {} is {}", name, job.getId(), job.getStatus());
            return;
        }
        String managers = partition.getExecutionContext().containsKey(ConfigurationFingerprint.KEY)
                ? partition.getExecutionContext().getString(ConfigurationFingerprint.KEY) : null;
        if (!fingerprint.value().equals(managers)) {
            refuse(partition, "Refused by the worker on " + host + ": its catalogue and rules configuration ("
                    + fingerprint + ") differs from the manager's (" + managers + "); start every worker with the "
                    + "manager's trd.rules.* and catalogue extension");
            return;
        }
        Step step = steps.get(request.getStepName());
        if (step == null) {
            refuse(partition, "Refused by the worker on " + host + ": it has no step " + request.getStepName());
            return;
        }
        ScheduledFuture<?> heartbeat = heartbeats.scheduleAtFixedRate(() -> beat(partition),
                properties.heartbeat().toMillis(), properties.heartbeat().toMillis(), TimeUnit.MILLISECONDS);
        try {
            step.execute(partition);
        } catch (Throwable e) {
            // the step failed before it could record its own end (its first write lost the optimistic lock: another
            // worker started it; or the job repository went away): it is the manager's to account for
            log.warn("failed partition {}: {}", name, String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        } finally {
            heartbeat.cancel(false);
        }
    }

    private void beat(StepExecution partition) {
        try {
            int alive = jdbc.update("UPDATE BATCH_STEP_EXECUTION SET LAST_UPDATED = ? WHERE STEP_EXECUTION_ID = ? AND "
                    + "STATUS IN ('STARTING', 'STARTED', 'STOPPING')", LocalDateTime.now(), partition.getId());
            if (alive == 0 && partition.getStatus().isRunning() && !partition.isTerminateOnly()) {
                // the manager (or a relaunch's recovery) has written this partition off while it ran here: stop at
                // the next chunk boundary rather than write on beside the worker that re-runs it
                log.warn("stopping partition {}: it was marked ended in the job repository while it ran here (taken "
                        + "for lost)", partition.getStepName());
                partition.setTerminateOnly();
            }
        } catch (RuntimeException e) {
            // a missed beat: the next one tries again, and the manager waits several before it gives up
            log.warn("heartbeat of partition {} not recorded: {}", partition.getStepName(), e.getMessage());
        }
    }

    private void refuse(StepExecution partition, String reason) {
        log.warn("failed partition {}: {}", partition.getStepName(), reason);
        partition.setStartTime(LocalDateTime.now());
        partition.setStatus(BatchStatus.FAILED);
        partition.setExitStatus(ExitStatus.FAILED.addExitDescription(reason));
        partition.setEndTime(LocalDateTime.now());
        jobRepository.update(partition);
    }

    /**
     * SIGTERM: before the listener container and the data source stop (the context-closed event comes first), the
     * partition running here is asked to stop at its next chunk boundary and recorded STOPPED; the manager fails the
     * run and the same command re-runs it. Waits at most {@code trd.lock.shutdown-wait}.
     */
    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        shuttingDown = true;
        activeRun.stop();
        try {
            if (working.tryLock(shutdownWait.toMillis(), TimeUnit.MILLISECONDS)) {
                working.unlock();
            } else {
                log.warn("the partition in hand did not stop within trd.lock.shutdown-wait={}; the manager will take "
                        + "it for lost", shutdownWait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void destroy() {
        heartbeats.shutdownNow();
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName() + "/" + ProcessHandle.current().pid();
        } catch (UnknownHostException e) {
            return "pid " + ProcessHandle.current().pid();
        }
    }
}
