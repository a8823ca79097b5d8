package org.trdoutcomes.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.trdoutcomes.TrdOutcomesApplication;

/**
 * The command as a scheduler runs it, in a child JVM: its exit code and everything it prints. A bad command line
 * or an impossible setting ends with exit code 2 before any work, naming what is wrong; a refused extract with
 * exit code 4; none of them prints a stack trace.
 */
class CommandLineFunctionalTests {

    @TempDir
    Path work;

    @Test
    void helpPrintsTheUsageAndTheExitCodes() throws Exception {
        Result result = run("--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.output()).contains("--input").contains("Exit codes:").contains("75 another run holds");
    }

    @Test
    void aBadCommandLineExitsWithCode2() throws Exception {
        Result result = run("--as-of=yesterday");

        assertThat(result.exitCode()).as(result.output()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.output()).contains("--as-of must be a date yyyy-MM-dd, not 'yesterday'");
        assertNoStackTrace(result);
    }

    @ParameterizedTest
    @CsvSource({
            "trd.report.min-cell-count, 0",
            "trd.ingest.max-reject-fraction, 5",
            "trd.partition.buckets, -1",
            "trd.report.min-cell-count, five",
            // a clinical threshold whose default comes from RuleThresholds.standard(): a value set is checked as set
            "trd.rules.min-weeks, 0",
            // the remote-partitioning half of trd.partition, bound in the same record as the buckets
            "trd.partition.mode, sideways"})
    void anImpossibleSettingExitsWithCode2BeforeAnyWorkNamingTheSetting(String key, String value) throws Exception {
        Result result = run("--" + key + "=" + value);

        assertThat(result.exitCode()).as(result.output()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.output()).contains("Impossible setting " + key + "=" + value)
                .doesNotContain("Step check").doesNotContain("Run as of");
        assertThat(Files.exists(work.resolve("reports"))).isFalse();
        assertNoStackTrace(result);
    }

    @ParameterizedTest
    @CsvSource({"--as-of=2026-06-30", "--rerun"})
    void scheduleModeRefusesASingleLaunchsOptionsWithCode2BeforeItStarts(String option) throws Exception {
        Result result = run("--schedule", option);

        assertThat(result.exitCode()).as(result.output()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.output()).contains("--schedule takes each night's date as the as-of date")
                .doesNotContain("Schedule mode:");
        assertNoStackTrace(result);
    }

    @Test
    void aRefusedExtractExitsWithCode4InOneLine() throws Exception {
        Files.createDirectories(work.resolve("input/trials.csv"));

        Result result = run();

        assertThat(result.exitCode()).as(result.output()).isEqualTo(ExitCodes.EXTRACT_REFUSED);
        assertThat(result.output()).contains("Extract refused: ").contains("is a directory, not a file");
        assertNoStackTrace(result);
    }

    record Result(int exitCode, String output) {
    }

    private Result run(String... args) throws IOException, InterruptedException {
        Files.createDirectories(work.resolve("input"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                TrdOutcomesApplication.class.getName(), "--input=" + work.resolve("input"),
                "--output=" + work.resolve("reports"), "--trd.work-dir=" + work.resolve("work"),
                "--spring.datasource.url=jdbc:h2:file:" + work.resolve("db/trd").toAbsolutePath()
                        + ";DB_CLOSE_ON_EXIT=FALSE"));
        command.addAll(List.of(args));
        Path log = work.resolve("out.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("the command ended").isTrue();
        } finally {
            process.destroyForcibly();
        }
        return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    private static void assertNoStackTrace(Result result) {
        assertThat(result.output().lines().filter(l -> l.startsWith("\tat ") || l.strip().startsWith("at org.")
                || l.startsWith("Caused by:"))).as(result.output()).isEmpty();
    }
}
