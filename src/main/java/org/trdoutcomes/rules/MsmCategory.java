package org.trdoutcomes.rules;

/** Maudsley Staging Method categories of the total score 3–15 (Fekadu 2009). */
public enum MsmCategory {
    MILD("mild"), MODERATE("moderate"), SEVERE("severe");

    private final String label;

    MsmCategory(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static MsmCategory ofTotal(int total) {
        if (total <= 6) {
            return MILD;
        }
        return total <= 10 ? MODERATE : SEVERE;
    }
}
