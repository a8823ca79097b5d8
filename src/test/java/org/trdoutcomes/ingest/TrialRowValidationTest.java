package org.trdoutcomes.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trdoutcomes.ingest.Extracts.TRIALS_HEADER;
import static org.trdoutcomes.ingest.Extracts.line;
import static org.trdoutcomes.ingest.Extracts.readAll;
import static org.trdoutcomes.ingest.Extracts.validTrial;
import static org.trdoutcomes.ingest.Extracts.write;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.trdoutcomes.ingest.ExtractRow.AcceptedTrial;
import org.trdoutcomes.ingest.ExtractRow.RejectedRow;
import org.trdoutcomes.rules.Dose;
import org.trdoutcomes.rules.DoseUnit;
import org.trdoutcomes.rules.Scale;
import org.trdoutcomes.rules.StopReason;
import org.trdoutcomes.rules.Strategy;
import org.trdoutcomes.rules.Trial;

class TrialRowValidationTest {

    @TempDir
    Path dir;

    /** Writes trials.csv with a valid first row (line 2) and the given row (line 3), and reads it. */
    private List<ExtractRow> readWithSecondRow(Map<String, String> row) {
        Path file = write(dir, "trials.csv", TRIALS_HEADER + "\n" + line(validTrial()) + "\n" + line(row) + "\n");
        List<ExtractRow> rows = readAll(file, FileKind.TRIALS);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).isInstanceOf(AcceptedTrial.class);
        return rows;
    }

    private Rejection onlyRejection(Map<String, String> row) {
        ExtractRow second = readWithSecondRow(row).get(1);
        assertThat(second).isInstanceOf(RejectedRow.class);
        RejectedRow rejected = (RejectedRow) second;
        assertThat(rejected.line()).isEqualTo(3);
        assertThat(rejected.rejections()).hasSize(1);
        Rejection r = rejected.rejections().get(0);
        assertThat(r.file()).isEqualTo("trials.csv");
        assertThat(r.line()).isEqualTo(3);
        assertThat(r.message()).contains(r.column());
        return r;
    }

    @ParameterizedTest(name = "{0}=''{1}'' -> {3}")
    @CsvSource(nullValues = "NULL", value = {
        // column,        value,          expected value in the rejection, reason
        "patient_id,      '',             NULL,        MISSING_VALUE",
        "start_date,      '  ',           NULL,        MISSING_VALUE",
        "treatment,       '',             NULL,        MISSING_VALUE",
        "episode,         x,              x,           BAD_NUMBER",
        "episode,         1.0,            1.0,         BAD_NUMBER",
        "episode,         0,              0,           OUT_OF_RANGE",
        "dose,            NaN,            NaN,         BAD_NUMBER",
        "dose,            Infinity,       Infinity,    BAD_NUMBER",
        "dose,            1e309,          1e309,       BAD_NUMBER",
        "dose,            1e3,            1e3,         BAD_NUMBER",
        "dose,            0,              0,           OUT_OF_RANGE",
        "dose,            -5,             -5,          OUT_OF_RANGE",
        "dose_unit,       tablets,        tablets,     UNKNOWN_VALUE",
        "sessions,        2.5,            2.5,         BAD_NUMBER",
        "sessions,        0,              0,           OUT_OF_RANGE",
        "adherence_pct,   abc,            abc,         BAD_NUMBER",
        "adherence_pct,   100.5,          100.5,       OUT_OF_RANGE",
        "adherence_pct,   -1,             -1,          OUT_OF_RANGE",
        "start_date,      2024-02-30,     2024-02-30,  BAD_DATE",
        "start_date,      01/02/2024,     01/02/2024,  BAD_DATE",
        "end_date,        2024-13-01,     2024-13-01,  BAD_DATE",
        "end_date,        2023-12-31,     2023-12-31,  END_BEFORE_START",
        "end_date,        2025-07-01,     2025-07-01,  FUTURE_DATE",
        "treatment,       aspirin,        aspirin,     UNKNOWN_TREATMENT",
        "strategy,        '',             NULL,        MISSING_STRATEGY",
        "strategy,        maintenance,    maintenance, UNKNOWN_STRATEGY",
        "scale,           PHQ10,          PHQ10,       UNKNOWN_SCALE",
        "scale,           '',             NULL,        SCALE_REQUIRED",
        "baseline_score,  28,             28,          OUT_OF_RANGE",
        "outcome_score,   -1,             -1,          OUT_OF_RANGE",
        "baseline_score,  ten,            ten,         BAD_NUMBER",
        "stop_reason,     bored,          bored,       UNKNOWN_VALUE",
        "patient_id,      P 1,            P 1,         BAD_PATIENT_ID",
        "patient_id,      P/1,            P/1,         BAD_PATIENT_ID",
    })
    void rejectsACellThatBreaksItsRule(String column, String value, String expectedValue, RejectionReason reason) {
        Map<String, String> row = validTrial();
        row.put(column, value == null ? "" : value);

        Rejection r = onlyRejection(row);

        assertThat(r.column()).isEqualTo(column);
        assertThat(r.value()).isEqualTo(expectedValue);
        assertThat(r.reason()).isEqualTo(reason);
    }

    @Test
    void startDateAfterTheAsOfDateIsFutureDate() {
        Map<String, String> row = validTrial();
        row.put("start_date", "2025-07-01");
        row.put("end_date", "");

        Rejection r = onlyRejection(row);

        assertThat(r).extracting(Rejection::column, Rejection::value, Rejection::reason)
                .containsExactly("start_date", "2025-07-01", RejectionReason.FUTURE_DATE);
    }

    @Test
    void outcomeWithoutBaselineIsRejectedOnTheOutcome() {
        Map<String, String> row = validTrial();
        row.put("baseline_score", "");

        Rejection r = onlyRejection(row);

        assertThat(r).extracting(Rejection::column, Rejection::value, Rejection::reason)
                .containsExactly("outcome_score", "8", RejectionReason.OUTCOME_WITHOUT_BASELINE);
    }

    @Test
    void patientIdLongerThan64CharactersIsBadPatientId() {
        Map<String, String> row = validTrial();
        row.put("patient_id", "P".repeat(65));

        assertThat(onlyRejection(row).reason()).isEqualTo(RejectionReason.BAD_PATIENT_ID);
    }

    @ParameterizedTest
    @CsvSource({
        "john.doe@example.com, xxxx.xxx@xxxxxxx.xxx",
        "+44 20 7946 0958,     +99 99 9999 9999",
        "(555) 123-4567,       (999) 999-9999",
        "123-45-6789,          999-99-9999",
        "5551234567,           9999999999",
    })
    void identifierLookingPatientIdIsRejectedWithTheValueMasked(String id, String masked) {
        Map<String, String> row = validTrial();
        row.put("patient_id", id);

        Rejection r = onlyRejection(row);

        assertThat(r.reason()).isEqualTo(RejectionReason.IDENTIFIER_IN_ID);
        assertThat(r.column()).isEqualTo("patient_id");
        assertThat(r.value()).isEqualTo(masked);
        assertThat(r.message()).doesNotContain(id);
    }

    @ParameterizedTest
    @CsvSource({"P-000123", "A.B_c-9", "123456", "x", "PAT-2024-000001"})
    void pseudonymousTokensAreAccepted(String id) {
        Map<String, String> row = validTrial();
        row.put("patient_id", id);

        ExtractRow second = readWithSecondRow(row).get(1);

        assertThat(second).isInstanceOfSatisfying(AcceptedTrial.class, t -> assertThat(t.trial().patientId()).isEqualTo(id));
    }

    @Test
    void everyProblemOfARowIsCollectedAndTheRowIsOneRejectedRow() {
        Map<String, String> row = validTrial();
        row.put("patient_id", "");
        row.put("start_date", "2024-02-30");
        row.put("dose", "abc");
        row.put("stop_reason", "bored");

        ExtractRow second = readWithSecondRow(row).get(1);

        assertThat(second).isInstanceOfSatisfying(RejectedRow.class, r -> assertThat(r.rejections())
                .extracting(Rejection::column, Rejection::reason)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("patient_id", RejectionReason.MISSING_VALUE),
                        org.assertj.core.groups.Tuple.tuple("start_date", RejectionReason.BAD_DATE),
                        org.assertj.core.groups.Tuple.tuple("dose", RejectionReason.BAD_NUMBER),
                        org.assertj.core.groups.Tuple.tuple("stop_reason", RejectionReason.UNKNOWN_VALUE)));
    }

    @Test
    void strategyIsIgnoredForTreatmentsThatAreNotAntidepressants() {
        Map<String, String> row = validTrial();
        row.put("treatment", "Priadel");
        row.put("strategy", "garbage!");

        ExtractRow second = readWithSecondRow(row).get(1);

        assertThat(second).isInstanceOfSatisfying(AcceptedTrial.class, t -> {
            assertThat(t.trial().treatment()).isEqualTo(Extracts.LITHIUM);
            assertThat(t.trial().strategy()).isNull();
        });
    }

    @Test
    void valuesInRejectionsAreCutAt100Characters() {
        Map<String, String> row = validTrial();
        row.put("treatment", "z".repeat(150));

        Rejection r = onlyRejection(row);

        assertThat(r.reason()).isEqualTo(RejectionReason.UNKNOWN_TREATMENT);
        assertThat(r.value()).hasSize(100);
    }

    @Test
    void acceptedTrialCarriesEveryValueAndItsSequence() {
        Map<String, String> row = validTrial();
        row.put("episode", "2");
        row.put("treatment", " ZOLOFT ");
        row.put("strategy", "Dose Increase");
        row.put("dose_unit", "");
        row.put("sessions", "3");
        row.put("scale", "phq-9");
        row.put("stop_reason", "side_effects");

        ExtractRow second = readWithSecondRow(row).get(1);

        assertThat(second).isInstanceOf(AcceptedTrial.class);
        Trial t = ((AcceptedTrial) second).trial();
        assertThat(t).isEqualTo(new Trial("P-000123", 2, LocalDate.of(2024, 1, 1), LocalDate.of(2024, 3, 1),
                Extracts.SERTRALINE, Strategy.DOSE_INCREASE, new Dose(100, DoseUnit.MG), 3, 90.0, Scale.PHQ9, 20.0, 8.0,
                StopReason.SIDE_EFFECTS, 3L));
    }

    @Test
    void optionalCellsMayAllBeMissing() {
        Map<String, String> row = validTrial();
        for (String c : List.of("episode", "end_date", "dose", "dose_unit", "sessions", "adherence_pct", "scale",
                "baseline_score", "outcome_score", "stop_reason")) {
            row.put(c, "");
        }

        ExtractRow second = readWithSecondRow(row).get(1);

        assertThat(second).isInstanceOfSatisfying(AcceptedTrial.class, a -> {
            Trial t = a.trial();
            assertThat(t.episode()).isEqualTo(1);
            assertThat(t.isOngoing()).isTrue();
            assertThat(t.dose()).isNull();
            assertThat(t.scale()).isNull();
            assertThat(t.baselineScore()).isNull();
        });
    }

    @Test
    void sequenceCombinesFileIndexAndLine() {
        Path file = write(dir, "trials-b.csv", TRIALS_HEADER + "\n" + line(validTrial()) + "\n");
        try (ExtractFileReader reader = new ExtractFileReader(new InputFile(3, file, FileKind.TRIALS), Extracts.AS_OF, Extracts.TREATMENTS)) {
            ExtractRow row = reader.next();
            assertThat(row).isInstanceOfSatisfying(AcceptedTrial.class, t -> {
                assertThat(t.fileIndex()).isEqualTo(3);
                assertThat(t.trial().sequence()).isEqualTo((3L << 32) | 2L);
            });
        }
    }
}
