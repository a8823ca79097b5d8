package org.trdoutcomes.ingest.omop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The cell formats of omop.md §1. */
class OmopCellsTest {

    @Test
    void readsTheThreeDateForms() {
        LocalDate d = LocalDate.of(2024, 2, 29);
        assertThat(OmopCells.parseDate("2024-02-29")).isEqualTo(d);
        assertThat(OmopCells.parseDate("20240229")).isEqualTo(d);
        assertThat(OmopCells.parseDate("2024-02-29 23:59:59")).isEqualTo(d);
        assertThat(OmopCells.parseDate("2024-02-29T08:00:00Z")).isEqualTo(d);
        assertThat(OmopCells.parseDate("2024-02-29 00:00:00.000")).isEqualTo(d);
    }

    @Test
    void refusesWhatIsNotADate() {
        for (String bad : new String[] {"2023-02-29", "20230229", "2024-13-01", "2024-1-01", "2024-02-290", "24-02-29",
                "2024/02/29", "29.02.2024", "2024-02-29X", "2024022", "abcdefgh", ""}) {
            assertThat(OmopCells.parseDate(bad)).as(bad).isNull();
        }
    }

    @Test
    void readsSigned64BitIdsExactly() {
        assertThat(OmopCells.parseLong("-9007199254740993")).isEqualTo(-9007199254740993L);
        assertThat(OmopCells.parseLong("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(OmopCells.parseLong("-9223372036854775807")).isEqualTo(-Long.MAX_VALUE);
        assertThat(OmopCells.parseLong("+42")).isEqualTo(42L);
        for (String bad : new String[] {"9223372036854775808", "12a", "1.0", "1e3", "-", "", " 1", "99999999999999999999"}) {
            assertThat(OmopCells.parseLong(bad)).as(bad).isEqualTo(OmopCells.NOT_A_LONG);
        }
    }
}
