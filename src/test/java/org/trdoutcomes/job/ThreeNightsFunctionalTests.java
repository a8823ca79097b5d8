package org.trdoutcomes.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.trdoutcomes.WorkbookReader;
import org.trdoutcomes.report.KeptClassifications;
import org.trdoutcomes.launch.ExitCodes;
import org.trdoutcomes.launch.JobLaunch;
import org.trdoutcomes.TrdOutcomesApplication;

/**
 * Three nights on one H2 job repository ({@link ThreeNights}): the Trend grows a row per completed night, each
 * equal to that night's Summary; the first night fails and is restarted and appears once; new TRD and no longer
 * TRD equal the hand counts; a refused night changes nothing and a --rerun replaces its night's row.
 */
class ThreeNightsFunctionalTests {

    @TempDir
    Path output;

    static ConfigurableApplicationContext h2(String database, String... extra) {
        List<String> args = new ArrayList<>(List.of("--trd.launch.enabled=false",
                "--spring.datasource.url=jdbc:h2:file:./target/test-db/" + database));
        for (String setting : extra) {
            args.add("--" + setting);
        }
        return new SpringApplicationBuilder(TrdOutcomesApplication.class).run(args.toArray(String[]::new));
    }

    @Test
    void threeNightsMakeATrendOfThreeRowsAndCountTheChangesAsWorkedOutByHand() throws Exception {
        try (ConfigurableApplicationContext context = h2("nights-" + UUID.randomUUID(), ThreeNights.SETTINGS)) {
            ThreeNights.run(context, output);
        }
    }

    @Test
    void comparePreviousOffDeletesWhatWasKeptAndLeavesTheColumnAndTheItemsOut() throws Exception {
        String database = "nights-off-" + UUID.randomUUID();
        try (ConfigurableApplicationContext on = h2(database)) {
            for (int n = 0; n < 2; n++) {
                JobLaunch.Outcome night = on.getBean(JobLaunch.class).run(ThreeNights.night(n, output, false));
                assertThat(night.exitCode()).as(night.message()).isEqualTo(ExitCodes.COMPLETED);
            }
            assertThat(KeptClassifications.of(on.getBean(JdbcTemplate.class)))
                    .as("night 2's six patients kept").hasSize(6);
        }
        try (ConfigurableApplicationContext off = h2(database, "trd.report.compare-previous=false")) {
            JobLaunch.Outcome night = off.getBean(JobLaunch.class).run(ThreeNights.night(2, output, false));
            assertThat(night.exitCode()).as(night.message()).isEqualTo(ExitCodes.COMPLETED);
            JdbcTemplate jdbc = off.getBean(JdbcTemplate.class);
            assertThat(KeptClassifications.of(jdbc)).as("nothing kept").isEmpty();
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM TRD_RUN_HISTORY WHERE CLASSIFICATIONS_KEPT = TRUE",
                    Long.class)).isZero();
            try (WorkbookReader wb = new WorkbookReader(night.report())) {
                assertThat(wb.header("Patients")).doesNotContain("Previous classification");
                List<Object> items = new ArrayList<>();
                wb.sheet("Summary").forEach(row -> items.add(WorkbookReader.value(row.getCell(0))));
                assertThat(items).contains("TRD").doesNotContain("Previous run as-of", "New TRD since previous run",
                        "No longer TRD");
                assertThat(wb.table("Trend")).as("the trend is aggregates only: it stays").hasSize(3);
            }
        }
    }
}
