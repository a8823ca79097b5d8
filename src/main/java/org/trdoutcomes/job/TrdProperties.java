package org.trdoutcomes.job;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.validation.annotation.Validated;
import org.trdoutcomes.rules.RuleThresholds;

/**
 * Everything a clinic can set under {@code trd.*} (application.yml, {@code --trd.x=y}, environment variables).
 * The defaults are here and nowhere else (the clinical thresholds come from {@link RuleThresholds#standard()}, the
 * pure core's one statement of them); application.yml does not repeat them. The Definitions sheet prints the values
 * in force.
 *
 * <p>Every value is checked when the application starts, before a run is launched: an impossible one
 * ({@code trd.report.min-cell-count=0}, a reject fraction above 1, a negative bucket count) ends the launch with
 * exit code 2 and a message naming the setting ({@link org.trdoutcomes.launch.StartupRefusal}).
 */
@Validated
@ConfigurationProperties("trd")
public class TrdProperties {

    @Valid
    private final Rules rules = new Rules();
    @Valid
    private final Report report = new Report();
    @Valid
    private final Ingest ingest = new Ingest();
    @Valid
    private final Schedule schedule = new Schedule();
    @Valid
    private final Lock lock = new Lock();
    @Valid
    private final Partition partition = new Partition();
    private final Input input = new Input();
    private final Omop omop = new Omop();

    public Input getInput() {
        return input;
    }

    public Omop getOmop() {
        return omop;
    }

    /** How {@code --input} is read (omop.md §1). */
    public static class Input {
        /** auto (a jdbc: URL or a folder with a drug_exposure table is an OMOP CDM), trials or omop. */
        private String format = "auto";

        public String getFormat() {
            return format;
        }

        public void setFormat(String format) {
            this.format = format;
        }
    }

    /** Reading an OMOP CDM (omop.md). */
    public static class Omop {
        /** Schema of a CDM in PostgreSQL ({@code --input=jdbc:postgresql://…}). */
        private String schema = "cdm";
        /** Database user; empty = the one in the URL (a password never goes in --input: it is recorded with the run). */
        private String username;
        /** Database password (better: the environment variable TRD_OMOP_PASSWORD). */
        private String password;
        /** Scale → measurement/observation concept ids of its total score, comma-separated; PHQ9 = 3042932 built in. */
        private Map<String, String> scales = new LinkedHashMap<>();

        public String getSchema() {
            return schema;
        }

        public void setSchema(String schema) {
            this.schema = schema;
        }

        public String getUsername() {
            return username;
        }

        public void setUsername(String username) {
            this.username = username;
        }

        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password;
        }

        public Map<String, String> getScales() {
            return scales;
        }

        public void setScales(Map<String, String> scales) {
            this.scales = scales;
        }
    }
    /**
     * Folder of a run's intermediate files (the staged rows in buckets, the classified patients): one sub-folder per
     * run, deleted once its report is published unless {@code trd.staging.retain}. Must be shared by every process
     * of a run in remote mode.
     */
    @NotBlank
    private String workDir = "data/work";

    public Partition getPartition() {
        return partition;
    }

    public String getWorkDir() {
        return workDir;
    }

    public void setWorkDir(String workDir) {
        this.workDir = workDir;
    }

    public Schedule getSchedule() {
        return schedule;
    }

    public Lock getLock() {
        return lock;
    }

    public Rules getRules() {
        return rules;
    }

    public Report getReport() {
        return report;
    }

    public Ingest getIngest() {
        return ingest;
    }

    /** Thresholds of docs/clinical-rules.md; they define the {@code standard} profile, from which the built-in profiles derive. */
    public static class Rules {
        /** Profile the whole report uses (docs/clinical-rules.md §7): standard, eu-pearl, strict, any-failure, switch-proxy or a user profile. */
        @NotBlank
        private String profile = "standard";
        /** Minimum trial duration in weeks for an adequate antidepressant trial (docs/clinical-rules.md §4). */
        @Min(1)
        private int minWeeks = RuleThresholds.standard().minWeeks();
        /** A trial failed when its improvement is below this fraction (docs/clinical-rules.md §4). */
        @DecimalMin(value = "0", inclusive = false)
        @DecimalMax("1")
        private double nonResponseThreshold = RuleThresholds.standard().nonResponseThreshold();
        /** Adherence below this percentage makes a trial inadequate (docs/clinical-rules.md §4). */
        @DecimalMin("0")
        @DecimalMax("100")
        private double minAdherencePct = RuleThresholds.standard().minAdherencePct();
        /** Adequately failed agents that make TRD (docs/clinical-rules.md §5). */
        @Min(1)
        private int minFailedTrials = RuleThresholds.standard().minFailedTrials();
        /** Sessions that make an adequate ECT course (docs/clinical-rules.md §4). */
        @Min(1)
        private int minEctSessions = RuleThresholds.standard().minEctSessions();
        /** Optional user catalogue file (same format as the shipped one) that extends or overrides it. */
        private String catalogueExtension;
        /** User-defined profiles, keyed by name. */
        private Map<String, @Valid UserProfile> profiles = new LinkedHashMap<>();

        public String getProfile() {
            return profile;
        }

        public void setProfile(String profile) {
            this.profile = profile;
        }

        public int getMinWeeks() {
            return minWeeks;
        }

        public void setMinWeeks(int minWeeks) {
            this.minWeeks = minWeeks;
        }

        public double getNonResponseThreshold() {
            return nonResponseThreshold;
        }

        public void setNonResponseThreshold(double nonResponseThreshold) {
            this.nonResponseThreshold = nonResponseThreshold;
        }

        public double getMinAdherencePct() {
            return minAdherencePct;
        }

        public void setMinAdherencePct(double minAdherencePct) {
            this.minAdherencePct = minAdherencePct;
        }

        public int getMinFailedTrials() {
            return minFailedTrials;
        }

        public void setMinFailedTrials(int minFailedTrials) {
            this.minFailedTrials = minFailedTrials;
        }

        public int getMinEctSessions() {
            return minEctSessions;
        }

        public void setMinEctSessions(int minEctSessions) {
            this.minEctSessions = minEctSessions;
        }

        public String getCatalogueExtension() {
            return catalogueExtension;
        }

        public void setCatalogueExtension(String catalogueExtension) {
            this.catalogueExtension = catalogueExtension;
        }

        public Map<String, UserProfile> getProfiles() {
            return profiles;
        }

        public void setProfiles(Map<String, UserProfile> profiles) {
            this.profiles = profiles;
        }
    }

    /** A user-defined definition of TRD (docs/clinical-rules.md §7); unset values come from the standard profile. */
    public static class UserProfile {
        private String description = "User-defined profile";
        private String source = "clinic configuration";
        @Min(1)
        private Integer minWeeks;
        @DecimalMin(value = "0", inclusive = false)
        @DecimalMax("1")
        private Double nonResponseThreshold;
        private Boolean adequacyChecked;
        @Min(1)
        private Integer minFailedTrials;

        public String getDescription() {
            return description;
        }

        public void setDescription(String description) {
            this.description = description;
        }

        public String getSource() {
            return source;
        }

        public void setSource(String source) {
            this.source = source;
        }

        public Integer getMinWeeks() {
            return minWeeks;
        }

        public void setMinWeeks(Integer minWeeks) {
            this.minWeeks = minWeeks;
        }

        public Double getNonResponseThreshold() {
            return nonResponseThreshold;
        }

        public void setNonResponseThreshold(Double nonResponseThreshold) {
            this.nonResponseThreshold = nonResponseThreshold;
        }

        public Boolean getAdequacyChecked() {
            return adequacyChecked;
        }

        public void setAdequacyChecked(Boolean adequacyChecked) {
            this.adequacyChecked = adequacyChecked;
        }

        public Integer getMinFailedTrials() {
            return minFailedTrials;
        }

        public void setMinFailedTrials(Integer minFailedTrials) {
            this.minFailedTrials = minFailedTrials;
        }
    }

    public static class Report {
        /** Small-cell suppression threshold (docs/workbook-contract.md): 5 as OHDSI tools use, 11 for CMS-style release, 1 = off. */
        @Min(1)
        private int minCellCount = 5;
        /** Leave the row-level Patients sheet out (reports that leave the clinic). */
        private boolean includePatients = true;
        /** Rows of the Trend sheet: the latest completed run of each of at most this many as-of dates (docs/workbook-contract.md). */
        @Min(1)
        private int trendNights = 90;
        /**
         * Keep the patient ids and classifications of the latest completed run, for `Previous classification` and
         * the new / no longer TRD counts; false keeps none (and deletes what was kept) and leaves those out.
         */
        private boolean comparePrevious = true;

        public int getTrendNights() {
            return trendNights;
        }

        public void setTrendNights(int trendNights) {
            this.trendNights = trendNights;
        }

        public boolean isComparePrevious() {
            return comparePrevious;
        }

        public void setComparePrevious(boolean comparePrevious) {
            this.comparePrevious = comparePrevious;
        }

        public int getMinCellCount() {
            return minCellCount;
        }

        public void setMinCellCount(int minCellCount) {
            this.minCellCount = minCellCount;
        }

        public boolean isIncludePatients() {
            return includePatients;
        }

        public void setIncludePatients(boolean includePatients) {
            this.includePatients = includePatients;
        }
    }

    public static class Ingest {
        /** A file with more than this share of its rows rejected fails the run (docs/data-contract.md). */
        @DecimalMin("0")
        @DecimalMax("1")
        private double maxRejectFraction = 0.10;
        /** Rows per transaction while staging the extract. */
        @Min(1)
        private int chunkSize = 5000;

        public double getMaxRejectFraction() {
            return maxRejectFraction;
        }

        public void setMaxRejectFraction(double maxRejectFraction) {
            this.maxRejectFraction = maxRejectFraction;
        }

        public int getChunkSize() {
            return chunkSize;
        }

        public void setChunkSize(int chunkSize) {
            this.chunkSize = chunkSize;
        }
    }

    /** Schedule mode ({@code --schedule}): the process stays up and launches one run per firing. */
    public static class Schedule {
        /** Spring cron expression (second minute hour day month weekday); default 02:00 every day. */
        @NotBlank
        private String cron = "0 0 2 * * *";
        /** Zone of the cron expression and of "today" (the as-of date of a firing); empty = the system zone. */
        private String zone = "";

        public String getCron() {
            return cron;
        }

        public void setCron(String cron) {
            this.cron = cron;
        }

        public String getZone() {
            return zone;
        }

        public void setZone(String zone) {
            this.zone = zone;
        }

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

    /** The run lock (TRD_RUN_LOCK) that keeps two runs from overlapping. */
    public static class Lock {
        /** A holder on another host whose heartbeat is older than this is presumed dead and displaced. */
        @NotNull
        @DurationMin(seconds = 1)
        private java.time.Duration staleAfter = java.time.Duration.ofMinutes(10);
        /** How often the holder refreshes its heartbeat; well below stale-after. */
        @NotNull
        @DurationMin(millis = 1)
        private java.time.Duration heartbeat = java.time.Duration.ofSeconds(30);
        /** How long a shutdown (SIGTERM) waits for the running step to stop at a chunk boundary. */
        @NotNull
        @DurationMin(millis = 0)
        private java.time.Duration shutdownWait = java.time.Duration.ofMinutes(2);

        public java.time.Duration getStaleAfter() {
            return staleAfter;
        }

        public void setStaleAfter(java.time.Duration staleAfter) {
            this.staleAfter = staleAfter;
        }

        public java.time.Duration getHeartbeat() {
            return heartbeat;
        }

        public void setHeartbeat(java.time.Duration heartbeat) {
            this.heartbeat = heartbeat;
        }

        public java.time.Duration getShutdownWait() {
            return shutdownWait;
        }

        public void setShutdownWait(java.time.Duration shutdownWait) {
            this.shutdownWait = shutdownWait;
        }
    }

    /** {@code trd.partition.*}: how the extract is split and how many partitions run at once. */
    public static class Partition {
        /** Buckets the patients are hashed into (one classify partition each); 0 = from the extract's size. */
        @Min(0)
        private int buckets;
        /** With {@code buckets} = 0: about this much input per bucket (a bucket is held in memory while classified). */
        @NotNull
        private org.springframework.util.unit.DataSize bucketSize = org.springframework.util.unit.DataSize.ofMegabytes(8);
        /** Partitions run at once in this process; 0 = one per available processor. */
        @Min(0)
        private int threads;

        public int getBuckets() {
            return buckets;
        }

        public void setBuckets(int buckets) {
            this.buckets = buckets;
        }

        public org.springframework.util.unit.DataSize getBucketSize() {
            return bucketSize;
        }

        public void setBucketSize(org.springframework.util.unit.DataSize bucketSize) {
            this.bucketSize = bucketSize;
        }

        public int getThreads() {
            return threads;
        }

        public void setThreads(int threads) {
            this.threads = threads;
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
}
