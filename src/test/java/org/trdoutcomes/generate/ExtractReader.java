package org.trdoutcomes.generate;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** Reads a generated file the way docs/data-contract.md describes it, independently of the generator's own code. */
record ExtractReader(List<String> rawHeader, List<String> header, List<Map<String, String>> rows) {

    static ExtractReader read(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = CSVParser.builder().setReader(in).setFormat(CSVFormat.RFC4180).get()) {
            List<CSVRecord> records = parser.getRecords();
            List<String> raw = records.get(0).toList();
            List<String> header = raw.stream().map(ExtractReader::normalise).toList();
            List<Map<String, String>> rows = new ArrayList<>();
            for (CSVRecord record : records.subList(1, records.size())) {
                if (record.size() != header.size()) {
                    throw new AssertionError(file + " record " + record.getRecordNumber() + " has " + record.size()
                            + " fields, the header " + header.size());
                }
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    row.put(header.get(i), record.get(i).strip());
                }
                rows.add(row);
            }
            return new ExtractReader(raw, header, rows);
        }
    }

    /** docs/data-contract.md: case-insensitive, blanks trimmed, `-` and space read as `_`. */
    static String normalise(String column) {
        return column.strip().toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
    }
}
