package org.trdoutcomes.rules;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * Test trials. By default an adequate, failed trial: catalogue minimum dose, 8 weeks, PHQ-9 20 → 15
 * (25 % improvement), completed.
 */
final class TrialBuilder {

    static final TreatmentCatalogue CATALOGUE = TreatmentCatalogue.defaults();
    static final LocalDate JAN_1 = LocalDate.of(2024, 1, 1);

    private static long nextSequence = 1;

    private String patientId = "P1";
    private int episode = 1;
    private LocalDate start = JAN_1;
    private LocalDate end = JAN_1.plusWeeks(8);
    private final Treatment treatment;
    private Strategy strategy;
    private Dose dose;
    private Integer sessions;
    private Double adherencePct;
    private Scale scale = Scale.PHQ9;
    private Double baseline = 20.0;
    private Double outcome = 15.0;
    private StopReason stopReason = StopReason.COMPLETED;
    private long sequence = nextSequence++;

    private TrialBuilder(Treatment treatment) {
        this.treatment = treatment;
        if (treatment.isAntidepressant()) {
            strategy = Strategy.INITIAL;
            dose = treatment.minimumDose();
        }
    }

    static TrialBuilder trial(String treatmentName) {
        return new TrialBuilder(CATALOGUE.find(treatmentName)
                .orElseThrow(() -> new IllegalArgumentException("not in catalogue: " + treatmentName)));
    }

    /** An adequate failed trial of {@code name} started {@code startDay} days after 1 Jan 2024, lasting 8 weeks. */
    static Trial failed(String name, int startDay) {
        return trial(name).startDay(startDay).build();
    }

    TrialBuilder patient(String id) {
        this.patientId = id;
        return this;
    }

    TrialBuilder episode(int episode) {
        this.episode = episode;
        return this;
    }

    /** Moves the trial, keeping its duration. */
    TrialBuilder startDay(int day) {
        long days = end == null ? 0 : ChronoUnit.DAYS.between(start, end);
        this.start = JAN_1.plusDays(day);
        this.end = end == null ? null : start.plusDays(days);
        return this;
    }

    TrialBuilder start(LocalDate start) {
        this.start = start;
        return this;
    }

    TrialBuilder end(LocalDate end) {
        this.end = end;
        return this;
    }

    TrialBuilder days(int days) {
        this.end = start.plusDays(days);
        return this;
    }

    TrialBuilder ongoing() {
        this.end = null;
        return this;
    }

    TrialBuilder strategy(Strategy strategy) {
        this.strategy = strategy;
        return this;
    }

    TrialBuilder dose(double amount, DoseUnit unit) {
        this.dose = new Dose(amount, unit);
        return this;
    }

    TrialBuilder noDose() {
        this.dose = null;
        return this;
    }

    TrialBuilder sessions(Integer sessions) {
        this.sessions = sessions;
        return this;
    }

    TrialBuilder adherence(Double pct) {
        this.adherencePct = pct;
        return this;
    }

    TrialBuilder scores(Scale scale, Double baseline, Double outcome) {
        this.scale = scale;
        this.baseline = baseline;
        this.outcome = outcome;
        return this;
    }

    TrialBuilder scores(double baseline, double outcome) {
        return scores(Scale.PHQ9, baseline, outcome);
    }

    /** PHQ-9 20 → 5: 75 % improvement, a responder. */
    TrialBuilder responded() {
        return scores(20, 5);
    }

    TrialBuilder stop(StopReason reason) {
        this.stopReason = reason;
        return this;
    }

    TrialBuilder sequence(long sequence) {
        this.sequence = sequence;
        return this;
    }

    Trial build() {
        return new Trial(patientId, episode, start, end, treatment, strategy, dose, sessions, adherencePct, scale,
                baseline, outcome, stopReason, sequence);
    }
}
