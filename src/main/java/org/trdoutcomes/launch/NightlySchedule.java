package org.trdoutcomes.launch;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.stereotype.Component;
import org.trdoutcomes.job.TrdProperties;

/**
 * Schedule mode ({@code --schedule}, which turns on the {@code schedule} profile): the process stays up
 * ({@code spring.main.keep-alive}, application-schedule.yml) and launches one run per firing of
 * {@code trd.schedule.cron} (default 02:00 every day) in {@code trd.schedule.zone}, as of that day's date in that
 * zone. Spring's {@code @Scheduled} fires it on Boot's task scheduler; a cron task never overlaps itself, and the run
 * lock keeps firings apart from launches elsewhere. A firing whose night already completed (same as-of date, unchanged
 * input) does nothing and says so: re-running the schedule never publishes a second report for a night. A firing after
 * a failed run resumes that run. Each firing logs one closing line.
 *
 * <p>The command line is checked before Spring starts ({@link #template}): a bad option ({@code --as-of} or
 * {@code --rerun} with {@code --schedule}, an unknown option) ends the launch with exit code 2 before anything can fire. SIGTERM: the run in
 * progress is stopped by {@link JobLaunch} when the context closes, before the scheduler shuts down
 * (docs/operations.md "Schedule mode").
 */
@Component
@Profile("schedule")
@EnableScheduling
public class NightlySchedule {

    private static final Logger log = LoggerFactory.getLogger("org.trdoutcomes");

    private final JobLaunch launch;
    private final TrdProperties properties;
    private final Clock clock;
    /** Input and output of every firing; the as-of date is each night's. */
    private final LaunchOptions template;
    private final AtomicInteger firings = new AtomicInteger();

    public NightlySchedule(JobLaunch launch, TrdProperties properties, Clock clock, ApplicationArguments args) {
        this.launch = launch;
        this.properties = properties;
        this.clock = clock;
        this.template = template(args);
    }

    /**
     * Input and output of every firing, from the command line; {@link LaunchOptions.BadOption} for an option of a
     * single launch. {@code TrdOutcomesApplication} calls it before Spring starts, so that a bad command line ends
     * with exit code 2 in one line.
     */
    public static LaunchOptions template(ApplicationArguments args) {
        if (args.containsOption("as-of") || args.containsOption("rerun")) {
            throw new LaunchOptions.BadOption("--schedule takes each night's date as the as-of date; "
                    + "--as-of and --rerun are for a single launch");
        }
        // the template's own as-of date is never used (each firing takes its night's from the clock)
        return LaunchOptions.from(args, LocalDate.now());
    }

    @EventListener(ApplicationReadyEvent.class)
    public void announce() {
        // a valid expression and zone: TrdProperties checked them at start (exit code 2 otherwise)
        String cron = properties.schedule().cron();
        ZoneId zone = properties.schedule().zoneId();
        var next = CronExpression.parse(cron).next(java.time.ZonedDateTime.now(zone));
        log.info("Schedule mode: cron '{}' in {}; input {}, output {}; next run {}", cron, zone,
                template.inputText(), template.output(), next == null ? "never" : next);
    }

    /** One night's run. The zone of "today" is the cron's. */
    @Scheduled(cron = "${trd.schedule.cron:" + TrdProperties.Schedule.DEFAULT_CRON + "}", zone = "${trd.schedule.zone:}")
    public void fire() {
        LocalDate asOf = LocalDate.ofInstant(clock.instant(), properties.schedule().zoneId());
        try {
            JobLaunch.Outcome outcome = launch.run(new LaunchOptions(template.input(), template.output(), asOf,
                    false, template.database()));
            if (outcome.exitCode() == ExitCodes.COMPLETED) {
                log.info("Scheduled run as of {}: {}", asOf, outcome.message());
            } else if (outcome.exitCode() == ExitCodes.ALREADY_COMPLETED) {
                log.info("Scheduled run as of {}: nothing to do, this night already completed", asOf);
            } else {
                log.error("Scheduled run as of {} (exit code {}): {}", asOf, outcome.exitCode(), outcome.message());
            }
        } catch (RuntimeException e) {
            log.error("Scheduled run as of {} failed: {}", asOf, e.getMessage(), e);
        } finally {
            firings.incrementAndGet();
        }
    }

    /** How many firings have ended (for tests and the log). */
    public int firings() {
        return firings.get();
    }
}
