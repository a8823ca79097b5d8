package org.trdoutcomes.scale;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the partitions of {@code ingest} and {@code classify} run ({@code trd.partition.*}; the bucket settings of the
 * same prefix are the job's own, in {@code TrdProperties}). Read by both the manager (the normal launch) and the
 * worker command; docs/operations.md "Remote partitioning".
 */
@ConfigurationProperties("trd.partition")
public class RemotePartitionProperties {

    public enum Mode {
        /** the partitions run on threads of the launching process (trd.partition.threads) */
        LOCAL,
        /** the partitions are sent to worker processes over RabbitMQ; the job repository is shared in PostgreSQL */
        REMOTE
    }

    private Mode mode = Mode.LOCAL;
    /**
     * The RabbitMQ queue of the partition requests. Manager and workers of one deployment use the same name; another
     * deployment (or test) on the same broker uses another, and never sees this one's work.
     */
    private String queue = "trd-outcomes.partitions";
    /** Set by the {@code worker} command: this process takes partitions from the queue and launches no job. */
    private boolean worker;
    /** How often a worker records that it is alive while it runs a partition (the step execution's LAST_UPDATED). */
    private Duration heartbeat = Duration.ofSeconds(5);
    /**
     * A partition whose worker has shown no sign of life for this long is taken as lost (the worker was killed, its
     * machine went away): the manager marks it FAILED and fails the run, and the same command re-runs it. Also the
     * longest the manager waits with partitions queued and none taken (no worker running). Several heartbeats long.
     */
    private Duration workerTimeout = Duration.ofSeconds(60);
    /** How often the manager reads the partitions' progress from the job repository. */
    private Duration pollInterval = Duration.ofSeconds(1);
    /** The longest a partitioned step may take in remote mode, whatever the workers say. */
    private Duration timeout = Duration.ofHours(12);

    public Mode getMode() {
        return mode;
    }

    public void setMode(Mode mode) {
        this.mode = mode;
    }

    public String getQueue() {
        return queue;
    }

    public void setQueue(String queue) {
        this.queue = queue;
    }

    public boolean isWorker() {
        return worker;
    }

    public void setWorker(boolean worker) {
        this.worker = worker;
    }

    public Duration getHeartbeat() {
        return heartbeat;
    }

    public void setHeartbeat(Duration heartbeat) {
        this.heartbeat = heartbeat;
    }

    public Duration getWorkerTimeout() {
        return workerTimeout;
    }

    public void setWorkerTimeout(Duration workerTimeout) {
        this.workerTimeout = workerTimeout;
    }

    public Duration getPollInterval() {
        return pollInterval;
    }

    public void setPollInterval(Duration pollInterval) {
        this.pollInterval = pollInterval;
    }

    public Duration getTimeout() {
        return timeout;
    }

    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    /** True where this process talks to the broker: a manager in remote mode, or a worker. */
    public boolean usesBroker() {
        return mode == Mode.REMOTE || worker;
    }
}
