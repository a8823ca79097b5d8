package org.trdoutcomes.ingest.omop;

import java.util.Locale;

/** The diagnosis flags of omop.md §2, as bits of an int so that a patient's flags are one value. */
enum DiagnosisFlag {
    PSYCHOTIC_FEATURES, BIPOLAR, HYPOTHYROIDISM, SUBSTANCE_USE, TRAUMA, ADHD;

    int bit() {
        return 1 << ordinal();
    }

    boolean in(int flags) {
        return (flags & bit()) != 0;
    }

    static DiagnosisFlag parse(String text) {
        return valueOf(text.strip().toUpperCase(Locale.ROOT));
    }
}
