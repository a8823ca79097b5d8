package org.trdoutcomes.classify;

import java.time.LocalDate;
import org.springframework.batch.infrastructure.item.ItemProcessor;

/** Classifies one patient under every profile of the run, as of the run's date. Pure: safe to re-process. */
public class ClassifyProcessor implements ItemProcessor<PatientTrials, ClassifiedPatient> {

    private final ProfileSet profiles;
    private final LocalDate asOf;

    public ClassifyProcessor(ProfileSet profiles, LocalDate asOf) {
        this.profiles = profiles;
        this.asOf = asOf;
    }

    @Override
    public ClassifiedPatient process(PatientTrials patient) {
        return profiles.classify(patient, asOf);
    }
}
