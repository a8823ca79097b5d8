package org.trdoutcomes.ingest;

import static org.trdoutcomes.ingest.CellFormats.NUL;
import static org.trdoutcomes.ingest.CellFormats.REPLACEMENT;
import static org.trdoutcomes.ingest.CellFormats.cut;
import static org.trdoutcomes.ingest.CellFormats.withoutNul;
import static org.trdoutcomes.ingest.ExtractColumns.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.csv.CSVRecord;

/**
 * The header of an extract file mapped onto the contract's columns (docs/data-contract.md "Headers"): names are
 * compared case-, blank- and dash-insensitively; a direct-identifier column, a column given twice or a required
 * column missing refuses the file ({@link ExtractFailure}); a column that is not in the contract is read past, with an
 * UNKNOWN_COLUMN warning.
 */
final class ExtractHeader {

    private final List<String> columns;
    /** slot → field index in the record, or -1 when the file has no such column. */
    private final int[] fieldOfSlot;
    /** field index → slot, or -1 for unknown columns. */
    private final int[] slotOfField;
    private final String[] headerNames;
    private final int size;
    private final List<ExtractWarning> warnings = new ArrayList<>();

    /**
     * @param header the header record
     * @param line   the line it was read from (1, unless the file begins with empty lines)
     * @throws ExtractFailure when the header is refused
     */
    ExtractHeader(InputFile file, CSVRecord header, long line) {
        this.columns = ExtractColumns.of(file.kind());
        String fileName = file.name();
        this.fieldOfSlot = new int[columns.size()];
        Arrays.fill(fieldOfSlot, -1);
        this.size = header.size();
        this.headerNames = new String[size];
        this.slotOfField = new int[size];
        for (int i = 0; i < size; i++) {
            String raw = header.get(i).strip();
            String name = CellFormats.normaliseColumn(raw);
            // kept for warnings and rejections only, cut like a value: TRD_ISSUE.COLUMN_NAME holds 100 characters
            headerNames[i] = cut(withoutNul(raw));
            if (DIRECT_IDENTIFIER_COLUMNS.contains(name)) {
                throw new ExtractFailure("File " + fileName + " has a column '" + raw + "' (" + name + "), a direct identifier:"
                        + " only anonymized extracts are accepted; remove the column and export again.");
            }
            int slot = columns.indexOf(name);
            slotOfField[i] = slot;
            if (slot >= 0) {
                if (fieldOfSlot[slot] >= 0) {
                    throw new ExtractFailure("File " + fileName + " has the column " + name + " twice (header fields "
                            + (fieldOfSlot[slot] + 1) + " and " + (i + 1) + "); keep one.");
                }
                fieldOfSlot[slot] = i;
            }
        }
        for (int i = 0; i < size; i++) {
            if (slotOfField[i] < 0) {
                String raw = headerNames[i];
                String message = raw.isEmpty()
                        ? "Column " + (i + 1) + " of the header has no name; its values are ignored."
                        : "Column '" + raw + "' is not a column of a " + kindLabel(file.kind()) + " file; its values are ignored.";
                warnings.add(new ExtractWarning(fileName, line, raw, null, WarningCode.UNKNOWN_COLUMN, message));
            }
        }
        for (int slot : requiredOf(file.kind())) {
            if (fieldOfSlot[slot] < 0 && notText(header)) {
                throw new ExtractFailure("File " + fileName + " is not UTF-8 CSV text: its first line holds bytes that"
                        + " are not UTF-8 or NUL characters (a binary, compressed or UTF-16 file?); export it as UTF-8 CSV.");
            }
            if (fieldOfSlot[slot] < 0) {
                throw new ExtractFailure("File " + fileName + " has no column " + columns.get(slot) + ", which a "
                        + kindLabel(file.kind()) + " file requires.");
            }
        }
    }

    List<String> columns() {
        return columns;
    }

    /** Fields in the header: every record must have as many. */
    int size() {
        return size;
    }

    int fieldOfSlot(int slot) {
        return fieldOfSlot[slot];
    }

    int slotOfField(int field) {
        return slotOfField[field];
    }

    /** The header's name of a field, as given (cut, NUL shown): for warnings and rejections. */
    String name(int field) {
        return headerNames[field];
    }

    /** One UNKNOWN_COLUMN warning per header column that is not a contract column of this kind of file. */
    List<ExtractWarning> warnings() {
        return List.copyOf(warnings);
    }

    private static boolean notText(CSVRecord header) {
        for (String field : header) {
            if (field.indexOf(NUL) >= 0 || field.indexOf(REPLACEMENT) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static String kindLabel(FileKind kind) {
        return kind == FileKind.TRIALS ? "trials" : "patients";
    }
}
