package org.trdoutcomes.rules;

import java.io.Reader;
import java.util.List;
import java.util.Optional;

/**
 * The treatment catalogue of rules.md §1: canonical names, classes, MGH-ATRQ minimum doses and synonyms,
 * loaded from a data file so that a clinic can extend it without rebuilding.
 * STUB: the implementation is being written (issue 2).
 */
public final class TreatmentCatalogue {

    /** The catalogue shipped with the product ({@code /catalogue/treatments.csv}). */
    public static TreatmentCatalogue defaults() {
        throw new UnsupportedOperationException("not yet");
    }

    /** This catalogue plus the entries of a user-supplied file in the same format; a user entry wins on a name clash. */
    public TreatmentCatalogue extendedWith(Reader extension, String sourceName) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Looks a name or synonym up, case-insensitive, surrounding blanks trimmed. */
    public Optional<Treatment> find(String nameOrSynonym) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Every canonical treatment, in catalogue order. */
    public List<Treatment> treatments() {
        throw new UnsupportedOperationException("not yet");
    }
}
