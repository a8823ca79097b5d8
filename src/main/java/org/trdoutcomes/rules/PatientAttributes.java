package org.trdoutcomes.rules;

import java.time.LocalDate;

/**
 * What the patients files say of one patient (docs/data-contract.md `patients*.csv`). Text attributes are null when missing.
 */
public record PatientAttributes(
        String patientId,
        String site,
        String sex,
        String ageBand,
        String diagnosis,
        LocalDate episodeStart,
        boolean psychoticFeatures,
        boolean bipolar,
        boolean hypothyroidism,
        boolean substanceUse,
        boolean trauma,
        boolean adhd) {

    /** A patient that appears only in trials files: every attribute missing. */
    public static PatientAttributes unknown(String patientId) {
        return new PatientAttributes(patientId, null, null, null, null, null, false, false, false, false, false, false);
    }
}
