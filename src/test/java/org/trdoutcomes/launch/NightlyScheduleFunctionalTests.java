package org.trdoutcomes.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.util.FileSystemUtils;

/**
 * Schedule mode (the {@code schedule} profile, as {@code --schedule} turns it on) with a cron of every 2 seconds and a clock whose "today" is 2026-06-29 for the first two firings
 * and 2026-06-30 after: the first firing publishes that night's report, the second (same night, same input) does
 * nothing and says so, the third (the next night) publishes the next report. Firings never overlap.
 */
@SpringBootTest(args = {"--schedule", "--input=src/test/resources/fixtures/handworked",
        "--output=" + NightlyScheduleFunctionalTests.OUTPUT}, properties = {
        "trd.launch.enabled=false",
        "trd.schedule.cron=*/2 * * * * *",
        "trd.schedule.zone=UTC",
        "spring.datasource.url=jdbc:h2:file:./target/test-db/schedule-${random.uuid}"})
@ActiveProfiles("schedule")
@DirtiesContext
class NightlyScheduleFunctionalTests {

    static final String OUTPUT = "target/test-output/schedule";

    /** Before the context (and its schedule) starts: the reports of an earlier build would count. */
    @BeforeAll
    static void emptyOutput() throws IOException {
        FileSystemUtils.deleteRecursively(Path.of(OUTPUT));
    }

    /** Each firing asks the clock once: two firings on the 29th, then the 30th. */
    @TestConfiguration
    static class NightClock {
        @Bean
        @Primary
        Clock nightClock() {
            AtomicInteger calls = new AtomicInteger();
            return new Clock() {
                @Override
                public ZoneId getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(ZoneId zone) {
                    return this;
                }

                @Override
                public Instant instant() {
                    LocalDate day = calls.getAndIncrement() < 2 ? LocalDate.of(2026, 6, 29) : LocalDate.of(2026, 6, 30);
                    return day.atTime(2, 0).toInstant(ZoneOffset.UTC);
                }
            };
        }
    }

    @Autowired
    NightlySchedule schedule;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void firesOnTheCronPublishesOneReportPerNightAndNeverOverlaps() throws Exception {
        await().atMost(Duration.ofMinutes(2)).until(() -> schedule.firings() >= 3);

        List<String> reports;
        try (Stream<Path> files = Files.list(Path.of(OUTPUT))) {
            reports = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertThat(reports).as("one report per night and the latest copy").hasSize(3)
                .contains("trd-outcomes-latest.xlsx")
                .anyMatch(n -> n.startsWith("trd-outcomes-2026-06-29-"))
                .anyMatch(n -> n.startsWith("trd-outcomes-2026-06-30-"));
        // never two executions at once: each started after the previous one ended
        List<java.sql.Timestamp[]> spans = jdbc.query(
                "SELECT START_TIME, END_TIME FROM BATCH_JOB_EXECUTION ORDER BY JOB_EXECUTION_ID",
                (rs, n) -> new java.sql.Timestamp[] {rs.getTimestamp(1), rs.getTimestamp(2)});
        assertThat(spans).hasSize(2);
        assertThat(spans.get(1)[0]).isAfterOrEqualTo(spans.get(0)[1]);
    }
}
