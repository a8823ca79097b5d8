package org.trdoutcomes.scale;

import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.partition.support.TaskExecutorPartitionHandler;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.task.TaskExecutor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.messaging.MessageChannel;
import org.trdoutcomes.job.TrdProperties;

/**
 * The one place local and remote partitioning differ ({@code trd.partition.mode}): the partition handler of a
 * partitioned step. The job, its partitioners and its worker steps are the same beans in both modes.
 */
public class PartitionHandlers {

    private final TrdProperties.Partition properties;
    private final TaskExecutor partitionTaskExecutor;
    private final ObjectProvider<MessageChannel> partitionRequests;
    private final JobRepository jobRepository;
    private final JdbcTemplate jdbc;
    private final ConfigurationFingerprint fingerprint;

    public PartitionHandlers(TrdProperties.Partition properties, TaskExecutor partitionTaskExecutor,
                             ObjectProvider<MessageChannel> partitionRequests, JobRepository jobRepository,
                             JdbcTemplate jdbc, ConfigurationFingerprint fingerprint) {
        this.properties = properties;
        this.partitionTaskExecutor = partitionTaskExecutor;
        this.partitionRequests = partitionRequests;
        this.jobRepository = jobRepository;
        this.jdbc = jdbc;
        this.fingerprint = fingerprint;
    }

    /** The handler that runs the partitions of a step on {@code worker}, here or on the workers. */
    public PartitionHandler forStep(Step worker) {
        if (properties.mode() == TrdProperties.Partition.Mode.REMOTE) {
            return new RemotePartitionHandler(worker.getName(), partitionRequests.getObject(), jobRepository, jdbc,
                    fingerprint, properties);
        }
        TaskExecutorPartitionHandler handler = new TaskExecutorPartitionHandler();
        handler.setStep(worker);
        handler.setTaskExecutor(partitionTaskExecutor);
        handler.setGridSize(1); // ignored: the partitioners know their partitions
        return handler;
    }
}
