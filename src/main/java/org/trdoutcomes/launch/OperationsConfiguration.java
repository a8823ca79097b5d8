package org.trdoutcomes.launch;

import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.trdoutcomes.job.TrdProperties;

/** The run lock and the clock the schedule takes "today" from (a test may put its own clock in). */
@Configuration(proxyBeanMethods = false)
public class OperationsConfiguration {

    @Bean
    public RunLock runLock(JdbcTemplate jdbcTemplate, PlatformTransactionManager transactionManager,
                           TrdProperties properties) {
        return new RunLock(jdbcTemplate, transactionManager, properties.lock().staleAfter(),
                properties.lock().heartbeat());
    }

    @Bean
    @ConditionalOnMissingBean
    public Clock clock() {
        return Clock.systemDefaultZone();
    }
}
