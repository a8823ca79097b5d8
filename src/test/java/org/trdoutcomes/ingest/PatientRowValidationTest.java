package org.trdoutcomes.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trdoutcomes.ingest.Extracts.PATIENTS_HEADER;
import static org.trdoutcomes.ingest.Extracts.line;
import static org.trdoutcomes.ingest.Extracts.readAll;
import static org.trdoutcomes.ingest.Extracts.validPatient;
import static org.trdoutcomes.ingest.Extracts.write;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.trdoutcomes.ingest.ExtractRow.AcceptedPatient;
import org.trdoutcomes.ingest.ExtractRow.RejectedRow;
import org.trdoutcomes.rules.PatientAttributes;

class PatientRowValidationTest {

    @TempDir
    Path dir;

    private ExtractRow read(Map<String, String> row) {
        Path file = write(dir, "patients-north.csv", PATIENTS_HEADER + "\n" + line(row) + "\n");
        List<ExtractRow> rows = readAll(file, FileKind.PATIENTS);
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    @Test
    void validPatientRowBecomesPatientAttributes() {
        ExtractRow row = read(validPatient());

        assertThat(row).isInstanceOfSatisfying(AcceptedPatient.class, p -> {
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.patient()).isEqualTo(new PatientAttributes("P-000123", "north", "F", "35-44", "F33.2",
                    LocalDate.of(2023, 6, 1), false, false, false, false, true, false));
        });
    }

    @ParameterizedTest
    @CsvSource({"TRUE,true", "Yes,true", "y,true", "1,true", "False,false", "NO,false", "n,false", "0,false", "'',false"})
    void booleansInEveryAcceptedSpelling(String text, boolean expected) {
        Map<String, String> row = validPatient();
        row.put("bipolar", text);

        assertThat(read(row)).isInstanceOfSatisfying(AcceptedPatient.class, p -> assertThat(p.patient().bipolar()).isEqualTo(expected));
    }

    @ParameterizedTest
    @CsvSource({"f,F", "m,M", "x,X", "U,U"})
    void sexIsCaseInsensitiveAndStoredUpperCase(String text, String expected) {
        Map<String, String> row = validPatient();
        row.put("sex", text);

        assertThat(read(row)).isInstanceOfSatisfying(AcceptedPatient.class, p -> assertThat(p.patient().sex()).isEqualTo(expected));
    }

    @Test
    void missingOptionalValuesAreNull() {
        Map<String, String> row = validPatient();
        row.replaceAll((k, v) -> k.equals("patient_id") ? v : "");

        assertThat(read(row)).isInstanceOfSatisfying(AcceptedPatient.class,
                p -> assertThat(p.patient()).isEqualTo(PatientAttributes.unknown("P-000123")));
    }

    @ParameterizedTest(name = "{0}=''{1}'' -> {3}")
    @CsvSource(nullValues = "NULL", value = {
        "patient_id,         '',          NULL,        MISSING_VALUE",
        "patient_id,         a@b.org,     x@x.xxx,     IDENTIFIER_IN_ID",
        "patient_id,         P#1,         P#1,         BAD_PATIENT_ID",
        "sex,                female,      female,      UNKNOWN_VALUE",
        "episode_start,      2023-02-29,  2023-02-29,  BAD_DATE",
        "episode_start,      2025-07-01,  2025-07-01,  FUTURE_DATE",
        "psychotic_features, maybe,       maybe,       UNKNOWN_VALUE",
        "adhd,               2,           2,           UNKNOWN_VALUE",
    })
    void rejectsACellThatBreaksItsRule(String column, String value, String expectedValue, RejectionReason reason) {
        Map<String, String> row = validPatient();
        row.put(column, value == null ? "" : value);

        ExtractRow result = read(row);

        assertThat(result).isInstanceOfSatisfying(RejectedRow.class, r -> assertThat(r.rejections()).singleElement()
                .satisfies(x -> {
                    assertThat(x.file()).isEqualTo("patients-north.csv");
                    assertThat(x.line()).isEqualTo(2);
                    assertThat(x.column()).isEqualTo(column);
                    assertThat(x.value()).isEqualTo(expectedValue);
                    assertThat(x.reason()).isEqualTo(reason);
                }));
    }

    @Test
    void siteLongerThan64CharactersIsOutOfRange() {
        Map<String, String> row = validPatient();
        row.put("site", "s".repeat(65));

        assertThat(read(row)).isInstanceOfSatisfying(RejectedRow.class, r -> assertThat(r.rejections()).singleElement()
                .extracting(Rejection::column, Rejection::reason)
                .containsExactly("site", RejectionReason.OUT_OF_RANGE));
    }

    @Test
    void patientsFileNeedsOnlyPatientId() {
        Path file = write(dir, "patients.csv", "Patient ID\nP1\n\nP2\n");

        assertThat(readAll(file, FileKind.PATIENTS)).extracting(r -> ((AcceptedPatient) r).patient().patientId())
                .containsExactly("P1", "P2");
    }
}
