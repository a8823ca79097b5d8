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
 * Writes a throw-away workbook of no patients on a background thread while Spring starts, so that the report step
 * does not pay for loading and initialising POI (its XML beans, styles, charts and zip writer, about a second of CPU
 * on a cold JVM) on the run's critical path. Spring's start runs on one thread and leaves the other cores idle;
 * for a clinic's nightly extract of a few thousand patients the report step was mostly this cold start
 * (docs/benchmarks.md, "The default run on sample-data/"). Like Spring Boot's own background pre-initialisers, it is
 * only started on a machine with more than one core, and a failure here is ignored: the report step does the same
 * work again.
 */
public final class WorkbookWarmUp {

    private WorkbookWarmUp() {
    }

    /** Starts the warm-up on a daemon thread (it never keeps the JVM up); does nothing on a single core. */
    public static void startInBackground() {
        if (Runtime.getRuntime().availableProcessors() < 2) {
            return;
        }
        Thread thread = new Thread(WorkbookWarmUp::writeEmptyWorkbook, "trd-workbook-warm-up");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }

    /** The report of a run with no patients, written to a temporary file and deleted; a failure is ignored. */
    static void writeEmptyWorkbook() {
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
