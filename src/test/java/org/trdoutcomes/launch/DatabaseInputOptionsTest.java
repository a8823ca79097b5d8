package org.trdoutcomes.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.springframework.boot.DefaultApplicationArguments;

/** omop.md §1: {@code --input=jdbc:postgresql://…} is a CDM in a database, and it never carries a password. */
class DatabaseInputOptionsTest {

    static final LocalDate TODAY = LocalDate.of(2026, 12, 1);

    @Test
    void aJdbcInputIsKeptAsTheUrlNotAPath() {
        LaunchOptions options = LaunchOptions.from(new DefaultApplicationArguments(
                "--input=jdbc:postgresql://cdmhost:5432/ohdsi?ssl=true", "--trd.omop.schema=cdm"), TODAY);
        assertThat(options.database()).isEqualTo("jdbc:postgresql://cdmhost:5432/ohdsi?ssl=true");
        assertThat(options.input()).isNull();
        assertThat(options.inputText()).isEqualTo(options.database());
    }

    @Test
    void aPasswordInTheUrlIsRefusedBecauseTheInputIsRecordedWithTheRun() {
        assertThatThrownBy(() -> LaunchOptions.from(new DefaultApplicationArguments(
                "--input=jdbc:postgresql://cdmhost/ohdsi?user=r&Password=secret"), TODAY))
                .isInstanceOf(LaunchOptions.BadOption.class).hasMessageContaining("TRD_OMOP_PASSWORD")
                .hasMessageNotContaining("secret");
    }

    @Test
    void aFolderInputIsStillAPath() {
        LaunchOptions options = LaunchOptions.from(new DefaultApplicationArguments("--input=sample-data/omop"), TODAY);
        assertThat(options.database()).isNull();
        assertThat(options.input()).isAbsolute().endsWith(java.nio.file.Path.of("sample-data", "omop"));
    }
}
