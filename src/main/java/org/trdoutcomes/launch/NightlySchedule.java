package org.trdoutcomes.launch;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.scheduling.support.CronTrigger;
import org.springframework.stereotype.Component;
import org.trdoutcomes.job.TrdProperties;

/**
 * Schedule mode ({@code --schedule}): the process stays up and launches one run per firing of
 * {@code trd.schedule.cron} (default 02:00 every day) in {@code trd.schedule.zone}, as of that day's date in that
 * zone. Firings run on one thread, so they never overlap inside the process; the run lock keeps them apart from
 * launches elsewhere. A firing whose night already completed (same as-of date, unchanged input) does nothing and
 * says so: re-running the schedule never publishes a second report for a night. A firing after a failed run
 * resumes that run. Each firing logs one closing line.
 */
@Component
public class NightlySchedule implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger("org.trdoutcomes");

    private final JobLaunch launch;
    private final TrdProperties properties;
    private final Clock clock;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicInteger firings = new AtomicInteger();
    private volatile ThreadPoolTaskScheduler scheduler;
    private volatile ScheduledFuture<?> firing;

    public NightlySchedule(JobLaunch launch, TrdProperties properties, Clock clock) {
        this.launch = launch;
        this.properties = properties;
        this.clock = clock;
    }

    /** Starts firing; returns at once. {@code template} gives input and output; the as-of date is each night's. */
    public synchronized void start(LaunchOptions template) {
        if (scheduler != null) {
            throw new IllegalStateException("The schedule is already running");
        }
        // a valid expression: TrdProperties checked it at start (exit code 2 otherwise)
        String cron = properties.schedule().cron();
        ZoneId zone = properties.schedule().zoneId();
        ThreadPoolTaskScheduler s = new ThreadPoolTaskScheduler();
        s.setPoolSize(1);
        s.setThreadNamePrefix("trd-schedule-");
        // never interrupt a firing: a run in progress is stopped at a chunk boundary by JobLaunch instead
        s.setWaitForTasksToCompleteOnShutdown(true);
        s.initialize();
        firing = s.schedule(() -> fire(template, zone), new CronTrigger(cron, zone));
        scheduler = s;
        log.info("Schedule mode: cron '{}' in {}; input {}, output {}; next run {}", cron, zone, template.inputText(),
                template.output(), next(cron, zone));
    }

    /** Starts firing and blocks until the application shuts down (SIGTERM, Ctrl-C). */
    public int runUntilStopped(LaunchOptions template) throws InterruptedException {
        start(template);
        stopped.await();
        return ExitCodes.COMPLETED;
    }

    /** How many firings have ended (for tests and the log). */
    public int firings() {
        return firings.get();
    }

    void fire(LaunchOptions template, ZoneId zone) {
        LocalDate asOf = LocalDate.ofInstant(clock.instant(), zone);
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

    private String next(String cron, ZoneId zone) {
        ZonedDateTime next = CronExpression.parse(cron).next(ZonedDateTime.ofInstant(Instant.now(), zone));
        return next == null ? "never" : next.toString();
    }

    /** Stop firing (a run in progress is stopped by {@link JobLaunch#destroy()}, which runs after this). */
    public synchronized void stop() {
        if (scheduler != null) {
            if (firing != null) {
                firing.cancel(false);
            }
            scheduler.shutdown();
            scheduler = null;
        }
        stopped.countDown();
    }

    @Override
    public void destroy() {
        stop();
    }
}
