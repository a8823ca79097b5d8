package org.trdoutcomes.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The merge of this run's Patients rows with the kept classifications, and the counts made from it (docs/workbook-contract.md). */
class PreviousNightTest {

    static final LocalDate PREVIOUS = LocalDate.of(2026, 6, 29);

    static RowSource<PatientLine> patients(String... idAndClassification) {
        return consumer -> {
            for (String s : idAndClassification) {
                String[] p = s.split("=");
                consumer.accept(new PatientLine(p[0], "North", 1, 2, 2, 2, p[1], 2, 3.0, null, null, "", List.of()));
            }
        };
    }

    static Supplier<PreviousNight.KeptClassifications> kept(String... idAndClassification) {
        return () -> {
            Iterator<String> rows = List.of(idAndClassification).iterator();
            return new PreviousNight.KeptClassifications() {
                @Override
                public PreviousNight.Kept next() {
                    if (!rows.hasNext()) {
                        return null;
                    }
                    String[] p = rows.next().split("=");
                    return new PreviousNight.Kept(p[0], p[1]);
                }

                @Override
                public void close() {
                }
            };
        };
    }

    static List<String> joined(PreviousNight night, RowSource<PatientLine> patients) {
        List<String> rows = new ArrayList<>();
        night.join(patients).forEach(r -> rows.add(r.line().patient() + ":" + r.previousClassification()));
        return rows;
    }

    @Test
    void eachPatientGetsItsOwnPreviousClassificationAndThoseWhoLeftAreSkipped() {
        // given: ids ordered by String.compareTo ("P10" < "P2"), some patients new, some gone
        RowSource<PatientLine> now = patients("P1=TRD", "P10=TRD", "P3=NOT_TRD", "P5=INSUFFICIENT_DATA", "P7=TRD");
        var before = kept("P0=TRD", "P1=NOT_TRD", "P2=TRD", "P3=TRD", "P5=TRD", "P6=TRD");

        PreviousNight night = PreviousNight.compare(PREVIOUS, null, now, before);

        assertThat(joined(night, now)).containsExactly("P1:NOT_TRD", "P10:null", "P3:TRD", "P5:TRD", "P7:null");
        // new TRD: P1 (not TRD before), P10 and P7 (absent); no longer: P3, P5 (P0, P2, P6 left the extract)
        assertThat(night.newTrd()).isEqualTo(3);
        assertThat(night.noLongerTrd()).isEqualTo(2);
        assertThat(night.comparable()).isTrue();
    }

    @Test
    void withoutAPreviousRunOrItsClassificationsNothingIsComparedOrCounted() {
        RowSource<PatientLine> now = patients("P1=TRD");
        PreviousNight none = PreviousNight.compare(null, null, now, kept("P1=NOT_TRD"));
        PreviousNight notKept = PreviousNight.compare(PREVIOUS, "not available (no classifications kept)", now,
                kept("P1=NOT_TRD"));

        for (PreviousNight night : List.of(none, notKept)) {
            assertThat(night.comparable()).isFalse();
            assertThat(night.newTrd()).isZero();
            assertThat(joined(night, now)).containsExactly("P1:null");
        }
    }

    @Test
    void rowsOutOfPatientOrderFailInsteadOfLosingMatches() {
        RowSource<PatientLine> unordered = patients("P2=TRD", "P1=TRD");
        assertThatThrownBy(() -> PreviousNight.compare(PREVIOUS, null, unordered, kept("P1=TRD")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'P1' after 'P2'");

        RowSource<PatientLine> ordered = patients("P1=TRD", "P3=TRD");
        assertThatThrownBy(() -> PreviousNight.compare(PREVIOUS, null, ordered, kept("P2=TRD", "P1=TRD")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Kept classifications");
    }
}
