package org.trdoutcomes.launch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/**
 * Which auto-configurations each mode keeps: a plain run neither Actuator nor the broker's, the actuator profile
 * (worker, --schedule) the Actuator's, remote partitioning (manager or worker) the broker's; the job's own
 * (Batch, JDBC, Flyway) always.
 */
class RunModeAutoConfigurationFilterTest {

    static final String[] CANDIDATES = {
            "org.springframework.boot.batch.jdbc.autoconfigure.BatchJdbcAutoConfiguration",
            "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration",
            "org.springframework.boot.batch.autoconfigure.observation.BatchObservationAutoConfiguration",
            "org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration",
            "org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration",
            "org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration",
            "org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration",
            "org.trdoutcomes.job.FaultInjectionAutoConfiguration"};

    @Test
    void aPlainRunKeepsOnlyWhatTheJobUses() {
        assertThat(keep(new MockEnvironment()))
                .containsExactly(true, true, true, false, false, false, false, false, false, false, true);
    }

    @Test
    void theActuatorProfileKeepsActuatorAndMetricsButNoBroker() {
        MockEnvironment environment = new MockEnvironment();
        environment.setActiveProfiles("actuator", "schedule");
        assertThat(keep(environment)).containsExactly(true, true, true, true, true, true, true, false, false, true, true);
    }

    @Test
    void aRemoteManagerKeepsTheBrokerButNoActuator() {
        MockEnvironment environment = new MockEnvironment().withProperty("trd.partition.mode", "REMOTE");
        assertThat(keep(environment)).containsExactly(true, true, true, false, false, false, false, true, true, false, true);
    }

    @Test
    void aWorkerKeepsEverything() {
        MockEnvironment environment = new MockEnvironment().withProperty("trd.partition.worker", "true");
        environment.setActiveProfiles("actuator", "worker");
        assertThat(keep(environment)).containsOnly(true);
    }

    private static boolean[] keep(MockEnvironment environment) {
        RunModeAutoConfigurationFilter filter = new RunModeAutoConfigurationFilter();
        filter.setEnvironment(environment);
        return filter.match(CANDIDATES, null);
    }
}
