package org.trdoutcomes.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.trdoutcomes.TrdOutcomesApplication;
import org.trdoutcomes.WorkbookReader;
import org.trdoutcomes.ingest.omop.CdmPostgres;
import org.trdoutcomes.ingest.omop.OmopFixture;
import org.trdoutcomes.launch.ExitCodes;
import org.trdoutcomes.launch.JobLaunch;
import org.trdoutcomes.launch.LaunchOptions;

/**
 * The real job on the hand-worked OMOP CDM (src/test/resources/fixtures/omop-handworked, whose README works out
 * every figure): read from its files, and from the same CDM loaded into PostgreSQL; the two workbooks agree in every
 * sheet the source does not name. The fixture rejects 6 of its 22 drug rows on purpose, so these runs allow any
 * share of rejected rows.
 */
class OmopRunFunctionalTests {

    @TempDir
    Path reports;

    private static ConfigurableApplicationContext context(String... settings) {
        List<String> args = new ArrayList<>(List.of("--trd.launch.enabled=false",
                "--spring.datasource.url=jdbc:h2:file:./target/test-db/omop-" + System.nanoTime(),
                "--trd.work-dir=./target/test-work/omop-" + System.nanoTime(),
                "--trd.ingest.max-reject-fraction=1.0",
                "--trd.report.min-cell-count=1")); // six patients: every count is a small cell
        for (String s : settings) {
            args.add("--" + s);
        }
        return new SpringApplicationBuilder(TrdOutcomesApplication.class).properties("trd.launch.enabled=false")
                .run(args.toArray(String[]::new));
    }

    private JobLaunch.Outcome run(LaunchOptions options, String... settings) {
        try (ConfigurableApplicationContext context = context(settings)) {
            return context.getBean(JobLaunch.class).run(options);
        }
    }

    private JobLaunch.Outcome runOnFiles(String name, String... settings) {
        return run(new LaunchOptions(OmopFixture.folder().toAbsolutePath(), reports.resolve(name), OmopFixture.AS_OF,
                false), settings);
    }

    @Test
    void theCdmFolderIsDetectedAndItsTablesAccountedForAsTheReadmeCounts() throws IOException {
        JobLaunch.Outcome outcome = runOnFiles("files");

        assertThat(outcome.exitCode()).as(outcome.message()).isEqualTo(ExitCodes.COMPLETED);
        try (WorkbookReader wb = new WorkbookReader(outcome.report())) {
            assertThat(wb.summary("Input format")).isEqualTo("OMOP CDM");
            assertThat(wb.summary("Patients")).isEqualTo(6.0);
            // README "Classification (standard)"
            assertThat(wb.summary("Patients excluded (bipolar)")).as("1003: bipolar through concept_ancestor").isEqualTo(1.0);
            assertThat(wb.summary("TRD")).isEqualTo(0.0);
            assertThat(wb.summary("Pseudo-resistant")).isEqualTo(0.0);
            assertThat(wb.summary("Not TRD")).as("1001, 1004").isEqualTo(2.0);
            assertThat(wb.summary("Insufficient data")).as("-9007199254740993, 1002, 1005").isEqualTo(3.0);
            assertThat(wb.summary("Trials")).as("15 courses less the 5 of bipolar 1003").isEqualTo(10.0);
            assertThat(wb.summary("Evaluable trials")).as("sertraline, mirtazapine of 1001; citalopram of 1004").isEqualTo(3.0);
            // README "Accounting": 7 + 22 + 8 + 8 + 14 + 3 + 10 + 4 + 4 rows, 13 rejected
            assertThat(wb.summary("Rows read")).isEqualTo(80.0);
            assertThat(wb.summary("Rows rejected")).isEqualTo(13.0);
            assertThat(wb.summary("Rows accepted")).isEqualTo(67.0);
            assertThat(fileBlock(wb)).containsExactly(
                    "person.csv|CDM_TABLE|7|5|2", "Drug_Exposure.CSV|CDM_TABLE|22|16|6",
                    "procedure_occurrence.tsv|CDM_TABLE|8|7|1", "condition_occurrence.txt|CDM_TABLE|8|7|1",
                    "measurement.csv|CDM_TABLE|14|13|1", "observation.csv|CDM_TABLE|3|2|1",
                    "CONCEPT.csv|CDM_TABLE|10|9|1", "CONCEPT_ANCESTOR.csv|CDM_TABLE|4|4|0",
                    "DRUG_STRENGTH.csv|CDM_TABLE|4|4|0");
            Map<String, Object> definitions = definitions(wb);
            assertThat(definitions).containsEntry(
                    "OMOP: rows of a drug continue a course when they start within, days of its latest end", 30.0)
                    .containsEntry("OMOP: a new episode when a course starts more than, days after every earlier course ended", 180.0)
                    .containsEntry("OMOP: combination when an antidepressant starts at least, days before an earlier one ends", 30.0)
                    .containsEntry("OMOP: baseline score window, days before / after the start", "30 / 7")
                    .containsEntry("OMOP: outcome score window, days before / after the end", "14 / 14")
                    .containsEntry("OMOP: PHQ9 concepts (trd.omop.scales.PHQ9)", "3042932");
            List<String> quality = dataQuality(wb);
            assertThat(quality).contains("UNMAPPED_DRUG|-2000000001", "UNMAPPED_DRUG|-2000000002",
                    "IGNORED_FILE|null", "MALFORMED_RECORD|null", "DUPLICATE_PATIENT|1004", "OUT_OF_RANGE|28");
            assertThat(quality).filteredOn(q -> !q.startsWith("UNMAPPED") && !q.startsWith("IGNORED")
                    && !q.startsWith("PATIENT_NOT")).hasSize(13);
            assertThat(String.join("\n", everyCell(wb, List.of()))).doesNotContain("MRN-").doesNotContain("jane.doe");
        }
    }

    @Test
    void anIngestThatFailsMidwayResumesWhereItStoppedAndPublishesTheWorkbookOfAnUninterruptedRun() throws IOException {
        JobLaunch.Outcome clean = runOnFiles("clean", "trd.ingest.chunk-size=4");
        LaunchOptions options = new LaunchOptions(OmopFixture.folder().toAbsolutePath(), reports.resolve("resumed"),
                OmopFixture.AS_OF, false);
        JobLaunch.Outcome failed;
        JobLaunch.Outcome resumed;
        // the fault fails the ingest once per process, after 3 committed blocks of 4 rows: the same command resumes
        try (ConfigurableApplicationContext context = context("trd.ingest.chunk-size=4", "trd.ops.fail-after-chunks=3")) {
            JobLaunch launch = context.getBean(JobLaunch.class);
            failed = launch.run(options);
            resumed = launch.run(options);
        }

        assertThat(failed.exitCode()).as(failed.message()).isEqualTo(ExitCodes.FAILED);
        assertThat(resumed.exitCode()).as(resumed.message()).isEqualTo(ExitCodes.COMPLETED);
        assertThat(resumed.execution().getJobInstance().getInstanceId())
                .isEqualTo(failed.execution().getJobInstance().getInstanceId());
        try (WorkbookReader a = new WorkbookReader(clean.report()); WorkbookReader b = new WorkbookReader(resumed.report())) {
            // the Trend row names each run's own report file (its execution id): figures are compared, not the name
            List<String> cells = withoutCells(everyCell(a, List.of()), "Trend!B");
            assertThat(withoutCells(everyCell(b, List.of()), "Trend!B")).as("nothing staged twice, nothing lost")
                    .containsExactlyElementsOf(cells);
        }
    }

    @Test
    void aTrialsExtractSaysSoOnTheSummaryAndListsNoOmopDefinitions() throws IOException {
        JobLaunch.Outcome outcome = run(new LaunchOptions(HandWorkedExtractFunctionalTests.FIXTURE.toAbsolutePath(),
                reports.resolve("trials"), HandWorkedExtractFunctionalTests.AS_OF, false));

        assertThat(outcome.exitCode()).as(outcome.message()).isEqualTo(ExitCodes.COMPLETED);
        try (WorkbookReader wb = new WorkbookReader(outcome.report())) {
            assertThat(wb.summary("Input format")).isEqualTo("Trials extract");
            assertThat(definitions(wb).keySet()).noneMatch(k -> k.startsWith("OMOP"));
        }
    }

    @Test
    void forcingTheTrialsReadingOnACdmFolderFindsNoTrialsFile() {
        JobLaunch.Outcome outcome = runOnFiles("forced", "trd.input.format=trials");
        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.EXTRACT_REFUSED);
        assertThat(outcome.message()).contains("No trials*.csv");
    }

    @Test
    void theSameCdmInPostgresGivesTheSameWorkbookButForWhereEachRowCameFrom() throws Exception {
        String user = CdmPostgres.reachableUser();
        Assumptions.assumeTrue(user != null, "No PostgreSQL reachable at " + CdmPostgres.SERVER
                + " (user postgres or the OS user, trust auth): OMOP workbook comparison skipped");
        String schema = CdmPostgres.newSchema(user);
        try {
            CdmPostgres.load(user, schema, OmopFixture.folder(), List.copyOf(CdmPostgres.DDL.keySet()));
            JobLaunch.Outcome files = runOnFiles("files");
            JobLaunch.Outcome database = run(new LaunchOptions(null, reports.resolve("database"), OmopFixture.AS_OF,
                    false, CdmPostgres.SERVER), "trd.omop.schema=" + schema, "trd.omop.username=" + user);

            assertThat(database.exitCode()).as(database.message()).isEqualTo(ExitCodes.COMPLETED);
            try (WorkbookReader a = new WorkbookReader(files.report()); WorkbookReader b = new WorkbookReader(database.report())) {
                // Summary's row accounting and Data quality name files and lines, which a database does not have
                List<String> skip = List.of("Summary", "Data quality");
                // so do the Trend row's report name and rows read / rejected (columns B, J, K)
                List<String> fromFiles = withoutCells(everyCell(a, skip), "Trend!B", "Trend!J", "Trend!K");
                assertThat(fromFiles).hasSizeGreaterThan(500);
                assertThat(withoutCells(everyCell(b, skip), "Trend!B", "Trend!J", "Trend!K"))
                        .containsExactlyElementsOf(fromFiles);
                for (String item : List.of("Input format", "Patients", "Patients excluded (bipolar)", "TRD",
                        "Pseudo-resistant", "Not TRD", "Insufficient data", "Trials", "Evaluable trials")) {
                    assertThat(b.summary(item)).as(item).isEqualTo(a.summary(item));
                }
                assertThat(fileBlock(b)).startsWith(schema + ".person|CDM_TABLE|6|5|1");
            }
        } finally {
            CdmPostgres.dropSchema(user, schema);
        }
    }

    private static List<String> fileBlock(WorkbookReader wb) {
        List<String> rows = new ArrayList<>();
        boolean in = false;
        for (Row row : wb.sheet("Summary")) {
            Object first = WorkbookReader.value(row.getCell(0));
            if ("File".equals(first)) {
                in = true;
                continue;
            }
            if (in) {
                if (first == null || !(WorkbookReader.value(row.getCell(2)) instanceof Number)) {
                    break;
                }
                rows.add(first + "|" + WorkbookReader.value(row.getCell(1)) + "|"
                        + ((Number) WorkbookReader.value(row.getCell(2))).longValue() + "|"
                        + ((Number) WorkbookReader.value(row.getCell(3))).longValue() + "|"
                        + ((Number) WorkbookReader.value(row.getCell(4))).longValue());
            }
        }
        return rows;
    }

    private static Map<String, Object> definitions(WorkbookReader wb) {
        Map<String, Object> items = new java.util.LinkedHashMap<>();
        for (Row row : wb.sheet("Definitions")) {
            items.put(String.valueOf(WorkbookReader.value(row.getCell(0))), WorkbookReader.value(row.getCell(1)));
        }
        return items;
    }

    /** Data quality rows as reason|value. */
    private static List<String> dataQuality(WorkbookReader wb) {
        List<Map<String, Object>> table = wb.table("Data quality");
        List<String> rows = new ArrayList<>();
        for (Map<String, Object> r : table) {
            Object reason = r.containsKey("Reason") ? r.get("Reason") : r.get("Code");
            rows.add(reason + "|" + r.get("Value"));
        }
        return rows;
    }

    /** The cells whose sheet!address starts with none of the prefixes, header rows (row 1) kept. */
    private static List<String> withoutCells(List<String> cells, String... prefixes) {
        return cells.stream().filter(c -> {
            for (String p : prefixes) {
                if (c.startsWith(p) && !c.startsWith(p + "1=")) {
                    return false;
                }
            }
            return true;
        }).toList();
    }

    /** Every cell of the sheets not skipped, as sheet!address=value, but the time the report was generated. */
    static List<String> everyCell(WorkbookReader wb, List<String> skip) {
        List<String> cells = new ArrayList<>();
        for (String name : wb.sheetNames()) {
            if (skip.stream().anyMatch(name::startsWith)) {
                continue;
            }
            Sheet sheet = wb.workbook().getSheet(name);
            for (Row row : sheet) {
                if ("Report generated at".equals(WorkbookReader.value(row.getCell(0)))) {
                    continue;
                }
                for (Cell cell : row) {
                    cells.add(name + "!" + cell.getAddress() + "=" + WorkbookReader.value(cell));
                }
            }
        }
        return cells;
    }
}
