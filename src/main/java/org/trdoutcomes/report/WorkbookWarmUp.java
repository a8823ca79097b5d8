package org.trdoutcomes.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.trdoutcomes.classify.OutcomeTally;
import org.trdoutcomes.rules.DefinitionProfile;
import org.trdoutcomes.rules.DefinitionProfiles;
import org.trdoutcomes.rules.RuleThresholds;

/**
 * Writes a throw-away workbook of no patients, so that the report step does not pay for loading and initialising POI
 * (its XML beans, styles, charts and zip writer, about a second of CPU on a cold JVM) on the run's critical path:
 * {@code launch.PlainRunWarmUp} calls it on the second core while Spring starts on the first. For a clinic's nightly
 * extract of a few thousand patients the report step was mostly this cold start (docs/benchmarks.md, "The default
 * run on sample-data/"). A failure here is ignored: the report step does the same work again.
 */
public final class WorkbookWarmUp {

    private WorkbookWarmUp() {
    }

    /** The report of a run with no patients, written to a temporary file and deleted; a failure is ignored. */
    public static void writeEmptyWorkbook() {
        Path temp = null;
        try {
            temp = Files.createTempFile("trd-warm-up-", ".xlsx");
            writeEmptyRun(temp);
        } catch (IOException | RuntimeException e) {
            // nothing lost: the report step initialises whatever this did not
        } finally {
            if (temp != null) {
                temp.toFile().delete();
            }
        }
    }

    /** The whole workbook of a run with no patients under the standard definition. */
    static void writeEmptyRun(Path target) throws IOException {
        DefinitionProfile standard = DefinitionProfiles.builtIn(RuleThresholds.standard()).get(0);
        ReportModel model = ReportAssembler.assemble(new OutcomeTally(1, 2),
                new ReportAssembler.RunFacts(LocalDateTime.now(), LocalDate.now(), List.of(), Map.of(), standard,
                        List.of(standard), List.of(), 0.1, "warm-up", 5, true));
        new ReportWriter().write(model, rows -> { }, rows -> { }, target);
    }
}
