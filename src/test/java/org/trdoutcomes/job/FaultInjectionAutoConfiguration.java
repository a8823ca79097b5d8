package org.trdoutcomes.job;

import org.springframework.batch.core.step.AbstractStep;
import org.springframework.batch.core.step.item.ChunkOrientedStep;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.trdoutcomes.ingest.RowBlock;

/**
 * The test and drill hooks {@code trd.ops.*}, which live in the test sources only: a production jar cannot be made to
 * fail a real run by a stray environment variable. Registered for every Spring Boot context started from the test
 * class path (src/test/resources/META-INF/spring/...AutoConfiguration.imports), the in-process tests' contexts and
 * the child JVMs of ChildProcessRunFunctionalTests alike, whose class path is the tests'. Each hook is added to its
 * worker step only when its setting is given; without {@code trd.ops.*} the job is the production job.
 * <ul>
 * <li>{@code trd.ops.ingest-hold-after-chunks}, {@code trd.ops.fail-after-chunks}: {@link IngestFaultInjection} on
 * the ingest worker step ({@code ingestFileStep});</li>
 * <li>{@code trd.ops.classify-pause-millis}, {@code trd.ops.fail-classify-bucket}: {@link ClassifyFaultInjection} on
 * the classify worker step ({@code classifyBucketStep}).</li>
 * </ul>
 */
@AutoConfiguration
public class FaultInjectionAutoConfiguration {

    @Bean
    static BeanPostProcessor faultInjection(Environment environment) {
        Binder binder = Binder.get(environment);
        int holdAfterChunks = binder.bind("trd.ops.ingest-hold-after-chunks", Integer.class).orElse(0);
        int failAfterChunks = binder.bind("trd.ops.fail-after-chunks", Integer.class).orElse(0);
        long classifyPause = binder.bind("trd.ops.classify-pause-millis", Long.class).orElse(0L);
        int failBucket = binder.bind("trd.ops.fail-classify-bucket", Integer.class).orElse(-1);
        return new BeanPostProcessor() {
            @Override
            @SuppressWarnings("unchecked")
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (beanName.equals("ingestFileStep") && (holdAfterChunks > 0 || failAfterChunks > 0)) {
                    ((ChunkOrientedStep<RowBlock, RowBlock>) bean).registerItemWriteListener(
                            new IngestFaultInjection(holdAfterChunks, failAfterChunks));
                }
                if (beanName.equals("classifyBucketStep") && (classifyPause > 0 || failBucket >= 0)) {
                    ((AbstractStep) bean).registerStepExecutionListener(
                            new ClassifyFaultInjection(classifyPause, failBucket));
                }
                return bean;
            }
        };
    }
}
