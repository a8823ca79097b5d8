package org.trdoutcomes.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DiagnosisFlagsTest {

    /** The codes compare alike however they were typed: blanks trimmed, upper case, no dot. */
    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"F31", "F32.1", "f31.2", " F33 ", "\tf43.10\n", "F 31", "e03.9", "F.3.1", "", ".",
            "straße", "f31ı", "ｆ31", "F31\u00A0", "~!a.b"})
    void normalisedIsStrippedUpperCaseWithoutDots(String diagnosis) {
        String expected = diagnosis.strip().toUpperCase(Locale.ROOT).replace(".", "");
        assertThat(DiagnosisFlags.normalised(diagnosis)).isEqualTo(expected);
    }
}
