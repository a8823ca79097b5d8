package org.trdoutcomes.rules;

import java.util.List;

/**
 * One canonical treatment of the catalogue (docs/clinical-rules.md §1).
 *
 * @param minimumDose the MGH-ATRQ minimum adequate daily dose; null for non-antidepressants
 * @param synonyms    other names (brand names included) that resolve to this treatment
 */
public record Treatment(String canonicalName, DrugClass drugClass, Dose minimumDose, List<String> synonyms) {
    public Treatment {
        synonyms = List.copyOf(synonyms);
    }

    public boolean isAntidepressant() {
        return drugClass.isAntidepressant();
    }
}
