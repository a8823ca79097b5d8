package org.trdoutcomes.rules;

/** A named definition of TRD (rules.md §7): its thresholds, a one-line description and its source. */
public record DefinitionProfile(String name, String description, String source, RuleThresholds thresholds) {
    public static final String STANDARD = "standard";
}
