package org.trdoutcomes.generate;

import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What a generation run wrote.
 *
 * @param files            every file written, in the order the pipeline reads them (file-name order)
 * @param patients         synthetic patients (each has a patients row, trials, or both)
 * @param trialRows        data rows in all trials files, broken rows included
 * @param patientRows      data rows in the patients file, broken rows included
 * @param brokenRows       rows written broken on purpose, all files
 * @param brokenRowsByKind the same, per kind (every kind present, zero when none was written)
 */
public record GenerationSummary(List<WrittenFile> files, int patients, long trialRows, long patientRows,
                                long brokenRows, Map<BrokenRowKind, Long> brokenRowsByKind) {

    public GenerationSummary {
        files = List.copyOf(files);
        brokenRowsByKind = Collections.unmodifiableMap(new EnumMap<>(brokenRowsByKind));
    }

    /**
     * One file written.
     *
     * @param dataRows   lines after the header
     * @param brokenRows of those, rows broken on purpose
     */
    public record WrittenFile(Path path, long dataRows, long brokenRows, long bytes) {
    }
}
