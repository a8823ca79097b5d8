package org.trdoutcomes.rules;

/** The items of the Maudsley Staging Method (Fekadu 2009) for one patient-episode. */
public record MaudsleyScore(int duration, int severity, int failedAgents, int augmentation, int ect) {

    public int total() {
        return duration + severity + failedAgents + augmentation + ect;
    }

    public MsmCategory category() {
        return MsmCategory.ofTotal(total());
    }
}
