package org.trdoutcomes.classify;

import java.util.List;
import org.trdoutcomes.rules.Classification;
import org.trdoutcomes.rules.PatientAssessment;

/**
 * A patient assessed under the profile in force, plus the classification under every compared profile
 * (docs/clinical-rules.md §7), in the order of {@link ProfileSet#compared()}.
 */
public record ClassifiedPatient(PatientAssessment assessment, List<Classification> classificationsByProfile) {
}
