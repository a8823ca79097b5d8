package org.trdoutcomes.ingest.omop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.trdoutcomes.ingest.ExtractDiscovery;
import org.trdoutcomes.ingest.ExtractFailure;
import org.trdoutcomes.ingest.ExtractWarning;
import org.trdoutcomes.ingest.WarningCode;

/**
 * A folder of exported CDM tables (omop.md §1): {@code <table>.csv|.tsv|.txt}, names in any letter case.
 * Sub-folders are not looked into.
 */
public final class CdmFolder implements CdmSource {

    private static final List<String> EXTENSIONS = List.of(".csv", ".tsv", ".txt");

    private final Path folder;
    private final Map<CdmTable, Path> tables = new EnumMap<>(CdmTable.class);
    private final List<ExtractWarning> warnings = new ArrayList<>();

    /**
     * @throws ExtractFailure when the folder cannot be listed, has no drug_exposure file, holds a table twice, or
     *                        holds trials extracts beside the CDM tables
     */
    public CdmFolder(Path folder) {
        this.folder = folder;
        if (folder == null || !Files.isDirectory(folder)) {
            throw new ExtractFailure("Input " + folder + " is not a folder of OMOP CDM tables.");
        }
        List<Path> files;
        try (Stream<Path> entries = Files.list(folder)) {
            files = entries.filter(Files::isRegularFile).sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        } catch (IOException | RuntimeException e) {
            throw new ExtractFailure("Input folder " + folder + " cannot be listed: " + e.getMessage(), e);
        }
        List<String> extracts = new ArrayList<>();
        for (Path p : files) {
            CdmTable table = tableOf(p);
            if (table != null) {
                Path earlier = tables.putIfAbsent(table, p);
                if (earlier != null) {
                    throw new ExtractFailure("Input folder " + folder + " holds the " + table.tableName() + " table twice ("
                            + earlier.getFileName() + " and " + p.getFileName() + "); keep one.");
                }
            } else if (ExtractDiscovery.kindOf(p).isPresent()) {
                extracts.add(p.getFileName().toString());
            } else {
                warnings.add(new ExtractWarning(p.getFileName().toString(), null, null, null, WarningCode.IGNORED_FILE,
                        "File " + p.getFileName() + " is not a CDM table omop.md reads; it is ignored."));
            }
        }
        if (!tables.containsKey(CdmTable.DRUG_EXPOSURE)) {
            throw new ExtractFailure("No drug_exposure file (.csv, .tsv or .txt) in " + folder
                    + ": an OMOP CDM extract needs its drug_exposure table.");
        }
        if (!extracts.isEmpty()) {
            throw new ExtractFailure("Input folder " + folder + " holds both OMOP CDM tables and trials extracts ("
                    + String.join(", ", extracts) + "); put them in separate folders and run each on its own.");
        }
    }

    /** True when the folder holds a drug_exposure table file: it is then read as a CDM (omop.md §1). */
    public static boolean isCdmFolder(Path folder) {
        if (folder == null || !Files.isDirectory(folder)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(Files::isRegularFile).anyMatch(p -> tableOf(p) == CdmTable.DRUG_EXPOSURE);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    static CdmTable tableOf(Path file) {
        String name = file.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        for (String ext : EXTENSIONS) {
            if (lower.endsWith(ext)) {
                return CdmTable.ofName(name.substring(0, name.length() - ext.length()));
            }
        }
        return null;
    }

    @Override
    public CdmTableReader open(CdmTable table) {
        Path p = tables.get(table);
        return p == null ? null : new CdmFileTable(table, p);
    }

    @Override
    public long bytes() {
        long total = 0;
        for (Path p : tables.values()) {
            try {
                total += Files.size(p);
            } catch (IOException e) {
                // the table's reader says why it cannot be read
            }
        }
        return total;
    }

    @Override
    public List<ExtractWarning> warnings() {
        return List.copyOf(warnings);
    }

    @Override
    public String describe() {
        return "OMOP CDM files in " + folder;
    }

    @Override
    public void close() {
        // files are opened and closed table by table
    }
}
