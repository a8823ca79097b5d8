package org.trdoutcomes.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.trdoutcomes.WorkbookReader;
import org.trdoutcomes.launch.ExitCodes;
import org.trdoutcomes.launch.JobLaunch;
import org.trdoutcomes.launch.LaunchOptions;

/**
 * The hand-worked fixture with {@code trd.rules.profile=switch-proxy}: the classification comes from the course
 * sequence alone, everything trial-level stays as under standard (docs/rules-decisions.md). Figures from the
 * fixture's README, "switch-proxy, patient by patient".
 */
@SpringBootTest(properties = {
        "trd.launch.enabled=false",
        "trd.report.min-cell-count=1",
        "trd.rules.profile=switch-proxy",
        "spring.datasource.url=jdbc:h2:file:./target/test-db/switch-proxy-${random.uuid}"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SwitchProxyProfileFunctionalTests {

    @Autowired
    JobLaunch launch;

    JobLaunch.Outcome outcome;

    @BeforeAll
    void runTheJobUnderSwitchProxy(@TempDir Path reports) {
        outcome = launch.run(new LaunchOptions(HandWorkedExtractFunctionalTests.FIXTURE.toAbsolutePath(), reports,
                HandWorkedExtractFunctionalTests.AS_OF, false));
    }

    @Test
    void theReportClassifiesBySwitchesAndComparesWithStandard() throws Exception {
        assertThat(outcome.exitCode()).as(outcome.message()).isEqualTo(ExitCodes.COMPLETED);
        try (WorkbookReader wb = new WorkbookReader(outcome.report())) {
            // TRD: P09, P12; never pseudo-resistant; not TRD: every other patient with an antidepressant course,
            // P05's ongoing mirtazapine included; insufficient: P06 (ECT only), P07 (no trial)
            assertThat(wb.summary("TRD")).isEqualTo(2.0);
            assertThat(wb.summary("Pseudo-resistant")).isEqualTo(0.0);
            assertThat(wb.summary("Not TRD")).isEqualTo(10.0);
            assertThat(wb.summary("Insufficient data")).isEqualTo(2.0);
            assertThat(wb.summary("Patients excluded (bipolar)")).isEqualTo(1.0);
            assertThat((Double) wb.summary("TRD prevalence")).isCloseTo(2 / 12.0, within(1e-9));

            List<Map<String, Object>> patients = wb.table("Patients");
            assertThat(wb.header("Patients")).endsWith("Classification (standard)", "Classification (eu-pearl)",
                    "Classification (strict)", "Classification (any-failure)", "Previous classification");
            assertThat(patients).extracting(r -> r.get("Classification")).containsExactly("NOT_TRD", "NOT_TRD",
                    "EXCLUDED_BIPOLAR", "NOT_TRD", "NOT_TRD", "INSUFFICIENT_DATA", "INSUFFICIENT_DATA", "NOT_TRD",
                    "TRD", "NOT_TRD", "NOT_TRD", "TRD", "NOT_TRD", "NOT_TRD", "NOT_TRD");
            assertThat(patients).extracting(r -> r.get("Classification (standard)")).containsExactly("TRD",
                    "NOT_TRD", "EXCLUDED_BIPOLAR", "PSEUDO_RESISTANT", "INSUFFICIENT_DATA", "INSUFFICIENT_DATA",
                    "INSUFFICIENT_DATA", "TRD", "TRD", "TRD", "TRD", "NOT_TRD", "NOT_TRD", "NOT_TRD", "NOT_TRD");
            // staging and flags stay those of the trials under standard's thresholds
            assertThat(patients.get(0)).containsEntry("Thase-Rush stage", 2.0).containsEntry("MSM score", 8.0);
            assertThat(patients.get(3)).containsEntry("Flags",
                    "HYPOTHYROIDISM;LOW_DOSE;SHORT_TRIAL;STOPPED_FOR_SIDE_EFFECTS");

            // the comparison is still against standard over standard's 11 assessed patients
            assertThat(wb.row("Definitions compared", "standard")).containsEntry("TRD", 5.0);
            assertThat(wb.row("Definitions compared", "switch-proxy")).containsEntry("Assessed", 11.0)
                    .containsEntry("TRD", 2.0);
            assertThat(wb.row("Definitions", "Definition in force (trd.rules.profile)"))
                    .containsEntry("Value", "switch-proxy");

            // trial-level figures do not depend on the classification: the same as under standard
            Map<String, Object> all = wb.row("Strategy response", "All strategies");
            assertThat(all).containsEntry("Trials", 28.0).containsEntry("Evaluable", 25.0)
                    .containsEntry("Responders", 8.0).containsEntry("TRD evaluable", 6.0);
            assertThat(wb.row("After failure", "1.0")).containsEntry("Episodes", 7.0);
            assertThat(wb.row("Pathways", "All pathways")).containsEntry("Episodes", 13.0);

            // attrition stays the funnel of the score-based evidence: its last line is TRD among those with at
            // least 2 failed agents, so P12 (switch-proxy TRD with one failed agent) is not in it
            // (P01, P04, P08, P09, P10, P11 have two failed agents or more; of them only P09 is TRD here)
            Map<String, Object> attrition = attrition(wb);
            assertThat(attrition).containsEntry("With at least 2 failed agents", 6.0).containsEntry("TRD", 1.0);
        }
    }

    /** The attrition block of Summary: criterion → patients. */
    private static Map<String, Object> attrition(WorkbookReader wb) {
        Map<String, Object> block = new java.util.LinkedHashMap<>();
        boolean inBlock = false;
        for (org.apache.poi.ss.usermodel.Row row : wb.sheet("Summary")) {
            Object first = WorkbookReader.value(row.getCell(0));
            if ("Attrition".equals(first)) {
                inBlock = true;
            } else if (inBlock && first == null) {
                break;
            } else if (inBlock) {
                block.put((String) first, WorkbookReader.value(row.getCell(1)));
            }
        }
        return block;
    }
}
