package org.trdoutcomes.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.trdoutcomes.ingest.Extracts.write;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExtractDiscoveryTest {

    @TempDir
    Path dir;

    @Test
    void trialsFilesByNameThenPatientsFilesByNameOthersIgnored() throws Exception {
        write(dir, "patients-south.csv", "");
        write(dir, "trials-site-south.csv", "");
        write(dir, "PATIENTS-north.CSV", "");
        write(dir, "trials.csv", "");
        write(dir, "Trials-Site-North.csv", "");
        write(dir, "readme.txt", "");
        write(dir, "trials.csv.bak", "");
        write(dir, "old-trials.csv", "");
        Files.createDirectory(dir.resolve("trials-archive.csv"));

        ExtractManifest manifest = ExtractDiscovery.discover(dir);

        assertThat(manifest.files()).extracting(InputFile::index, InputFile::name, InputFile::kind).containsExactly(
                org.assertj.core.groups.Tuple.tuple(0, "Trials-Site-North.csv", FileKind.TRIALS),
                org.assertj.core.groups.Tuple.tuple(1, "trials-site-south.csv", FileKind.TRIALS),
                org.assertj.core.groups.Tuple.tuple(2, "trials.csv", FileKind.TRIALS),
                org.assertj.core.groups.Tuple.tuple(3, "PATIENTS-north.CSV", FileKind.PATIENTS),
                org.assertj.core.groups.Tuple.tuple(4, "patients-south.csv", FileKind.PATIENTS));
        assertThat(manifest.ignoredFiles()).extracting(p -> p.getFileName().toString())
                .containsExactly("old-trials.csv", "readme.txt", "trials.csv.bak");
    }

    @Test
    void singleFileIsUsedAsIs() {
        Path file = write(dir, "trials-export.csv", "");

        ExtractManifest manifest = ExtractDiscovery.discover(file);

        assertThat(manifest.files()).containsExactly(new InputFile(0, file, FileKind.TRIALS));
        assertThat(manifest.ignoredFiles()).isEmpty();
    }

    @Test
    void folderWithoutTrialsFileFails() {
        write(dir, "patients.csv", "");

        assertThatThrownBy(() -> ExtractDiscovery.discover(dir))
                .isInstanceOf(ExtractFailure.class)
                .hasMessageContaining("No trials*.csv");
    }

    @Test
    void singlePatientsFileFailsForLackOfTrials() {
        Path file = write(dir, "patients.csv", "");

        assertThatThrownBy(() -> ExtractDiscovery.discover(file)).isInstanceOf(ExtractFailure.class);
    }

    @Test
    void singleFileOfAnotherNameFails() {
        Path file = write(dir, "export.csv", "");

        assertThatThrownBy(() -> ExtractDiscovery.discover(file))
                .isInstanceOf(ExtractFailure.class)
                .hasMessageContaining("export.csv");
    }

    @Test
    void missingPathFails() {
        assertThatThrownBy(() -> ExtractDiscovery.discover(dir.resolve("nowhere")))
                .isInstanceOf(ExtractFailure.class)
                .hasMessageContaining("nowhere")
                .hasMessageContaining("does not exist");
    }
}
