package org.trdoutcomes.rules;

/** The rows of the response report, in this order (docs/clinical-rules.md §2). */
public enum StrategyCategory {
    INITIAL_ANTIDEPRESSANT("Initial antidepressant"),
    DOSE_INCREASE("Dose increase"),
    SWITCH_ANTIDEPRESSANT("Switch antidepressant"),
    ANTIDEPRESSANT_COMBINATION("Antidepressant combination"),
    AUGMENTATION_LITHIUM("Augmentation: lithium"),
    AUGMENTATION_THYROID("Augmentation: thyroid hormone"),
    AUGMENTATION_ANTIPSYCHOTIC("Augmentation: atypical antipsychotic"),
    AUGMENTATION_STIMULANT("Augmentation: stimulant"),
    AUGMENTATION_OTHER("Augmentation: other"),
    PSYCHOTHERAPY("Psychotherapy"),
    NMDA("Ketamine / esketamine (NMDA)"),
    BOTULINUM_TOXIN("Botulinum toxin"),
    ANTI_INFLAMMATORY("Anti-inflammatory"),
    ANTICHOLINERGIC("Scopolamine (cholinergic)"),
    KAPPA_OPIOID("Kappa-opioid (buprenorphine)"),
    SUPPLEMENTS("Supplements"),
    ECT("ECT"),
    TMS("TMS"),
    OTHER_NEUROSTIMULATION("Other neurostimulation (DBS, VNS, tDCS)");

    private final String label;

    StrategyCategory(String label) {
        this.label = label;
    }

    /** The text of the report's `Strategy` column. */
    public String label() {
        return label;
    }

    /**
     * The category a trial falls in. Antidepressants go by their strategy (which the ingest requires for them);
     * every other treatment by its class.
     */
    public static StrategyCategory of(Treatment treatment, Strategy strategy) {
        return switch (treatment.drugClass()) {
            case SSRI, SNRI, TCA, MAOI, OTHER_AD -> switch (strategy == null ? Strategy.INITIAL : strategy) {
                case INITIAL -> INITIAL_ANTIDEPRESSANT;
                case DOSE_INCREASE -> DOSE_INCREASE;
                case SWITCH -> SWITCH_ANTIDEPRESSANT;
                case COMBINATION, AUGMENTATION -> ANTIDEPRESSANT_COMBINATION;
            };
            case LITHIUM -> AUGMENTATION_LITHIUM;
            case THYROID -> AUGMENTATION_THYROID;
            case ANTIPSYCHOTIC -> AUGMENTATION_ANTIPSYCHOTIC;
            case STIMULANT -> AUGMENTATION_STIMULANT;
            case OTHER_AUGMENTATION -> AUGMENTATION_OTHER;
            case PSYCHOTHERAPY -> PSYCHOTHERAPY;
            case NMDA -> NMDA;
            case BOTULINUM_TOXIN -> BOTULINUM_TOXIN;
            case ANTI_INFLAMMATORY -> ANTI_INFLAMMATORY;
            case ANTICHOLINERGIC -> ANTICHOLINERGIC;
            case KAPPA_OPIOID -> KAPPA_OPIOID;
            case SUPPLEMENT -> SUPPLEMENTS;
            case ECT -> ECT;
            case TMS -> TMS;
            case OTHER_NEUROSTIMULATION -> OTHER_NEUROSTIMULATION;
        };
    }
}
