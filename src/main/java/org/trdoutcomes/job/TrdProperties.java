package org.trdoutcomes.job;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;
import org.trdoutcomes.rules.RuleThresholds;

/**
 * Everything a clinic can set under {@code trd.*} (application.yml, {@code --trd.x=y}, environment variables), bound
 * once at start into these immutable records (constructor binding). Each default is declared once, by
 * {@link DefaultValue} on its component, and nowhere else: application.yml does not repeat them, and the clinical
 * thresholds are not even written here but taken from {@link RuleThresholds#standard()}, the pure core's one statement
 * of them. A group with nothing set still gets its defaults (the empty {@code @DefaultValue} on each group). The
 * Definitions sheet prints the values in force. ({@code trd.staging.*} is {@link StagingProperties}.)
 *
 * <p>Every value is checked when the application starts, before a run is launched: an impossible one
 * ({@code trd.report.min-cell-count=0}, a reject fraction above 1, a negative bucket count) ends the launch with
 * exit code 2 and a message naming the setting ({@link org.trdoutcomes.launch.StartupRefusal}).
 *
 * @param rules     the definition of TRD the report uses and its thresholds
 * @param report    what the workbook shows and keeps
 * @param ingest    reading and staging the extract
 * @param schedule  schedule mode ({@code --schedule})
 * @param lock      the run lock
 * @param partition how the extract is split and where its partitions run
 * @param input     how {@code --input} is read
 * @param omop      reading an OMOP CDM
 * @param workDir   folder of a run's intermediate files (the staged rows in buckets, the classified patients): one
 *                  sub-folder per run, deleted once its report is published unless {@code trd.staging.retain}. Must be
 *                  shared by every process of a run in remote mode.
 */
@Validated
@ConfigurationProperties("trd")
public record TrdProperties(
        @Valid @DefaultValue Rules rules,
        @Valid @DefaultValue Report report,
        @Valid @DefaultValue Ingest ingest,
        @Valid @DefaultValue Schedule schedule,
        @Valid @DefaultValue Lock lock,
        @Valid @DefaultValue Partition partition,
        @DefaultValue Input input,
        @DefaultValue Omop omop,
        @NotBlank @DefaultValue("data/work") String workDir) {

    /**
     * Thresholds of docs/clinical-rules.md; they define the {@code standard} profile, from which the built-in profiles
     * derive.
     *
     * @param profile              profile the whole report uses (docs/clinical-rules.md §7): standard, eu-pearl,
     *                             strict, any-failure, switch-proxy or a user profile
     * @param minWeeks             minimum trial duration in weeks for an adequate antidepressant trial
     *                             (docs/clinical-rules.md §4); default that of {@link RuleThresholds#standard()}
     * @param nonResponseThreshold a trial failed when its improvement is below this fraction (docs/clinical-rules.md
     *                             §4); default that of {@link RuleThresholds#standard()}
     * @param minAdherencePct      adherence below this percentage makes a trial inadequate (docs/clinical-rules.md
     *                             §4); default that of {@link RuleThresholds#standard()}
     * @param minFailedTrials      adequately failed agents that make TRD (docs/clinical-rules.md §5); default that of
     *                             {@link RuleThresholds#standard()}
     * @param minEctSessions       sessions that make an adequate ECT course (docs/clinical-rules.md §4); default that
     *                             of {@link RuleThresholds#standard()}
     * @param catalogueExtension   optional user catalogue file (same format as the shipped one) that extends or
     *                             overrides it
     * @param profiles             user-defined profiles, keyed by name
     */
    public record Rules(
            @NotBlank @DefaultValue("standard") String profile,
            @Min(1) Integer minWeeks,
            @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") Double nonResponseThreshold,
            @DecimalMin("0") @DecimalMax("100") Double minAdherencePct,
            @Min(1) Integer minFailedTrials,
            @Min(1) Integer minEctSessions,
            String catalogueExtension,
            @DefaultValue Map<String, @Valid UserProfile> profiles) {

        /**
         * The clinical thresholds have no {@code @DefaultValue}: an unset one is taken from
         * {@link RuleThresholds#standard()}, so that their values are written once, in the pure core that the rules'
         * tests check against docs/clinical-rules.md, and not a second time here as text.
         */
        public Rules {
            RuleThresholds standard = RuleThresholds.standard();
            minWeeks = minWeeks != null ? minWeeks : standard.minWeeks();
            nonResponseThreshold = nonResponseThreshold != null ? nonResponseThreshold : standard.nonResponseThreshold();
            minAdherencePct = minAdherencePct != null ? minAdherencePct : standard.minAdherencePct();
            minFailedTrials = minFailedTrials != null ? minFailedTrials : standard.minFailedTrials();
            minEctSessions = minEctSessions != null ? minEctSessions : standard.minEctSessions();
            // in the order written: the Definitions sheet lists the user profiles so
            profiles = Collections.unmodifiableMap(new LinkedHashMap<>(profiles));
        }
    }

    /**
     * A user-defined definition of TRD (docs/clinical-rules.md §7); unset thresholds (null) come from the standard
     * profile.
     *
     * @param description          what the Definitions sheet says of it
     * @param source               where the definition comes from
     * @param minWeeks             minimum adequate trial length in weeks
     * @param nonResponseThreshold a trial failed when its improvement is below this fraction
     * @param adequacyChecked      false counts every failed trial, adequate or not
     * @param minFailedTrials      adequately failed agents that make TRD
     */
    public record UserProfile(
            @DefaultValue("User-defined profile") String description,
            @DefaultValue("clinic configuration") String source,
            @Min(1) Integer minWeeks,
            @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") Double nonResponseThreshold,
            Boolean adequacyChecked,
            @Min(1) Integer minFailedTrials) {
    }

    /**
     * @param minCellCount    small-cell suppression threshold (docs/workbook-contract.md): 5 as OHDSI tools use, 11 for
     *                        CMS-style release, 1 = off
     * @param includePatients false leaves the row-level Patients sheet out (reports that leave the clinic)
     * @param trendNights     rows of the Trend sheet: the latest completed run of each of at most this many as-of dates
     *                        (docs/workbook-contract.md)
     * @param comparePrevious keep the patient ids and classifications of the latest completed run, for `Previous
     *                        classification` and the new / no longer TRD counts; false keeps none (and deletes what was
     *                        kept) and leaves those out
     */
    public record Report(
            @Min(1) @DefaultValue("5") int minCellCount,
            @DefaultValue("true") boolean includePatients,
            @Min(1) @DefaultValue("90") int trendNights,
            @DefaultValue("true") boolean comparePrevious) {
    }

    /**
     * @param maxRejectFraction a file with more than this share of its rows rejected fails the run
     *                          (docs/data-contract.md)
     * @param chunkSize         rows per transaction while staging the extract
     */
    public record Ingest(
            @DecimalMin("0") @DecimalMax("1") @DefaultValue("0.10") double maxRejectFraction,
            @Min(1) @DefaultValue("5000") int chunkSize) {
    }

    /**
     * Schedule mode ({@code --schedule}): the process stays up and launches one run per firing.
     *
     * @param cron Spring cron expression (second minute hour day month weekday); default 02:00 every day
     * @param zone zone of the cron expression and of "today" (the as-of date of a firing); empty = the system zone
     */
    public record Schedule(
            @NotBlank @DefaultValue(Schedule.DEFAULT_CRON) String cron,
            @DefaultValue("") String zone) {

        /** 02:00 every day; also the fallback of {@code NightlySchedule}'s {@code @Scheduled} placeholder. */
        public static final String DEFAULT_CRON = "0 0 2 * * *";

        /** Checked at start: a schedule that can never fire is an error, not a silent process. */
        @AssertTrue(message = "trd.schedule.cron must be a Spring cron expression: second minute hour day month weekday")
        public boolean isCronValid() {
            return cron == null || CronExpression.isValidExpression(cron);
        }

        @AssertTrue(message = "trd.schedule.zone must be empty (the system zone) or a time-zone id such as Europe/London")
        public boolean isZoneValid() {
            try {
                zoneId();
                return true;
            } catch (DateTimeException e) {
                return false;
            }
        }

        public ZoneId zoneId() {
            return zone == null || zone.isBlank() ? ZoneId.systemDefault() : ZoneId.of(zone);
        }
    }

    /**
     * The run lock (TRD_RUN_LOCK) that keeps two runs from overlapping.
     *
     * @param staleAfter   a holder on another host whose heartbeat is older than this is presumed dead and displaced
     * @param heartbeat    how often the holder refreshes its heartbeat; well below stale-after
     * @param shutdownWait how long a shutdown (SIGTERM) waits for the running step to stop at a chunk boundary
     */
    public record Lock(
            @NotNull @DurationMin(seconds = 1) @DefaultValue("10m") Duration staleAfter,
            @NotNull @DurationMin(millis = 1) @DefaultValue("30s") Duration heartbeat,
            @NotNull @DurationMin(millis = 0) @DefaultValue("2m") Duration shutdownWait) {
    }

    /**
     * {@code trd.partition.*}: how the extract is split, how many partitions run at once, and where they run
     * (docs/operations.md "Remote partitioning"). Read by both the manager (the normal launch) and the worker command.
     *
     * @param buckets       buckets the patients are hashed into (one classify partition each); 0 = from the extract's
     *                      size
     * @param bucketSize    with {@code buckets} = 0: about this much input per bucket (a bucket is held in memory while
     *                      classified)
     * @param threads       partitions run at once in this process; 0 = one per available processor
     * @param mode          local: the partitions run on threads of the launching process; remote: they are sent to
     *                      worker processes over RabbitMQ
     * @param queue         the RabbitMQ queue of the partition requests. Manager and workers of one deployment use the
     *                      same name; another deployment (or test) on the same broker uses another, and never sees
     *                      this one's work.
     * @param worker        set by the {@code worker} command (application-worker.yml): this process takes partitions
     *                      from the queue and launches no job
     * @param heartbeat     how often a worker records that it is alive while it runs a partition (the step
     *                      execution's LAST_UPDATED)
     * @param workerTimeout a partition whose worker has shown no sign of life for this long is taken as lost (the
     *                      worker was killed, its machine went away): the manager marks it FAILED and fails the run,
     *                      and the same command re-runs it. Also the longest the manager waits with partitions queued
     *                      and none taken (no worker running). Several heartbeats long.
     * @param pollInterval  how often the manager reads the partitions' progress from the job repository
     * @param timeout       the longest a partitioned step may take in remote mode, whatever the workers say
     */
    public record Partition(
            @Min(0) @DefaultValue("0") int buckets,
            @NotNull @DefaultValue("8MB") DataSize bucketSize,
            @Min(0) @DefaultValue("0") int threads,
            @DefaultValue("local") Mode mode,
            @NotBlank @DefaultValue("trd-outcomes.partitions") String queue,
            @DefaultValue("false") boolean worker,
            // zero would make a worker touch its partition, or the manager poll, in a loop without pause
            @NotNull @DurationMin(millis = 1) @DefaultValue("5s") Duration heartbeat,
            @NotNull @DurationMin(millis = 1) @DefaultValue("60s") Duration workerTimeout,
            @NotNull @DurationMin(millis = 1) @DefaultValue("1s") Duration pollInterval,
            @NotNull @DurationMin(millis = 1) @DefaultValue("12h") Duration timeout) {

        public enum Mode {
            /** the partitions run on threads of the launching process (trd.partition.threads) */
            LOCAL,
            /** the partitions are sent to worker processes over RabbitMQ; the job repository is shared in PostgreSQL */
            REMOTE
        }

        @AssertTrue(message = "trd.partition.bucket-size must be more than 0 bytes")
        public boolean isBucketSizePositive() {
            return bucketSize == null || bucketSize.toBytes() > 0;
        }

        /** The number of partitions to run at once. */
        public int effectiveThreads() {
            return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        }
    }

    /**
     * How {@code --input} is read (omop.md §1).
     *
     * @param format auto (a jdbc: URL or a folder with a drug_exposure table is an OMOP CDM), trials or omop
     */
    public record Input(@DefaultValue("auto") String format) {
    }

    /**
     * Reading an OMOP CDM (omop.md).
     *
     * @param schema   schema of a CDM in PostgreSQL ({@code --input=jdbc:postgresql://…})
     * @param username database user; empty = the one in the URL (a password never goes in --input: it is recorded
     *                 with the run)
     * @param password database password (better: the environment variable TRD_OMOP_PASSWORD)
     * @param scales   scale → measurement/observation concept ids of its total score, comma-separated; PHQ9 = 3042932
     *                 built in
     */
    public record Omop(
            @DefaultValue("cdm") String schema,
            String username,
            String password,
            @DefaultValue Map<String, String> scales) {

        public Omop {
            scales = Collections.unmodifiableMap(new LinkedHashMap<>(scales));
        }

        /** Not the password: a record's toString would otherwise print it wherever the settings are logged. */
        @Override
        public String toString() {
            return "Omop[schema=" + schema + ", username=" + username + ", password=" + (password == null ? null : "***")
                    + ", scales=" + scales + "]";
        }
    }
}
