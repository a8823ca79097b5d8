package org.trdoutcomes.rules;

/** Treatment classes of the catalogue (docs/clinical-rules.md §1). The first five are the antidepressant classes. */
public enum DrugClass {
    SSRI, SNRI, TCA, MAOI, OTHER_AD,
    LITHIUM, THYROID, ANTIPSYCHOTIC, STIMULANT, OTHER_AUGMENTATION,
    NMDA, BOTULINUM_TOXIN, ANTI_INFLAMMATORY, ANTICHOLINERGIC, KAPPA_OPIOID, SUPPLEMENT,
    ECT, TMS, OTHER_NEUROSTIMULATION, PSYCHOTHERAPY;

    /** Adequacy, failed agents and staging count antidepressant classes only (docs/clinical-rules.md §1). */
    public boolean isAntidepressant() {
        return switch (this) {
            case SSRI, SNRI, TCA, MAOI, OTHER_AD -> true;
            default -> false;
        };
    }

    /** Classes that make a trial an augmentation for MGH-S (+0.5 when failed) and for the Maudsley "augmentation used" item. */
    public boolean isAugmentationAgent() {
        return switch (this) {
            case LITHIUM, THYROID, ANTIPSYCHOTIC, STIMULANT, OTHER_AUGMENTATION -> true;
            default -> false;
        };
    }
}
