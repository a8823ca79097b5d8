package org.trdoutcomes.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed sample-data/ is what the generator writes with the options docs/data-dictionary.md gives
 * ("Regenerating it"), byte for byte: a change to the generator that changes the sample must commit the new sample,
 * and the sample in the repository can always be made again.
 */
class CommittedSampleDataTest {

    static final Path SAMPLE = Path.of("sample-data");

    @TempDir
    Path generated;

    @Test
    void theCommittedSampleIsTheGeneratorsOutputByteForByte() throws IOException {
        SampleExtractGenerator.generate(generated, GeneratorOptions.of(3000, 20261126L, LocalDate.of(2026, 11, 26)));

        List<String> committed = names(SAMPLE);
        assertThat(names(generated)).isEqualTo(committed);
        for (String name : committed) {
            assertThat(Files.mismatch(SAMPLE.resolve(name), generated.resolve(name)))
                    .as("first differing byte of %s (-1: identical)", name).isEqualTo(-1L);
        }
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
