import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The floor of reading an extract on this machine: a plain commons-csv pass (the parser and format the job uses)
 * over every *.csv of a folder that only touches every field. No validation, no database, no workbook.
 * Prints "records fields seconds" where seconds covers the parse only (JVM start excluded), best of the passes.
 *
 * Usage: java -cp commons-csv.jar:commons-io.jar:commons-codec.jar bench/ParseFloor.java DIR [passes]
 */
public class ParseFloor {
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        int passes = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().toList();
        }
        double best = Double.MAX_VALUE;
        long records = 0;
        long fields = 0;
        long checksum = 0;
        for (int pass = 0; pass < passes; pass++) {
            records = 0;
            fields = 0;
            long t0 = System.nanoTime();
            for (Path f : files) {
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(f),
                        StandardCharsets.UTF_8), 1 << 16);
                     CSVParser parser = CSVParser.builder().setReader(reader).setFormat(CSVFormat.RFC4180).get()) {
                    for (CSVRecord r : parser) {
                        records++;
                        for (int i = 0; i < r.size(); i++) {
                            checksum += r.get(i).length();
                            fields++;
                        }
                    }
                }
            }
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        System.out.printf("%d %d %.3f %d%n", records, fields, best, checksum);
    }
}
