package org.trdoutcomes.ingest.omop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trdoutcomes.ingest.ExtractFailure;

/** omop.md §1: detection is automatic, trd.input.format forces it. */
class InputFormatTest {

    @Test
    void aFolderWithADrugExposureTableOrADatabaseUrlIsACdm(@TempDir Path folder) throws IOException {
        assertThat(InputFormat.of(folder.toString(), "auto")).isEqualTo(InputFormat.TRIALS);
        Files.writeString(folder.resolve("Drug_Exposure.tsv"), "person_id\n");
        assertThat(InputFormat.of(folder.toString(), null)).isEqualTo(InputFormat.OMOP);
        assertThat(InputFormat.of("jdbc:postgresql://db:5432/cdm", "")).isEqualTo(InputFormat.OMOP);
        assertThat(InputFormat.of("sample-data", "auto")).isEqualTo(InputFormat.TRIALS);
        assertThat(InputFormat.of("sample-data/omop", "AUTO")).isEqualTo(InputFormat.OMOP);
        assertThat(InputFormat.OMOP.label()).isEqualTo("OMOP CDM");
        assertThat(InputFormat.TRIALS.label()).isEqualTo("Trials extract");
    }

    @Test
    void theSettingForcesAReading(@TempDir Path folder) throws IOException {
        Files.writeString(folder.resolve("drug_exposure.csv"), "person_id\n");
        assertThat(InputFormat.of(folder.toString(), "trials")).isEqualTo(InputFormat.TRIALS);
        assertThat(InputFormat.of("sample-data", "omop")).isEqualTo(InputFormat.OMOP);
        assertThatThrownBy(() -> InputFormat.of("jdbc:postgresql://db/cdm", "trials")).isInstanceOf(ExtractFailure.class)
                .hasMessageContaining("database URL");
        assertThatThrownBy(() -> InputFormat.of("sample-data", "fhir")).isInstanceOf(ExtractFailure.class)
                .hasMessageContaining("'fhir'");
    }
}
