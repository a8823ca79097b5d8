package org.trdoutcomes.scale;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.amqp.core.AmqpTemplate;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskExecutor;
import org.springframework.integration.amqp.dsl.Amqp;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.messaging.MessageChannel;
import org.trdoutcomes.classify.ProfileSet;
import org.trdoutcomes.job.ActiveRun;
import org.trdoutcomes.job.TrdProperties;
import org.trdoutcomes.rules.TreatmentCatalogue;

/**
 * Remote partitioning over RabbitMQ with spring-batch-integration and Spring Integration AMQP: the manager's requests
 * go out on {@code trd.partition.queue}; a worker process takes them one at a time (prefetch 1, so that the work
 * spreads across workers) and runs the named worker step. Only a manager in remote mode or a worker touches the
 * broker; a local run never connects to it. docs/operations.md "Remote partitioning".
 */
@Configuration(proxyBeanMethods = false)
public class RemotePartitioningConfiguration {

    private static final String BROKER_USERS = "'${trd.partition.mode:local}'.equalsIgnoreCase('remote') "
            + "or '${trd.partition.worker:false}' == 'true'";

    @Bean
    public ConfigurationFingerprint configurationFingerprint(TreatmentCatalogue catalogue, ProfileSet profiles) {
        return ConfigurationFingerprint.of(catalogue, profiles);
    }

    @Bean
    public PartitionHandlers partitionHandlers(TrdProperties trd,
                                               @Qualifier("partitionTaskExecutor") TaskExecutor partitionTaskExecutor,
                                               @Qualifier("partitionRequests") ObjectProvider<MessageChannel> requests,
                                               JobRepository jobRepository, JdbcTemplate jdbc,
                                               ConfigurationFingerprint fingerprint) {
        return new PartitionHandlers(trd.partition(), partitionTaskExecutor, requests, jobRepository, jdbc, fingerprint);
    }

    /** The queue, declared (durable) by whichever process connects first. */
    @Bean
    @ConditionalOnExpression(BROKER_USERS)
    public Queue partitionQueue(TrdProperties trd) {
        return new Queue(trd.partition().queue(), true);
    }

    /** Refuses to start, in one line, when the broker or a shareable job repository is missing. */
    @Bean
    @ConditionalOnExpression(BROKER_USERS)
    public SmartInitializingSingleton remotePartitioningPreconditions(ConnectionFactory connectionFactory,
                                                                      DataSource dataSource,
                                                                      TrdProperties trd) {
        return () -> {
            String who = trd.partition().worker() ? "a worker" : "trd.partition.mode=remote";
            String url;
            try (Connection c = dataSource.getConnection()) {
                url = c.getMetaData().getURL();
            } catch (SQLException e) {
                throw new BrokerUnreachable("Cannot reach the job repository: " + e.getMessage());
            }
            if (url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:h2:tcp:") && !url.startsWith("jdbc:h2:ssl:")) {
                throw new BrokerUnreachable(who + " needs a job repository that the manager and every worker share "
                        + "(PostgreSQL: --spring.datasource.url=jdbc:postgresql://...); " + url + " is this process's own");
            }
            String broker = connectionFactory instanceof CachingConnectionFactory c
                    ? c.getHost() + ":" + c.getPort() : "the configured broker";
            try {
                connectionFactory.createConnection().close();
            } catch (RuntimeException e) {
                Throwable root = e;
                while (root.getCause() != null && root.getCause() != root) {
                    root = root.getCause();
                }
                throw new BrokerUnreachable("Cannot reach the RabbitMQ broker at " + broker + " (spring.rabbitmq.*), "
                        + "which " + who + " needs: " + root.getMessage());
            }
        };
    }

    // ---- manager: requests out -------------------------------------------------------------------------------------

    @Bean
    @ConditionalOnProperty(name = "trd.partition.mode", havingValue = "remote")
    public MessageChannel partitionRequests() {
        return new DirectChannel();
    }

    @Bean
    @ConditionalOnProperty(name = "trd.partition.mode", havingValue = "remote")
    public IntegrationFlow partitionRequestsToBroker(AmqpTemplate amqpTemplate, TrdProperties trd) {
        return IntegrationFlow.from("partitionRequests")
                .transform(StepExecutionRequest.class, PartitionRequests::encode)
                // the default exchange routes by queue name
                .handle(Amqp.outboundAdapter(amqpTemplate).routingKey(trd.partition().queue()))
                .get();
    }

    // ---- worker: requests in ---------------------------------------------------------------------------------------

    @Bean
    @ConditionalOnProperty(name = "trd.partition.worker", havingValue = "true")
    public PartitionWorker partitionWorker(JobRepository jobRepository, JdbcTemplate jdbc, Map<String, Step> stepBeans,
                                           ConfigurationFingerprint fingerprint, ActiveRun activeRun,
                                           TrdProperties trd) {
        // the request names the step (Step#getName, e.g. classifyBucket), not its bean
        Map<String, Step> byName = new LinkedHashMap<>();
        stepBeans.values().forEach(step -> byName.put(step.getName(), step));
        return new PartitionWorker(jobRepository, jdbc, byName, fingerprint, trd.partition(), activeRun,
                trd.lock().shutdownWait());
    }

    @Bean
    @ConditionalOnProperty(name = "trd.partition.worker", havingValue = "true")
    public IntegrationFlow partitionRequestsFromBroker(ConnectionFactory connectionFactory,
                                                       TrdProperties trd, PartitionWorker worker) {
        return IntegrationFlow.from(Amqp.inboundAdapter(connectionFactory, trd.partition().queue())
                        // one request at a time, acknowledged when its partition has ended: a killed worker's request
                        // goes back to the queue (and is skipped there, see PartitionWorker); a request that cannot be
                        // read is dropped, not redelivered forever
                        .configureContainer(c -> c.prefetchCount(1).concurrentConsumers(1)
                                .defaultRequeueRejected(false)))
                .transform(String.class, PartitionRequests::decode)
                .handle(StepExecutionRequest.class, (request, headers) -> {
                    worker.handle(request);
                    return null;
                })
                .get();
    }
}
