package org.trdoutcomes.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The run history on its own, on an H2 database made by the migrations: which night's classifications are kept
 * (the newest night's; a re-run of it replaces them, a back-filled older night does not), the trend window, and the
 * ordered read of kept classifications across blocks.
 */
class NightHistoryTest {

    static final LocalDate D1 = LocalDate.of(2026, 6, 28);
    static final LocalDate D2 = LocalDate.of(2026, 6, 29);
    static final LocalDate D3 = LocalDate.of(2026, 6, 30);

    JdbcTemplate jdbc;

    @BeforeEach
    void database() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(
                "jdbc:h2:mem:history-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", "");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/h2").load().migrate();
        jdbc = new JdbcTemplate(dataSource);
    }

    @AfterEach
    void dropDatabase() {
        jdbc.execute("SHUTDOWN");
    }

    static NightFigures figures(LocalDate asOf, long trd) {
        return new NightFigures(asOf, "trd-outcomes-" + asOf + ".xlsx", 10, 0, trd, 1, 2, 0, 9, 8, 8, 4, 3, 20, 19,
                1);
    }

    /** Patients P0000..P(n-1), every one with {@code classification}. */
    static RowSource<PatientLine> patients(int n, String classification) {
        return consumer -> {
            for (int i = 0; i < n; i++) {
                consumer.accept(new PatientLine(String.format("P%05d", i), "North", 1, 2, 2, 2, classification, 2,
                        3.0, null, null, "", List.of()));
            }
        };
    }

    List<String> kept() {
        return KeptClassifications.of(jdbc);
    }

    @Test
    void theNewestNightsClassificationsAreKeptAndComparedAcrossManyBlocks() {
        NightHistory history = new NightHistory(jdbc, 90, true);
        // more patients than two blocks of kept classifications (10,000 each), so the read goes from block to block
        int n = 2 * NightHistory.BLOCK + 500;
        history.record(figures(D1, 4), 1, LocalDateTime.now(), patients(n, "NOT_TRD"), ReportProgress.NONE);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM TRD_PREVIOUS_CLASSIFICATION", Long.class)).isEqualTo(3);

        PreviousNight previous = history.previousNight(D2, patients(n + 1, "TRD"));

        assertThat(previous.asOf()).isEqualTo(D1);
        assertThat(previous.comparable()).isTrue();
        assertThat(previous.newTrd()).as("all of them: NOT_TRD before or absent").isEqualTo(n + 1);
        List<String> joined = new ArrayList<>();
        previous.join(patients(n + 1, "TRD")).forEach(p -> joined.add(p.previousClassification()));
        assertThat(joined.subList(0, n)).containsOnly("NOT_TRD");
        assertThat(joined.get(n)).isNull();
    }

    @Test
    void aRerunOfTheNewestNightReplacesItsRowAndClassificationsAndABackfillLeavesThemAlone() {
        NightHistory history = new NightHistory(jdbc, 90, true);
        history.record(figures(D1, 4), 1, LocalDateTime.now(), patients(2, "TRD"), ReportProgress.NONE);
        history.record(figures(D3, 5), 2, LocalDateTime.now(), patients(3, "NOT_TRD"), ReportProgress.NONE);

        // a back-filled D2: a trend row of its own, the kept classifications stay D3's
        history.record(figures(D2, 6), 3, LocalDateTime.now(), patients(1, "TRD"), ReportProgress.NONE);
        assertThat(kept()).containsExactly("P00000=NOT_TRD", "P00001=NOT_TRD", "P00002=NOT_TRD");
        assertThat(history.keptAsOf()).isEqualTo(D3);
        // D2 cannot be compared with D1: D1's classifications were replaced by D3's
        PreviousNight backfill = history.previousNight(D2, patients(1, "TRD"));
        assertThat(backfill.asOf()).isEqualTo(D1);
        assertThat(backfill.comparable()).isFalse();
        assertThat(backfill.unavailable()).contains("2026-06-30");

        // a re-run of D3: its row replaced (not added), its classifications replaced
        history.record(figures(D3, 7), 4, LocalDateTime.now(), patients(1, "TRD"), ReportProgress.NONE);
        assertThat(jdbc.queryForList("SELECT AS_OF || ':' || JOB_EXECUTION_ID || ':' || TRD FROM TRD_RUN_HISTORY "
                + "ORDER BY AS_OF", String.class)).containsExactly("2026-06-28:1:4", "2026-06-29:3:6", "2026-06-30:4:7");
        assertThat(kept()).containsExactly("P00000=TRD");

        // the trend of D3: every night up to D3, oldest first, this run's own figures last
        assertThat(history.trendEndingWith(figures(D3, 8))).extracting(NightFigures::trd).containsExactly(4L, 6L, 8L);
    }

    @Test
    void theTrendEndsWithThisRunAndHoldsAtMostTrendNightsRows() {
        NightHistory history = new NightHistory(jdbc, 2, true);
        history.record(figures(D1, 4), 1, LocalDateTime.now(), patients(1, "TRD"), ReportProgress.NONE);
        history.record(figures(D2, 5), 2, LocalDateTime.now(), patients(1, "TRD"), ReportProgress.NONE);
        history.record(figures(D3, 6), 3, LocalDateTime.now(), patients(1, "TRD"), ReportProgress.NONE);

        assertThat(history.trendEndingWith(figures(D3, 9))).extracting(NightFigures::asOf).containsExactly(D2, D3);
        assertThat(history.trendEndingWith(figures(D2, 9))).as("a back-fill: later nights left out")
                .extracting(NightFigures::asOf).containsExactly(D1, D2);
    }

    @Test
    void withComparePreviousOffNothingIsKeptAndWhatWasKeptIsDeleted() {
        new NightHistory(jdbc, 90, true).record(figures(D1, 4), 1, LocalDateTime.now(), patients(3, "TRD"),
                ReportProgress.NONE);
        assertThat(kept()).hasSize(3);

        NightHistory off = new NightHistory(jdbc, 90, false);
        assertThat(off.previousNight(D2, patients(3, "TRD"))).isNull();
        off.record(figures(D2, 4), 2, LocalDateTime.now(), patients(3, "TRD"), ReportProgress.NONE);

        assertThat(kept()).isEmpty();
        assertThat(off.keptAsOf()).isNull();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM TRD_RUN_HISTORY", Long.class)).isEqualTo(2);

        // switched on again: the next night has a previous run but nothing kept to compare with, and says so
        PreviousNight again = new NightHistory(jdbc, 90, true).previousNight(D3, patients(3, "TRD"));
        assertThat(again.asOf()).isEqualTo(D2);
        assertThat(again.unavailable()).isEqualTo("not available (no classifications kept)");
    }
}
