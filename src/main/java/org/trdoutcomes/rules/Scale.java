package org.trdoutcomes.rules;

import java.util.Locale;
import java.util.Optional;

/**
 * Depression rating scales (docs/clinical-rules.md §3): range, remission cut-off and the severity bands used by the
 * Maudsley Staging Method. Remission cut-offs are the conventional ones (PHQ-9 &lt; 5, HAM-D-17 ≤ 7,
 * MADRS ≤ 10, QIDS-SR16 ≤ 5 as in STAR*D, BDI-II ≤ 13).
 */
public enum Scale {
    PHQ9(27, 4, 4, 9, 19),
    HAMD17(52, 7, 7, 13, 19),
    MADRS(60, 10, 6, 19, 34),
    QIDS_SR16(27, 5, 5, 10, 15),
    BDI_II(63, 13, 13, 19, 28);

    /** values() copies its array on every call. */
    private static final Scale[] CODES = values();

    private final int max;
    private final int remissionCutoff;
    private final int subsyndromalMax;
    private final int mildMax;
    private final int moderateMax;

    Scale(int max, int remissionCutoff, int subsyndromalMax, int mildMax, int moderateMax) {
        this.max = max;
        this.remissionCutoff = remissionCutoff;
        this.subsyndromalMax = subsyndromalMax;
        this.mildMax = mildMax;
        this.moderateMax = moderateMax;
    }

    public int min() {
        return 0;
    }

    public int max() {
        return max;
    }

    public int remissionCutoff() {
        return remissionCutoff;
    }

    public boolean inRange(double score) {
        return score >= 0 && score <= max;
    }

    public boolean isRemission(double outcomeScore) {
        return outcomeScore <= remissionCutoff;
    }

    /** Severity band 1 (subsyndromal) … 4 (severe), as the Maudsley Staging Method scores it. */
    public int severityBand(double score) {
        if (score <= subsyndromalMax) {
            return 1;
        }
        if (score <= mildMax) {
            return 2;
        }
        if (score <= moderateMax) {
            return 3;
        }
        return 4;
    }

    /** Canonical code as written in the report (e.g. {@code QIDS_SR16}). */
    public String code() {
        return name();
    }

    /**
     * Accepts the canonical codes and the spellings of docs/data-contract.md (`PHQ-9`, `HAM-D-17`, `HRSD17`, `QIDS-SR16`,
     * `BDI-II`), any case: blanks, `-` and `_` are ignored when comparing.
     */
    public static Optional<Scale> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        // the canonical codes, as most extracts write them, without the normalised copy
        for (Scale scale : CODES) {
            if (scale.name().equals(text)) {
                return Optional.of(scale);
            }
        }
        String key = text.strip().toUpperCase(Locale.ROOT).replace("-", "").replace("_", "").replace(" ", "");
        return switch (key) {
            case "PHQ9" -> Optional.of(PHQ9);
            case "HAMD17", "HRSD17" -> Optional.of(HAMD17);
            case "MADRS" -> Optional.of(MADRS);
            case "QIDSSR16" -> Optional.of(QIDS_SR16);
            case "BDIII" -> Optional.of(BDI_II);
            default -> Optional.empty();
        };
    }
}
