package org.trdoutcomes.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.util.unit.DataSize;
import org.trdoutcomes.launch.StartupRefusal;
import org.trdoutcomes.rules.RuleThresholds;

/**
 * The {@code trd.*} records as Spring Boot binds them: a group nobody set still gets its defaults (each declared once,
 * the clinical ones in {@link RuleThresholds#standard()}), and every constraint refuses an impossible value with a
 * line naming the setting, the line the launcher prints before exiting with code 2 (CommandLineFunctionalTests runs
 * that exit in a child JVM for a few of them).
 */
class SettingsTest {

    @EnableConfigurationProperties({TrdProperties.class, StagingProperties.class})
    static class Settings {
    }

    private final ApplicationContextRunner context = new ApplicationContextRunner().withUserConfiguration(Settings.class);

    private static TrdProperties bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("trd", TrdProperties.class);
    }

    // the defaults README.md "Settings" documents, group by group
    private static final TrdProperties.Report REPORT = new TrdProperties.Report(5, true, 90, true);
    private static final TrdProperties.Ingest INGEST = new TrdProperties.Ingest(0.10, 5000);
    private static final TrdProperties.Schedule SCHEDULE = new TrdProperties.Schedule("0 0 2 * * *", "");
    private static final TrdProperties.Lock LOCK = new TrdProperties.Lock(Duration.ofMinutes(10), Duration.ofSeconds(30),
            Duration.ofMinutes(2));
    private static final TrdProperties.Partition PARTITION = new TrdProperties.Partition(0, DataSize.ofMegabytes(8), 0,
            TrdProperties.Partition.Mode.LOCAL, "trd-outcomes.partitions", false, Duration.ofSeconds(5),
            Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofHours(12));
    private static final TrdProperties.Input INPUT = new TrdProperties.Input("auto");
    private static final TrdProperties.Omop OMOP = new TrdProperties.Omop("cdm", null, null, Map.of());

    @Test
    void nothingSetGivesTheDocumentedDefaults() {
        TrdProperties trd = bind(Map.of());

        RuleThresholds standard = RuleThresholds.standard();
        assertThat(trd.rules().profile()).isEqualTo("standard");
        assertThat(trd.rules().minWeeks()).isEqualTo(standard.minWeeks()).isEqualTo(6);
        assertThat(trd.rules().nonResponseThreshold()).isEqualTo(standard.nonResponseThreshold()).isEqualTo(0.50);
        assertThat(trd.rules().minAdherencePct()).isEqualTo(standard.minAdherencePct()).isEqualTo(80.0);
        assertThat(trd.rules().minFailedTrials()).isEqualTo(standard.minFailedTrials()).isEqualTo(2);
        assertThat(trd.rules().minEctSessions()).isEqualTo(standard.minEctSessions()).isEqualTo(6);
        assertThat(trd.rules().catalogueExtension()).isNull();
        assertThat(trd.rules().profiles()).isEmpty();
        assertThat(trd.report()).isEqualTo(REPORT);
        assertThat(trd.ingest()).isEqualTo(INGEST);
        assertThat(trd.schedule()).isEqualTo(SCHEDULE);
        assertThat(trd.lock()).isEqualTo(LOCK);
        assertThat(trd.partition()).isEqualTo(PARTITION);
        assertThat(trd.input()).isEqualTo(INPUT);
        assertThat(trd.omop()).isEqualTo(OMOP);
        assertThat(trd.workDir()).isEqualTo("data/work");
    }

    @Test
    void aGroupWithNothingSetGetsItsDefaultsBesideOneThatIsSet() {
        TrdProperties trd = bind(Map.of("trd.report.min-cell-count", "11", "trd.partition.mode", "remote",
                "trd.rules.min-weeks", "8"));

        assertThat(trd.report()).isEqualTo(new TrdProperties.Report(11, true, 90, true));
        assertThat(trd.partition().mode()).isEqualTo(TrdProperties.Partition.Mode.REMOTE);
        assertThat(trd.partition().bucketSize()).isEqualTo(PARTITION.bucketSize());
        // a threshold set is kept; the ones beside it still come from the standard profile
        assertThat(trd.rules().minWeeks()).isEqualTo(8);
        assertThat(trd.rules().minFailedTrials()).isEqualTo(RuleThresholds.standard().minFailedTrials());
        assertThat(trd.rules().profile()).isEqualTo("standard");
        assertThat(trd.ingest()).isEqualTo(INGEST);
        assertThat(trd.schedule()).isEqualTo(SCHEDULE);
        assertThat(trd.lock()).isEqualTo(LOCK);
        assertThat(trd.input()).isEqualTo(INPUT);
        assertThat(trd.omop()).isEqualTo(OMOP);
    }

    @Test
    void aUserProfileLeavesUnsetThresholdsToTheStandardProfileAndKeepsTheOrderWritten() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("trd.rules.profiles.three-failures.min-failed-trials", "3");
        for (String name : new String[] {"zeta", "a-later-one", "mid", "beta"}) {
            settings.put("trd.rules.profiles." + name + ".description", "Written after three-failures");
        }
        TrdProperties trd = bind(settings);

        TrdProperties.UserProfile three = trd.rules().profiles().get("three-failures");
        assertThat(three.minFailedTrials()).isEqualTo(3);
        assertThat(three.minWeeks()).isNull();
        assertThat(three.nonResponseThreshold()).isNull();
        assertThat(three.adequacyChecked()).isNull();
        assertThat(three.description()).isEqualTo("User-defined profile");
        assertThat(three.source()).isEqualTo("clinic configuration");
        assertThat(trd.rules().profiles().get("mid").description()).isEqualTo("Written after three-failures");
        // the Definitions sheet lists them in this order
        assertThat(trd.rules().profiles().keySet()).containsExactly("three-failures", "zeta", "a-later-one", "mid", "beta");
    }

    @Test
    void theBoundSettingsAreTheBeansTheApplicationReads() {
        context.withPropertyValues("trd.staging.retain=true", "trd.partition.mode=REMOTE", "trd.schedule.zone=Europe/London",
                        "trd.omop.password=secret")
                .run(started -> {
                    assertThat(started).hasNotFailed();
                    assertThat(started.getBean(StagingProperties.class).retain()).isTrue();
                    TrdProperties trd = started.getBean(TrdProperties.class);
                    assertThat(trd.partition().mode()).isEqualTo(TrdProperties.Partition.Mode.REMOTE);
                    assertThat(trd.schedule().zoneId()).hasToString("Europe/London");
                    assertThat(trd.omop().password()).isEqualTo("secret");
                    assertThat(trd.toString()).doesNotContain("secret");
                });
        context.run(started -> assertThat(started.getBean(StagingProperties.class).retain()).isFalse());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "trd.rules.profile=                                | trd.rules.profile=: must not be blank",
            "trd.rules.min-weeks=0                             | trd.rules.min-weeks=0: must be greater than or equal to 1",
            "trd.rules.non-response-threshold=0                | trd.rules.non-response-threshold=0.0: must be greater than 0",
            "trd.rules.non-response-threshold=1.5              | trd.rules.non-response-threshold=1.5: must be less than or equal to 1",
            "trd.rules.min-adherence-pct=-1                    | trd.rules.min-adherence-pct=-1.0: must be greater than or equal to 0",
            "trd.rules.min-adherence-pct=101                   | trd.rules.min-adherence-pct=101.0: must be less than or equal to 100",
            "trd.rules.min-failed-trials=0                     | trd.rules.min-failed-trials=0: must be greater than or equal to 1",
            "trd.rules.min-ect-sessions=0                      | trd.rules.min-ect-sessions=0: must be greater than or equal to 1",
            "trd.rules.profiles.mine.min-weeks=0               | trd.rules.profiles[mine].min-weeks=0: must be greater than or equal to 1",
            "trd.rules.profiles.mine.non-response-threshold=0  | trd.rules.profiles[mine].non-response-threshold=0.0: must be greater than 0",
            "trd.rules.profiles.mine.non-response-threshold=2  | trd.rules.profiles[mine].non-response-threshold=2.0: must be less than or equal to 1",
            "trd.rules.profiles.mine.min-failed-trials=0       | trd.rules.profiles[mine].min-failed-trials=0: must be greater than or equal to 1",
            "trd.report.min-cell-count=0                       | trd.report.min-cell-count=0: must be greater than or equal to 1",
            "trd.report.trend-nights=0                         | trd.report.trend-nights=0: must be greater than or equal to 1",
            "trd.ingest.max-reject-fraction=-0.1               | trd.ingest.max-reject-fraction=-0.1: must be greater than or equal to 0",
            "trd.ingest.max-reject-fraction=5                  | trd.ingest.max-reject-fraction=5.0: must be less than or equal to 1",
            "trd.ingest.chunk-size=0                           | trd.ingest.chunk-size=0: must be greater than or equal to 1",
            "trd.schedule.cron=                                | trd.schedule.cron=: must not be blank",
            "trd.schedule.cron=every night                     | trd.schedule.cron must be a Spring cron expression",
            "trd.schedule.zone=Mars/Olympus                    | trd.schedule.zone must be empty (the system zone) or a time-zone id",
            "trd.lock.stale-after=500ms                        | trd.lock.stale-after=PT0.5S: must be longer than or equal to 1 second",
            "trd.lock.heartbeat=0s                             | trd.lock.heartbeat=PT0S: must be longer than or equal to 1 milli",
            "trd.lock.shutdown-wait=-1s                        | trd.lock.shutdown-wait=PT-1S: must be longer than or equal to 0",
            "trd.work-dir=                                     | trd.work-dir=: must not be blank",
            "trd.partition.buckets=-1                          | trd.partition.buckets=-1: must be greater than or equal to 0",
            "trd.partition.threads=-1                          | trd.partition.threads=-1: must be greater than or equal to 0",
            "trd.partition.bucket-size=0B                      | trd.partition.bucket-size must be more than 0 bytes",
            "trd.partition.queue=                              | trd.partition.queue=: must not be blank",
            "trd.partition.heartbeat=0s                        | trd.partition.heartbeat=PT0S: must be longer than or equal to 1 milli",
            "trd.partition.worker-timeout=0s                   | trd.partition.worker-timeout=PT0S: must be longer than or equal to 1 milli",
            "trd.partition.poll-interval=0s                    | trd.partition.poll-interval=PT0S: must be longer than or equal to 1 milli",
            "trd.partition.timeout=0s                          | trd.partition.timeout=PT0S: must be longer than or equal to 1 milli",
            // values that cannot even be bound
            "trd.partition.mode=sideways                       | trd.partition.mode=sideways: No enum constant",
            "trd.partition.heartbeat=soon                      | trd.partition.heartbeat=soon: 'soon' is not a valid duration",
            "trd.report.min-cell-count=five                    | trd.report.min-cell-count=five: For input string",
            "trd.staging.retain=maybe                          | trd.staging.retain=maybe: Invalid boolean value 'maybe'"})
    void anImpossibleValueIsRefusedInALineNamingTheSetting(String setting, String refusal) {
        context.withPropertyValues(setting).run(refused -> {
            assertThat(refused).hasFailed();
            assertThat(StartupRefusal.badSetting(refused.getStartupFailure()))
                    .startsWith("Impossible setting ").contains(refusal).endsWith(". Nothing was run.");
        });
    }
}
