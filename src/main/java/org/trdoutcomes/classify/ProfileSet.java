package org.trdoutcomes.classify;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.trdoutcomes.rules.Classification;
import org.trdoutcomes.rules.DefinitionProfile;
import org.trdoutcomes.rules.PatientAssessment;
import org.trdoutcomes.rules.PatientClassifier;
import org.trdoutcomes.rules.SwitchProxy;

/**
 * The definitions one run classifies under: the profile in force (which the whole report uses) and the compared
 * profiles of docs/clinical-rules.md §7 ({@code standard} first). The patient is assessed once, under the profile in
 * force; the other definitions only classify it ({@link PatientClassifier#classify}), which is all their columns and
 * the Definitions compared figures need.
 */
public final class ProfileSet {

    private final DefinitionProfile inForce;
    private final List<DefinitionProfile> compared;
    private final PatientClassifier inForceClassifier;
    private final List<PatientClassifier> comparedClassifiers;

    public ProfileSet(DefinitionProfile inForce, List<DefinitionProfile> compared) {
        if (compared.isEmpty() || !compared.get(0).name().equals(DefinitionProfile.STANDARD)) {
            throw new IllegalArgumentException("the compared profiles must start with 'standard'");
        }
        this.inForce = inForce;
        this.compared = List.copyOf(compared);
        this.inForceClassifier = new PatientClassifier(inForce);
        List<PatientClassifier> classifiers = new ArrayList<>();
        for (DefinitionProfile p : compared) {
            // a switch-proxy profile other than the one in force needs no second assessment (null here): its
            // classification reads only the course sequence, which the in-force assessment already has in step order
            classifiers.add(p.name().equals(inForce.name()) ? inForceClassifier
                    : p.criterion() == DefinitionProfile.Criterion.QUALIFYING_SWITCHES ? null
                    : new PatientClassifier(p));
        }
        this.comparedClassifiers = Collections.unmodifiableList(classifiers);
    }

    public DefinitionProfile inForce() {
        return inForce;
    }

    public List<DefinitionProfile> compared() {
        return compared;
    }

    /** Profiles other than the one in force: the extra classification columns of the Patients sheet. */
    public List<DefinitionProfile> others() {
        return compared.stream().filter(p -> !p.name().equals(inForce.name())).toList();
    }

    public ClassifiedPatient classify(PatientTrials patient, LocalDate asOf) {
        PatientAssessment main = inForceClassifier.assess(patient.patient(), patient.trials(), asOf);
        List<Classification> byProfile = new ArrayList<>(comparedClassifiers.size());
        for (PatientClassifier c : comparedClassifiers) {
            byProfile.add(c == inForceClassifier ? main.classification()
                    : c == null ? SwitchProxy.classify(main)
                    : c.classify(patient.patient(), patient.trials()));
        }
        return new ClassifiedPatient(main, byProfile);
    }
}
