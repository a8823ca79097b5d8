package org.trdoutcomes.ingest;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.trdoutcomes.ingest.ExtractRow.WarningRow;
import org.trdoutcomes.rules.Treatment;

/**
 * The batch shell around {@link ExtractFileReader}: reads every file of a manifest in order, as one stream of
 * {@link ExtractRow}s, restartable.
 *
 * <p>{@link #open} checks the header of every file first, so that a file-level failure (direct-identifier column,
 * required column missing, unreadable file) stops the run before any row is staged. {@link #read} then returns
 * one {@link WarningRow} per ignored file and per unknown column, then the rows of each file.
 *
 * <p>Restart state and per-file results are kept in the step's {@link ExecutionContext} under the keys below;
 * the staging and accounting code reads the {@code ingest.file.*} keys.
 */
public class ExtractItemReader implements ItemStreamReader<ExtractRow> {

    /** Number of files of the manifest (int). */
    public static final String FILES_KEY = "ingest.files";
    /** Restart state: index of the file being read (int); equals {@link #FILES_KEY} once every file is read. */
    public static final String CURRENT_FILE_KEY = "ingest.reader.currentFile";
    /** Restart state: records of the current file already returned (long). */
    public static final String RECORDS_CONSUMED_KEY = "ingest.reader.recordsConsumed";
    /** Restart state: warnings already returned (int), so that a restart does not return them again. */
    public static final String WARNINGS_EMITTED_KEY = "ingest.reader.warningsEmitted";

    private static final Logger log = LoggerFactory.getLogger(ExtractItemReader.class);

    private final ExtractManifest manifest;
    private final Function<String, Optional<Treatment>> treatments;
    private final LocalDate asOf;

    private final List<ExtractWarning> warnings = new ArrayList<>();
    private int warningsEmitted;
    private int currentFile;
    private ExtractFileReader current;
    private long[] rowsRead;
    private String[] sha256;

    /**
     * @param treatments treatment lookup by name or synonym (production passes {@code catalogue::find})
     * @param asOf       the run's as-of date
     */
    public ExtractItemReader(ExtractManifest manifest, Function<String, Optional<Treatment>> treatments, LocalDate asOf) {
        this.manifest = manifest;
        this.treatments = treatments;
        this.asOf = asOf;
    }

    public static String rowsReadKey(int fileIndex) {
        return "ingest.file." + fileIndex + ".rowsRead";
    }

    public static String sha256Key(int fileIndex) {
        return "ingest.file." + fileIndex + ".sha256";
    }

    public static String nameKey(int fileIndex) {
        return "ingest.file." + fileIndex + ".name";
    }

    public static String kindKey(int fileIndex) {
        return "ingest.file." + fileIndex + ".kind";
    }

    @Override
    public void open(ExecutionContext context) throws ItemStreamException {
        List<InputFile> files = manifest.files();
        warnings.clear();
        for (Path ignored : manifest.ignoredFiles()) {
            String name = ignored.getFileName().toString();
            warnings.add(new ExtractWarning(name, null, null, null, WarningCode.IGNORED_FILE, "File " + name
                    + " is neither a trials*.csv nor a patients*.csv extract and was not read."));
        }
        for (InputFile file : files) {
            try (ExtractFileReader header = new ExtractFileReader(file, asOf, treatments)) {
                warnings.addAll(header.headerWarnings());
            }
        }

        rowsRead = new long[files.size()];
        sha256 = new String[files.size()];
        warningsEmitted = context.getInt(WARNINGS_EMITTED_KEY, 0);
        currentFile = context.getInt(CURRENT_FILE_KEY, 0);
        for (int i = 0; i < Math.min(currentFile, files.size()); i++) {
            rowsRead[i] = context.getLong(rowsReadKey(i), 0L);
            sha256[i] = context.getString(sha256Key(i), null);
        }
        if (currentFile < files.size()) {
            long consumed = context.getLong(RECORDS_CONSUMED_KEY, 0L);
            current = new ExtractFileReader(files.get(currentFile), asOf, treatments);
            long skipped = current.skip(consumed);
            if (skipped != consumed) {
                throw new ItemStreamException("Cannot restart: " + files.get(currentFile).name() + " has " + skipped
                        + " rows, but the interrupted run had read " + consumed + "; the file changed since.");
            }
            rowsRead[currentFile] = current.rowsRead();
        }
        update(context);
    }

    @Override
    public ExtractRow read() {
        if (warningsEmitted < warnings.size()) {
            return new WarningRow(warnings.get(warningsEmitted++));
        }
        while (current != null) {
            ExtractRow row = current.next();
            rowsRead[currentFile] = current.rowsRead();
            if (row != null) {
                return row;
            }
            finishCurrentFile();
        }
        return null;
    }

    private void finishCurrentFile() {
        InputFile file = current.file();
        sha256[currentFile] = current.sha256();
        current.close();
        log.info("Read {} ({}): {} rows, SHA-256 {}", file.name(), file.kind(), rowsRead[currentFile], sha256[currentFile]);
        currentFile++;
        current = currentFile < manifest.files().size()
                ? new ExtractFileReader(manifest.files().get(currentFile), asOf, treatments)
                : null;
    }

    @Override
    public void update(ExecutionContext context) throws ItemStreamException {
        List<InputFile> files = manifest.files();
        context.putInt(FILES_KEY, files.size());
        context.putInt(WARNINGS_EMITTED_KEY, warningsEmitted);
        context.putInt(CURRENT_FILE_KEY, currentFile);
        // from the counts, not the open file: an update() after close() must still save the real position,
        // or a restart would stage the rows of the current file twice
        context.putLong(RECORDS_CONSUMED_KEY, currentFile < files.size() ? rowsRead[currentFile] : 0L);
        for (InputFile file : files) {
            int i = file.index();
            context.putString(nameKey(i), file.name());
            context.putString(kindKey(i), file.kind().name());
            context.putLong(rowsReadKey(i), rowsRead[i]);
            if (sha256[i] != null) {
                context.putString(sha256Key(i), sha256[i]);
            }
        }
    }

    @Override
    public void close() throws ItemStreamException {
        if (current != null) {
            current.close();
            current = null;
        }
    }
}
