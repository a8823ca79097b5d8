package org.trdoutcomes.ingest.omop;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.trdoutcomes.rules.Scale;

/**
 * How a CDM is read.
 *
 * @param asOf       the run's as-of date: later drug and procedure rows are rejected, later scores and diagnoses unused
 * @param scales     scale → the measurement/observation concept ids that carry its total score
 *                   ({@code trd.omop.scales.<SCALE>}); {@link #DEFAULT_SCALES} when not configured
 * @param workFolder where the reader spills its patient buckets (a private sub-folder, deleted on close)
 * @param buckets    number of patient buckets: each is derived in memory on its own, so more buckets, less heap
 */
public record OmopSettings(LocalDate asOf, Map<Scale, List<Long>> scales, Path workFolder, int buckets) {

    /** PHQ-9 total score: LOINC 44261-6, OMOP concept 3042932. */
    public static final long PHQ9_TOTAL_SCORE = 3042932L;
    public static final Map<Scale, List<Long>> DEFAULT_SCALES = Map.of(Scale.PHQ9, List.of(PHQ9_TOTAL_SCORE));
    public static final int DEFAULT_BUCKETS = 64;

    public OmopSettings {
        if (buckets < 1) {
            throw new IllegalArgumentException("buckets must be at least 1");
        }
        Map<Scale, List<Long>> copy = new EnumMap<>(Scale.class);
        copy.putAll(scales == null || scales.isEmpty() ? DEFAULT_SCALES : scales);
        Map<Long, Scale> seen = new HashMap<>();
        for (Map.Entry<Scale, List<Long>> e : copy.entrySet()) {
            for (Long id : e.getValue()) {
                Scale other = seen.put(id, e.getKey());
                if (other != null && other != e.getKey()) {
                    throw new IllegalArgumentException("concept " + id + " is set for both trd.omop.scales." + other
                            + " and trd.omop.scales." + e.getKey() + "; a concept measures one scale");
                }
            }
            e.setValue(List.copyOf(new ArrayList<>(e.getValue())));
        }
        scales = java.util.Collections.unmodifiableMap(copy);
    }

    public OmopSettings(LocalDate asOf, Path workFolder) {
        this(asOf, DEFAULT_SCALES, workFolder, DEFAULT_BUCKETS);
    }

    /**
     * What the Definitions sheet lists for a CDM (omop.md §5): the windows of §4 and the scale concepts in force,
     * in a stable order.
     */
    public Map<String, Object> definitionItems() {
        Map<String, Object> items = new java.util.LinkedHashMap<>();
        items.put("OMOP: rows of a drug continue a course when they start within, days of its latest end",
                CourseDerivation.PERSISTENCE_DAYS);
        items.put("OMOP: a new episode when a course starts more than, days after every earlier course ended",
                CourseDerivation.EPISODE_GAP_DAYS);
        items.put("OMOP: combination when an antidepressant starts at least, days before an earlier one ends",
                CourseDerivation.COMBINATION_OVERLAP_DAYS);
        items.put("OMOP: baseline score window, days before / after the start",
                CourseDerivation.BASELINE_BEFORE_DAYS + " / " + CourseDerivation.BASELINE_AFTER_DAYS);
        items.put("OMOP: outcome score window, days before / after the end",
                CourseDerivation.OUTCOME_WINDOW_DAYS + " / " + CourseDerivation.OUTCOME_WINDOW_DAYS);
        scales.forEach((scale, ids) -> items.put("OMOP: " + scale.code() + " concepts (trd.omop.scales."
                + scale.code() + ")", String.join(", ", ids.stream().map(String::valueOf).toList())));
        return items;
    }

    /**
     * Scales from configuration text ({@code PHQ9 -> "3042932, 40758866"}); PHQ9 keeps its default unless set.
     *
     * @throws IllegalArgumentException naming the key when a scale or an id is not understood
     */
    public static Map<Scale, List<Long>> parseScales(Map<String, String> configured) {
        Map<Scale, List<Long>> result = new EnumMap<>(DEFAULT_SCALES);
        if (configured == null) {
            return result;
        }
        for (Map.Entry<String, String> e : configured.entrySet()) {
            Scale scale = Scale.parse(e.getKey()).orElseThrow(() -> new IllegalArgumentException("trd.omop.scales."
                    + e.getKey() + ": unknown scale; expected PHQ9, HAMD17, MADRS, QIDS_SR16 or BDI_II"));
            List<Long> ids = new ArrayList<>();
            for (String part : e.getValue() == null ? new String[0] : e.getValue().split(",")) {
                if (part.isBlank()) {
                    continue;
                }
                long id = OmopCells.parseLong(part.strip());
                if (id == OmopCells.NOT_A_LONG) {
                    throw new IllegalArgumentException("trd.omop.scales." + e.getKey() + ": '" + part.strip()
                            + "' is not a concept id");
                }
                ids.add(id);
            }
            if (ids.isEmpty()) {
                result.remove(scale);
            } else {
                result.put(scale, ids);
            }
        }
        return result;
    }
}
