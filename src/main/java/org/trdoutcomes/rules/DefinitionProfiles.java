package org.trdoutcomes.rules;

import java.util.List;

/** STUB (replaced by the rules branch). */
public final class DefinitionProfiles {
    private DefinitionProfiles() {
    }

    public static List<DefinitionProfile> builtIn(RuleThresholds standard) {
        return List.of(new DefinitionProfile("standard", "", "", standard));
    }
}
