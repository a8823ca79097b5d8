package org.trdoutcomes.ingest.omop;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.trdoutcomes.rules.Dose;
import org.trdoutcomes.rules.DoseUnit;
import org.trdoutcomes.rules.DrugClass;
import org.trdoutcomes.rules.Scale;
import org.trdoutcomes.rules.Strategy;
import org.trdoutcomes.rules.Treatment;
import org.trdoutcomes.rules.Trial;

/**
 * omop.md §4 for one patient: exposures → courses (30-day persistence window, OHDSI's drug-era gap) → episodes
 * (180-day gap) → strategies (initial / combination / switch) → baseline and outcome scores. Pure: the same
 * exposures and scores give the same trials whichever source they were read from.
 */
final class CourseDerivation {

    /** OHDSI drug-era persistence window: a gap of at most this many days continues a course. */
    static final int PERSISTENCE_DAYS = 30;
    /** A course starting more than this many days after every earlier course ended opens a new episode. */
    static final int EPISODE_GAP_DAYS = 180;
    /** A course starting at least this many days before an earlier antidepressant course ends is a combination. */
    static final int COMBINATION_OVERLAP_DAYS = 30;
    static final int BASELINE_BEFORE_DAYS = 30;
    static final int BASELINE_AFTER_DAYS = 7;
    static final int OUTCOME_WINDOW_DAYS = 14;

    /**
     * One drug_exposure or procedure_occurrence row with its treatment.
     *
     * @param end         the exposure end of omop.md §4 (for a procedure: its date)
     * @param dailyDoseMg NaN when unknown
     * @param line        the row's line, for file order among rows starting the same day
     */
    record Exposure(Treatment treatment, LocalDate start, LocalDate end, double dailyDoseMg, int table, long line) {
    }

    /** A score of a scale concept, dated on or before the as-of date; {@code readOrder} = measurement, then observation, file order. */
    record ScoreValue(Scale scale, LocalDate date, double value, long readOrder) {
    }

    /** A derived trial with the table and line of its course's first row (for the AcceptedTrial). */
    record Course(Trial trial, int table, long line) {
    }

    private CourseDerivation() {
    }

    /** Trials in file order (start, then treatment name), with sequence 0: the caller numbers them. */
    static List<Course> derive(String patientId, List<Exposure> exposures, List<ScoreValue> scores, LocalDate asOf) {
        List<Building> courses = courses(exposures, asOf);
        courses.sort(Comparator.comparing((Building b) -> b.start).thenComparing(b -> b.treatment.canonicalName()));
        Map<Scale, NavigableMap<LocalDate, Double>> byScale = scoresByScale(scores);

        List<Course> result = new ArrayList<>(courses.size());
        int episode = 0;
        LocalDate latestEnd = null;
        List<Building> episodeAntidepressants = new ArrayList<>();
        for (Building c : courses) {
            if (latestEnd == null || c.start.isAfter(latestEnd.plusDays(EPISODE_GAP_DAYS))) {
                episode++;
                episodeAntidepressants.clear();
            }
            LocalDate effectiveEnd = c.effectiveEnd(asOf);
            latestEnd = latestEnd == null || effectiveEnd.isAfter(latestEnd) ? effectiveEnd : latestEnd;

            Strategy strategy = null;
            if (c.treatment.isAntidepressant()) {
                strategy = strategy(c, episodeAntidepressants, asOf);
                episodeAntidepressants.add(c);
            }
            LocalDate end = c.isOngoing(asOf) ? null : c.end;
            Scale scale = null;
            Double baseline = null;
            Double outcome = null;
            for (Scale s : Scale.values()) { // rules.md §3 order
                NavigableMap<LocalDate, Double> values = byScale.get(s);
                if (values == null) {
                    continue;
                }
                Map.Entry<LocalDate, Double> b = values.floorEntry(c.start.plusDays(BASELINE_AFTER_DAYS));
                if (b == null || b.getKey().isBefore(c.start.minusDays(BASELINE_BEFORE_DAYS))) {
                    continue;
                }
                scale = s;
                baseline = b.getValue();
                if (end != null) {
                    outcome = outcome(values, end, b.getKey());
                }
                break;
            }
            Dose dose = Double.isNaN(c.doseMg) ? null : new Dose(c.doseMg, DoseUnit.MG);
            Integer sessions = c.treatment.drugClass() == DrugClass.ECT ? c.rows : null;
            Trial trial = new Trial(patientId, episode, c.start, end, c.treatment, strategy, dose, sessions, null,
                    scale, baseline, outcome, null, 0);
            result.add(new Course(trial, c.table, c.line));
        }
        return result;
    }

    /** Per treatment, rows in start order merged while the next starts at most 30 days after the latest end. */
    private static List<Building> courses(List<Exposure> exposures, LocalDate asOf) {
        Map<String, List<Exposure>> byTreatment = new LinkedHashMap<>();
        for (Exposure e : exposures) {
            byTreatment.computeIfAbsent(e.treatment().canonicalName(), k -> new ArrayList<>()).add(e);
        }
        List<Building> courses = new ArrayList<>();
        for (List<Exposure> rows : byTreatment.values()) {
            rows.sort(Comparator.comparing(Exposure::start).thenComparingInt(Exposure::table).thenComparingLong(Exposure::line));
            Building current = null;
            for (Exposure e : rows) {
                if (current != null && !e.start().isAfter(current.end.plusDays(PERSISTENCE_DAYS))) {
                    current.add(e);
                } else {
                    current = new Building(e);
                    courses.add(current);
                }
            }
        }
        return courses;
    }

    /**
     * omop.md §4: the first antidepressant course of the episode is initial; one that starts at least 30 days before
     * the end (ongoing: the as-of date) of an earlier one is a combination; any other is a switch.
     */
    private static Strategy strategy(Building c, List<Building> earlier, LocalDate asOf) {
        if (earlier.isEmpty()) {
            return Strategy.INITIAL;
        }
        for (Building e : earlier) {
            if (!c.start.isAfter(e.effectiveEnd(asOf).minusDays(COMBINATION_OVERLAP_DAYS))) {
                return Strategy.COMBINATION;
            }
        }
        return Strategy.SWITCH;
    }

    /** The value nearest to the end within [end − 14, end + 14] and after the baseline date; equally near: the later. */
    private static Double outcome(NavigableMap<LocalDate, Double> values, LocalDate end, LocalDate baselineDate) {
        LocalDate from = end.minusDays(OUTCOME_WINDOW_DAYS);
        if (!from.isAfter(baselineDate)) {
            from = baselineDate.plusDays(1);
        }
        LocalDate to = end.plusDays(OUTCOME_WINDOW_DAYS);
        if (from.isAfter(to)) {
            return null;
        }
        Double best = null;
        long bestDistance = Long.MAX_VALUE;
        for (Map.Entry<LocalDate, Double> e : values.subMap(from, true, to, true).entrySet()) {
            long distance = Math.abs(e.getKey().toEpochDay() - end.toEpochDay());
            if (distance <= bestDistance) { // ascending dates: an equal distance later on wins
                bestDistance = distance;
                best = e.getValue();
            }
        }
        return best;
    }

    /** Per scale, date → value; on a date with several values the last one read counts. */
    private static Map<Scale, NavigableMap<LocalDate, Double>> scoresByScale(List<ScoreValue> scores) {
        List<ScoreValue> ordered = new ArrayList<>(scores);
        ordered.sort(Comparator.comparingLong(ScoreValue::readOrder));
        Map<Scale, NavigableMap<LocalDate, Double>> byScale = new EnumMap<>(Scale.class);
        for (ScoreValue s : ordered) {
            byScale.computeIfAbsent(s.scale(), k -> new TreeMap<>()).put(s.date(), s.value());
        }
        return byScale;
    }

    /** A course while its rows are merged. */
    private static final class Building {
        final Treatment treatment;
        final LocalDate start;
        final int table;
        final long line;
        LocalDate end;
        double doseMg;
        int rows;

        Building(Exposure first) {
            treatment = first.treatment();
            start = first.start();
            end = first.end();
            doseMg = first.dailyDoseMg();
            table = first.table();
            line = first.line();
            rows = 1;
        }

        void add(Exposure e) {
            if (e.end().isAfter(end)) {
                end = e.end();
            }
            if (!Double.isNaN(e.dailyDoseMg()) && !(e.dailyDoseMg() <= doseMg)) {
                doseMg = e.dailyDoseMg();
            }
            rows++;
        }

        /** A course whose end is after the as-of date is ongoing (omop.md §4). */
        boolean isOngoing(LocalDate asOf) {
            return end.isAfter(asOf);
        }

        LocalDate effectiveEnd(LocalDate asOf) {
            return isOngoing(asOf) ? asOf : end;
        }
    }
}
