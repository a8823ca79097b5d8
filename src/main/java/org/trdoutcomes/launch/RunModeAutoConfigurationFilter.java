package org.trdoutcomes.launch;

import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * Leaves out the auto-configuration of what this process's mode does not use, before Spring Boot so much as loads
 * its classes. The jar carries Actuator, Micrometer, Spring Integration and AMQP for the long-running modes, and a
 * plain nightly run paid for them at every start (about 2 s of the sample run's 4 s start on 2 cores:
 * docs/benchmarks.md, "The default run on sample-data/"):
 * <ul>
 *   <li>Actuator, health, metrics, observation, and the JSON/HTTP support and method validation their endpoints
 *       need: only with the {@code actuator} profile, which the {@code worker} command and {@code --schedule} turn on
 *       ({@code TrdOutcomesApplication}); a deployment can also turn it on by hand.</li>
 *   <li>RabbitMQ and Spring Integration: only for the processes of remote partitioning, a manager with
 *       {@code trd.partition.mode=remote} and a worker ({@code trd.partition.worker=true}), the same condition as
 *       {@code scale.RemotePartitioningConfiguration}'s broker beans.</li>
 * </ul>
 * The {@code trd.*} settings are validated all the same: Boot validates {@code @Validated} configuration properties
 * with a validator of its own, not the one of the validation auto-configuration (whose method-validation proxies
 * nothing here uses). Registered in META-INF/spring.factories, as Boot's own import filters are. Every other auto-configuration is left to
 * its own conditions.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RunModeAutoConfigurationFilter implements AutoConfigurationImportFilter, EnvironmentAware {

    /** Served only by a process with the actuator profile. */
    static final String[] ACTUATOR_PACKAGES = {
            "org.springframework.boot.actuate.",
            "org.springframework.boot.health.",
            "org.springframework.boot.micrometer.",
            "org.springframework.boot.jackson.",
            "org.springframework.boot.http.converter.",
            "org.springframework.boot.validation."};
    /** Sub-packages by which other modules contribute to the actuator: jdbc's health indicator, batch's observation. */
    static final String[] ACTUATOR_SUB_PACKAGES = {".health.", ".metrics.", ".observation."};
    /** Used only by the processes of remote partitioning. */
    static final String[] BROKER_PACKAGES = {
            "org.springframework.boot.amqp.",
            "org.springframework.boot.integration."};

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public boolean[] match(String[] autoConfigurationClasses, AutoConfigurationMetadata metadata) {
        boolean actuator = usesActuator(environment);
        boolean broker = usesBroker(environment);
        boolean[] keep = new boolean[autoConfigurationClasses.length];
        for (int i = 0; i < keep.length; i++) {
            String name = autoConfigurationClasses[i];
            keep[i] = name == null
                    || (actuator || !isActuator(name)) && (broker || !startsWithAny(name, BROKER_PACKAGES));
        }
        return keep;
    }

    static boolean usesActuator(Environment environment) {
        return environment.acceptsProfiles(Profiles.of("actuator"));
    }

    /** The manager of a remote run or a worker: the processes that talk to RabbitMQ. */
    static boolean usesBroker(Environment environment) {
        return "remote".equalsIgnoreCase(environment.getProperty("trd.partition.mode", "local").strip())
                || environment.getProperty("trd.partition.worker", Boolean.class, false);
    }

    static boolean isActuator(String autoConfiguration) {
        if (!autoConfiguration.startsWith("org.springframework.boot.")) {
            return false;
        }
        if (startsWithAny(autoConfiguration, ACTUATOR_PACKAGES)) {
            return true;
        }
        for (String sub : ACTUATOR_SUB_PACKAGES) {
            if (autoConfiguration.contains(sub)) {
                return true;
            }
        }
        return false;
    }

    private static boolean startsWithAny(String name, String[] prefixes) {
        for (String prefix : prefixes) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
