package org.trdoutcomes.rules;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code switch-proxy} definition of TRD (docs/clinical-rules.md §7): TRD read from the sequence of antidepressant courses
 * alone, the way studies of prescription records define it where scale scores are rarely recorded (Fabbri et al.
 * 2021, UK Biobank primary care; Danish and US claims studies use similar switch counts). Scores, doses, adherence
 * and stop reasons are not used. Pure functions; thread-safe.
 */
public final class SwitchProxy {

    /** A course must have lasted this long (6 weeks, end − start) before a switch away from it counts. */
    public static final int MIN_COURSE_DAYS = 42;
    /** The next course must start within this many days (14 weeks) of the previous one's end. */
    public static final int MAX_GAP_DAYS = 98;
    /** Qualifying switches that make TRD. */
    public static final int MIN_SWITCHES = 2;
    /** Distinct antidepressant agents in the episode that make TRD. */
    public static final int MIN_AGENTS = 3;

    private SwitchProxy() {
    }

    /**
     * Consecutive antidepressant trials of one agent.
     *
     * @param end null when the course's last trial is ongoing
     */
    public record Course(String agent, LocalDate start, LocalDate end) {
        /** end − start in days; −1 when ongoing. */
        public long days() {
            return end == null ? -1 : ChronoUnit.DAYS.between(start, end);
        }
    }

    /** What the definition counts in one episode. */
    public record Count(int courses, int agents, int qualifyingSwitches) {
        public static final Count NONE = new Count(0, 0, 0);

        public boolean isTrd() {
            return qualifyingSwitches >= MIN_SWITCHES && agents >= MIN_AGENTS;
        }
    }

    /**
     * The courses of one episode: its antidepressant trials in step order, consecutive trials of the same canonical
     * agent merged (start of the first, end of the last, no end when the last is ongoing). Other treatments
     * (augmentation agents, ECT, psychotherapy, …) neither make a course nor separate two trials of one agent.
     *
     * @param trials one episode's trials in step order (docs/clinical-rules.md §4)
     */
    public static List<Course> courses(List<Trial> trials) {
        List<Course> courses = new ArrayList<>(4);
        for (Trial t : trials) {
            addToCourses(courses, t);
        }
        return courses;
    }

    private static void addToCourses(List<Course> courses, Trial t) {
        if (!t.treatment().isAntidepressant()) {
            return;
        }
        String agent = t.treatment().canonicalName();
        int last = courses.size() - 1;
        if (last >= 0 && courses.get(last).agent().equals(agent)) {
            courses.set(last, new Course(agent, courses.get(last).start(), t.endDate()));
        } else {
            courses.add(new Course(agent, t.startDate(), t.endDate()));
        }
    }

    /**
     * Whether going from course {@code a} directly to course {@code b} is a qualifying switch: {@code a} ended,
     * lasted at least {@value #MIN_COURSE_DAYS} days, and {@code b} (another agent) started 0 to
     * {@value #MAX_GAP_DAYS} days after {@code a} ended. {@code b} starting before {@code a} ended is an overlap
     * (combination or augmentation), not a switch. Whether {@code b}'s agent is new is the caller's question.
     */
    public static boolean isSwitch(Course a, Course b) {
        if (a.end() == null || a.agent().equals(b.agent()) || a.days() < MIN_COURSE_DAYS) {
            return false;
        }
        long gap = ChronoUnit.DAYS.between(a.end(), b.start());
        return gap >= 0 && gap <= MAX_GAP_DAYS;
    }

    /** Counts courses, distinct agents and qualifying switches; a switch back to an earlier agent never counts. */
    public static Count count(List<Course> courses) {
        List<String> agents = new ArrayList<>(4);
        int switches = 0;
        for (int i = 0; i < courses.size(); i++) {
            Course course = courses.get(i);
            boolean earlierAgent = agents.contains(course.agent());
            if (i > 0 && !earlierAgent && isSwitch(courses.get(i - 1), course)) {
                switches++;
            }
            if (!earlierAgent) {
                agents.add(course.agent());
            }
        }
        return new Count(courses.size(), agents.size(), switches);
    }

    /** The count of one episode's trials in step order. */
    public static Count countTrials(List<Trial> trials) {
        return count(courses(trials));
    }

    /**
     * The classification under {@code switch-proxy}: bipolar patients are excluded as under every definition;
     * TRD when the current episode has ≥ {@value #MIN_SWITCHES} qualifying switches and ≥ {@value #MIN_AGENTS}
     * agents; otherwise NOT_TRD when it has an antidepressant trial at all (a records study sees the prescriptions,
     * scores or not), else INSUFFICIENT_DATA. Never PSEUDO_RESISTANT: adequacy is not looked at.
     */
    public static Classification classify(boolean bipolar, Count count) {
        if (bipolar) {
            return Classification.EXCLUDED_BIPOLAR;
        }
        if (count.isTrd()) {
            return Classification.TRD;
        }
        return count.courses() > 0 ? Classification.NOT_TRD : Classification.INSUFFICIENT_DATA;
    }

    /** The classification of a patient already assessed: its current episode's trials are in step order. */
    public static Classification classify(PatientAssessment assessment) {
        // once per patient for the compared column: courses straight from the assessment, no list of trials between
        List<Course> courses = new ArrayList<>(4);
        for (TrialAssessment t : assessment.trials()) {
            if (t.trial().episode() == assessment.currentEpisode()) {
                addToCourses(courses, t.trial());
            }
        }
        return classify(DiagnosisFlags.isBipolar(assessment.patient()), count(courses));
    }
}
