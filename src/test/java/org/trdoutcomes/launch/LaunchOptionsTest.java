package org.trdoutcomes.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.springframework.boot.DefaultApplicationArguments;

/** The command line of one launch, parsed as {@link RunCommand} parses it. */
class LaunchOptionsTest {

    static final LocalDate TODAY = LocalDate.of(2026, 7, 1);

    @Test
    void withoutOptionsTheSampleDataIsReadAsOfTodayIntoReports() {
        LaunchOptions options = parse();

        assertThat(options.input()).isEqualTo(Path.of("sample-data").toAbsolutePath().normalize());
        assertThat(options.output()).isEqualTo(Path.of("reports").toAbsolutePath().normalize());
        assertThat(options.asOf()).isEqualTo(TODAY);
        assertThat(options.rerun()).isFalse();
    }

    @Test
    void ownOptionsAreReadAndConfigurationKeysLeftToSpringBoot() {
        LaunchOptions options = parse("--input=/data/extract/../extract", "--output=out", "--as-of=2026-06-30",
                "--rerun", "--trd.report.min-cell-count=11", "--spring.datasource.url=jdbc:h2:mem:x");

        assertThat(options.input()).isEqualTo(Path.of("/data/extract"));
        assertThat(options.output()).isEqualTo(Path.of("out").toAbsolutePath().normalize());
        assertThat(options.asOf()).isEqualTo(LocalDate.of(2026, 6, 30));
        assertThat(options.rerun()).isTrue();
    }

    @Test
    void aBadCommandLineIsABadOptionThatSaysWhatIsWrong() {
        assertThatThrownBy(() -> parse("--as-of=30/06/2026")).isInstanceOf(LaunchOptions.BadOption.class)
                .hasMessage("--as-of must be a date yyyy-MM-dd, not '30/06/2026'");
        assertThatThrownBy(() -> parse("--inptu=x")).isInstanceOf(LaunchOptions.BadOption.class)
                .hasMessage("Unknown option --inptu (see --help)");
        assertThatThrownBy(() -> parse("extract")).isInstanceOf(LaunchOptions.BadOption.class)
                .hasMessage("Unexpected argument 'extract' (see --help)");
        assertThatThrownBy(() -> parse("--input=a", "--input=b")).isInstanceOf(LaunchOptions.BadOption.class)
                .hasMessage("--input takes exactly one value");
        assertThatThrownBy(() -> parse("--output=")).isInstanceOf(LaunchOptions.BadOption.class)
                .hasMessage("--output takes exactly one value");
    }

    private static LaunchOptions parse(String... args) {
        return LaunchOptions.from(new DefaultApplicationArguments(args), TODAY);
    }
}
