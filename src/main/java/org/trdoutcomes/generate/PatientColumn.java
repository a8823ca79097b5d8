package org.trdoutcomes.generate;

import java.util.Locale;

/** The columns of {@code patients*.csv} in docs/data-contract.md order. */
enum PatientColumn {
    PATIENT_ID, SITE, SEX, AGE_BAND, DIAGNOSIS, EPISODE_START,
    PSYCHOTIC_FEATURES, BIPOLAR, HYPOTHYROIDISM, SUBSTANCE_USE, TRAUMA, ADHD;

    String contractName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
