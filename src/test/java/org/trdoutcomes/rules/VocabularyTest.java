package org.trdoutcomes.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The spellings of the closed vocabularies that docs/data-contract.md accepts: the codes in any case, `-` and blanks
 * read as `_` (strategy, stop_reason), and for scales the codes or the usual printed names with blanks, `-` and `_`
 * ignored. The usual spellings are found without normalising; every other spelling must still be found the same way.
 */
class VocabularyTest {

    @Test
    void strategyCodesInAnyCaseWithHyphensOrBlanks() {
        assertThat(Strategy.parse("dose_increase")).contains(Strategy.DOSE_INCREASE);
        assertThat(Strategy.parse("DOSE_INCREASE")).contains(Strategy.DOSE_INCREASE);
        assertThat(Strategy.parse("Dose Increase")).contains(Strategy.DOSE_INCREASE);
        assertThat(Strategy.parse("dose-increase")).contains(Strategy.DOSE_INCREASE);
        assertThat(Strategy.parse("  switch ")).contains(Strategy.SWITCH);
        assertThat(Strategy.parse("Augmentation")).contains(Strategy.AUGMENTATION);
        assertThat(Strategy.parse("dose__increase")).isEmpty();
        assertThat(Strategy.parse("doseincrease")).isEmpty();
        assertThat(Strategy.parse("")).isEmpty();
        assertThat(Strategy.parse(null)).isEmpty();
    }

    @Test
    void stopReasonCodesInAnyCaseWithHyphensOrBlanks() {
        assertThat(StopReason.parse("side_effects")).contains(StopReason.SIDE_EFFECTS);
        assertThat(StopReason.parse("side effects")).contains(StopReason.SIDE_EFFECTS);
        assertThat(StopReason.parse("SIDE-EFFECTS")).contains(StopReason.SIDE_EFFECTS);
        assertThat(StopReason.parse("patient_choice")).contains(StopReason.PATIENT_CHOICE);
        assertThat(StopReason.parse("completed")).contains(StopReason.COMPLETED);
        assertThat(StopReason.parse("unknown")).isEmpty();
    }

    @Test
    void scaleCodesAndPrintedNames() {
        assertThat(Scale.parse("PHQ9")).contains(Scale.PHQ9);
        assertThat(Scale.parse("PHQ-9")).contains(Scale.PHQ9);
        assertThat(Scale.parse("phq9")).contains(Scale.PHQ9);
        assertThat(Scale.parse("HAMD17")).contains(Scale.HAMD17);
        assertThat(Scale.parse("HAM-D-17")).contains(Scale.HAMD17);
        assertThat(Scale.parse("hrsd17")).contains(Scale.HAMD17);
        assertThat(Scale.parse(" madrs ")).contains(Scale.MADRS);
        assertThat(Scale.parse("QIDS_SR16")).contains(Scale.QIDS_SR16);
        assertThat(Scale.parse("QIDS-SR16")).contains(Scale.QIDS_SR16);
        assertThat(Scale.parse("qids sr16")).contains(Scale.QIDS_SR16);
        assertThat(Scale.parse("BDI_II")).contains(Scale.BDI_II);
        assertThat(Scale.parse("bdi-ii")).contains(Scale.BDI_II);
        assertThat(Scale.parse("HAMD21")).isEmpty();
        assertThat(Scale.parse("")).isEmpty();
        assertThat(Scale.parse(null)).isEmpty();
    }
}
