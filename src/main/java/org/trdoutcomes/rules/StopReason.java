package org.trdoutcomes.rules;

import java.util.Locale;
import java.util.Optional;

/** Why a trial ended (docs/data-contract.md `stop_reason`). */
public enum StopReason {
    COMPLETED, INEFFECTIVE, SIDE_EFFECTS, NONADHERENCE, PATIENT_CHOICE, OTHER;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<StopReason> parse(String text) {
        return Vocabulary.parse(StopReason.class, text);
    }
}
