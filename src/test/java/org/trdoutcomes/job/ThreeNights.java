package org.trdoutcomes.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.DateUtil;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.trdoutcomes.WorkbookReader;
import org.trdoutcomes.report.KeptClassifications;
import org.trdoutcomes.launch.ExitCodes;
import org.trdoutcomes.launch.JobLaunch;
import org.trdoutcomes.launch.LaunchOptions;

/**
 * The three nights of src/test/resources/fixtures/nights (whose README counts everything by hand), run through the
 * real job on one job repository: the scenario shared by the H2 and the PostgreSQL tests. The context must run with
 * {@code trd.report.min-cell-count=1} (every count visible), {@code trd.ingest.chunk-size=5} and
 * {@code trd.ops.fail-after-chunks=1}, so that the first night fails mid-ingest once and is restarted.
 */
final class ThreeNights {

    static final Path FIXTURE = Path.of("src/test/resources/fixtures/nights");
    static final List<LocalDate> NIGHTS = List.of(LocalDate.of(2026, 6, 28), LocalDate.of(2026, 6, 29),
            LocalDate.of(2026, 6, 30));
    static final String[] SETTINGS = {"trd.report.min-cell-count=1", "trd.ingest.chunk-size=5",
            "trd.ops.fail-after-chunks=1"};

    /** The README's Summary of each night: patients, TRD, pseudo, not TRD, insufficient, evaluable, remitters, rows read. */
    static final long[][] SUMMARY = {
            {5, 2, 1, 1, 1, 7, 1, 12},
            {6, 4, 0, 2, 0, 10, 2, 16},
            {6, 4, 1, 0, 1, 10, 0, 16}};
    /** The README's new TRD and no longer TRD of nights 2 and 3. */
    static final long[][] CHANGES = {{3, 1}, {3, 2}};

    private ThreeNights() {
    }

    static LaunchOptions night(int index, Path output, boolean rerun) {
        LocalDate asOf = NIGHTS.get(index);
        return new LaunchOptions(FIXTURE.resolve(asOf.toString()).toAbsolutePath(), output, asOf, rerun);
    }

    static void run(ConfigurableApplicationContext context, Path output) throws Exception {
        JobLaunch launch = context.getBean(JobLaunch.class);
        JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);

        // night 1 fails mid-ingest: no report, nothing kept
        JobLaunch.Outcome failed = launch.run(night(0, output, false));
        assertThat(failed.exitCode()).as(failed.message()).isEqualTo(ExitCodes.FAILED);
        assertThat(OpsFixtures.reports(output)).isEmpty();
        assertThat(count(jdbc, "TRD_RUN_HISTORY")).as("a failed run adds no trend row").isZero();
        assertThat(KeptClassifications.of(jdbc)).isEmpty();

        // the same command resumes it; then nights 2 and 3
        List<Path> reports = new ArrayList<>();
        for (int n = 0; n < 3; n++) {
            JobLaunch.Outcome outcome = launch.run(night(n, output, false));
            assertThat(outcome.exitCode()).as(outcome.message()).isEqualTo(ExitCodes.COMPLETED);
            if (n == 0) {
                assertThat(outcome.execution().getJobInstance().getInstanceId())
                        .as("night 1 is the failed run, restarted")
                        .isEqualTo(failed.execution().getJobInstance().getInstanceId());
            }
            reports.add(outcome.report());
            assertNight(n, outcome.report(), reports);
        }

        try (WorkbookReader wb = new WorkbookReader(reports.get(2))) {
            Map<String, Object> previous = new LinkedHashMap<>();
            for (Map<String, Object> row : wb.table("Patients")) {
                previous.put((String) row.get("Patient"), row.get("Previous classification"));
            }
            Map<String, Object> expected = new LinkedHashMap<>();
            expected.put("PA", "TRD");
            expected.put("PB", "TRD");
            expected.put("PC", "NOT_TRD");
            expected.put("PD", null);
            expected.put("PF", "TRD");
            expected.put("PG", "NOT_TRD");
            assertThat(previous).as("Previous classification of night 3 (README)").containsExactlyEntriesOf(expected);
            List<String> header = wb.header("Patients");
            assertThat(header.get(header.size() - 1)).as("after all other columns").isEqualTo("Previous classification");
        }

        // night 3 again: refused, nothing changes; with --rerun: that night's row is replaced, not added
        List<Map<String, Object>> historyBefore = jdbc.queryForList(
                "SELECT AS_OF, REPORT, JOB_EXECUTION_ID FROM TRD_RUN_HISTORY ORDER BY AS_OF");
        JobLaunch.Outcome refused = launch.run(night(2, output, false));
        assertThat(refused.exitCode()).as(refused.message()).isEqualTo(ExitCodes.ALREADY_COMPLETED);
        assertThat(jdbc.queryForList("SELECT AS_OF, REPORT, JOB_EXECUTION_ID FROM TRD_RUN_HISTORY ORDER BY AS_OF"))
                .as("a refused night changes nothing").isEqualTo(historyBefore);

        JobLaunch.Outcome rerun = launch.run(night(2, output, true));
        assertThat(rerun.exitCode()).as(rerun.message()).isEqualTo(ExitCodes.COMPLETED);
        try (WorkbookReader wb = new WorkbookReader(rerun.report())) {
            List<Map<String, Object>> trend = wb.table("Trend");
            assertThat(trend).hasSize(3);
            assertThat(trend.get(2).get("Report")).isEqualTo(rerun.report().getFileName().toString());
            assertThat(trend.get(1).get("Report")).isEqualTo(reports.get(1).getFileName().toString());
            // the kept classifications are this night's first run's, not 06-29's: said, not compared wrongly
            assertThat(date(wb.summary("Previous run as-of"))).isEqualTo(NIGHTS.get(1));
            assertThat((String) wb.summary("New TRD since previous run")).startsWith("not available");
            assertThat(wb.table("Patients")).allSatisfy(r -> assertThat(r.get("Previous classification")).isNull());
        }
        assertThat(count(jdbc, "TRD_RUN_HISTORY")).isEqualTo(3);
        assertThat(jdbc.queryForObject("SELECT REPORT FROM TRD_RUN_HISTORY WHERE AS_OF = ?", String.class,
                java.sql.Date.valueOf(NIGHTS.get(2)))).isEqualTo(rerun.report().getFileName().toString());
        // the staging purge emptied the staged rejections and deleted the run's work files, not the kept
        // classifications
        assertThat(count(jdbc, "TRD_ISSUE")).isZero();
        assertThat(KeptClassifications.patients(jdbc)).containsExactly("PA", "PB", "PC", "PD", "PF", "PG");
    }

    /** Night n's workbook: its own Summary (hand counts), its Trend (each row = that night's Summary), its changes. */
    private static void assertNight(int n, Path report, List<Path> reports) throws Exception {
        try (WorkbookReader wb = new WorkbookReader(report)) {
            long[] s = SUMMARY[n];
            assertThat(wb.summary("Patients")).isEqualTo((double) s[0]);
            assertThat(wb.summary("TRD")).isEqualTo((double) s[1]);
            assertThat(wb.summary("Pseudo-resistant")).isEqualTo((double) s[2]);
            assertThat(wb.summary("Not TRD")).isEqualTo((double) s[3]);
            assertThat(wb.summary("Insufficient data")).isEqualTo((double) s[4]);
            assertThat(wb.summary("Evaluable trials")).isEqualTo((double) s[5]);
            assertThat(wb.summary("Rows read")).isEqualTo((double) s[7]);
            assertThat((Double) wb.row("Strategy response", "All strategies").get("Remission rate"))
                    .isCloseTo((double) s[6] / s[5], within(1e-9));

            if (n == 0) {
                assertThat(wb.summary("Previous run as-of")).isNull();
                assertThat(wb.summary("New TRD since previous run")).isNull();
                assertThat(wb.summary("No longer TRD")).isNull();
            } else {
                assertThat(date(wb.summary("Previous run as-of"))).isEqualTo(NIGHTS.get(n - 1));
                assertThat(wb.summary("New TRD since previous run")).isEqualTo((double) CHANGES[n - 1][0]);
                assertThat(wb.summary("No longer TRD")).isEqualTo((double) CHANGES[n - 1][1]);
            }

            assertThat(wb.sheetNames()).endsWith("Trend");
            assertThat(wb.header("Trend")).containsExactly("As-of date", "Report", "Patients", "TRD",
                    "TRD prevalence", "Pseudo-resistant", "Evaluable trials", "Response rate", "Remission rate",
                    "Rows read", "Rows rejected");
            List<Map<String, Object>> trend = wb.table("Trend");
            assertThat(trend).as("one row per night so far, the failed run not among them").hasSize(n + 1);
            for (int k = 0; k <= n; k++) {
                Map<String, Object> row = trend.get(k);
                assertThat(date(row.get("As-of date"))).isEqualTo(NIGHTS.get(k));
                assertThat(row.get("Report")).isEqualTo(reports.get(k).getFileName().toString());
                assertTrendRowIsTheSummaryOf(row, reports.get(k));
            }
        }
    }

    private static void assertTrendRowIsTheSummaryOf(Map<String, Object> row, Path nightReport) throws Exception {
        try (WorkbookReader night = new WorkbookReader(nightReport)) {
            for (String item : List.of("Patients", "TRD", "TRD prevalence", "Pseudo-resistant", "Evaluable trials",
                    "Rows read", "Rows rejected")) {
                assertThat(row.get(item)).as("Trend %s = Summary of %s", item, nightReport.getFileName())
                        .isEqualTo(night.summary(item));
            }
            Map<String, Object> all = night.row("Strategy response", "All strategies");
            assertThat(row.get("Response rate")).isEqualTo(all.get("Response rate"));
            assertThat(row.get("Remission rate")).isEqualTo(all.get("Remission rate"));
        }
    }

    static LocalDate date(Object excelDate) {
        return excelDate == null ? null : DateUtil.getLocalDateTime((Double) excelDate).toLocalDate();
    }

    static long count(JdbcTemplate jdbc, String table) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
    }
}
