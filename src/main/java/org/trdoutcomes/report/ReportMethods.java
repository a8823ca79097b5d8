package org.trdoutcomes.report;

import java.util.LinkedHashMap;
import java.util.Map;

/** The fixed rows of the Definitions sheet: how the report computes what it shows, and the sources. */
final class ReportMethods {

    static final Map<String, String> ROWS;

    static {
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put("Suppression of rates", "A rate and its interval are left empty when its numerator, its denominator"
                + " or their difference is a suppressed count, so no hidden count can be worked back from a rate.");
        rows.put("Response rate", "Responders / evaluable trials (per trial, docs/clinical-rules.md §6).");
        rows.put("Remission rate", "Remitters / evaluable trials (per trial, docs/clinical-rules.md §6).");
        rows.put("TRD response rate, TRD remission rate", "The same over evaluable trials started while the"
                + " patient was already in TRD.");
        rows.put("95% confidence interval", "Wilson score interval, z = 1.959964; none when the denominator is 0.");
        rows.put("TRD prevalence", "TRD / (TRD + Pseudo-resistant + Not TRD); in Breakdowns over the assessed"
                + " patients of the group.");
        rows.put("Cumulative remission", "1 − Π(1 − remission rate of step j) over steps j ≤ k, assuming no drop-out"
                + " (as STAR*D reported its 67%); empty from the first step whose rate is hidden or has no evaluable"
                + " trial.");
        rows.put("Observed cumulative remission", "Of the patient-episodes with an evaluable step-1 trial, the share"
                + " that remitted at any step ≤ k.");
        rows.put("Agreement with standard", "Share of the assessed patients on the same side of TRD / not TRD as"
                + " under the standard definition; not suppressed.");
        rows.put("Kappa", "Cohen's kappa of that 2×2 table; empty when the expected agreement is 1; not suppressed.");
        rows.put("Pathway", "The strategy categories of a patient-episode's steps 1–4 joined with ' → ', and ' → …' when"
                + " the episode had more than 4 steps (docs/clinical-rules.md §9); every episode of every patient not excluded as"
                + " bipolar, as on Treatment steps.");
        rows.put("Pathways: listed and pooled", "A pathway with fewer episodes than the minimum cell count is pooled"
                + " into 'Other pathways' instead of being listed, so the rows still add up to 'All pathways'.");
        rows.put("Share of episodes", "Episodes of the pathway / all pathways' episodes; on the chart, the episodes"
                + " whose trial at step k falls in the category / the episodes entering step k.");
        rows.put("Remitted (Pathways)", "Episodes with a remitter trial at a step ≤ 4; remission rate = remitted /"
                + " episodes.");
        rows.put("After failed step k", "Episodes whose step-k trial failed (improvement below the non-response"
                + " threshold in force) and that had a step k + 1, by the category of that next trial; response and"
                + " remission rates are over those next trials that are evaluable.");
        rows.put("Charts", "A hidden or missing rate is left out of the charts (no bar, no point), never drawn as 0.");
        rows.put("Source: MGH-ATRQ", "Chandler GM, Iosifescu DV, Pollack MH, Targum SD, Fava M. Validation of the"
                + " Massachusetts General Hospital Antidepressant Treatment History Questionnaire (ATRQ)."
                + " CNS Neurosci Ther 2010;16:322–325.");
        rows.put("Source: Thase-Rush stage", "Thase ME, Rush AJ. When at first you don't succeed: sequential"
                + " strategies for antidepressant nonresponders. J Clin Psychiatry 1997;58 Suppl 13:23–29.");
        rows.put("Source: MGH-S", "Fava M. Diagnosis and definition of treatment-resistant depression."
                + " Biol Psychiatry 2003;53:649–659.");
        rows.put("Source: Maudsley Staging Method", "Fekadu A, Wooderson S, Donaldson C, et al. A multidimensional"
                + " tool to quantify treatment resistance in depression: the Maudsley staging method."
                + " J Clin Psychiatry 2009;70:177–184.");
        rows.put("Source: STAR*D", "Rush AJ, Trivedi MH, Wisniewski SR, et al. Acute and longer-term outcomes in"
                + " depressed outpatients requiring one or several treatment steps: a STAR*D report."
                + " Am J Psychiatry 2006;163:1905–1917.");
        rows.put("Source: switch-proxy", "Fabbri C, Hagenaars SP, John C, et al. Genetic and clinical"
                + " characteristics of treatment-resistant depression using primary care records in two UK cohorts."
                + " Mol Psychiatry 2021;26:3363–3373 (adapted: docs/clinical-rules.md §7).");
        rows.put("Source: Wilson interval", "Wilson EB. Probable inference, the law of succession, and statistical"
                + " inference. J Am Stat Assoc 1927;22:209–212.");
        rows.put("Source: Cohen's kappa", "Cohen J. A coefficient of agreement for nominal scales."
                + " Educ Psychol Meas 1960;20:37–46.");
        ROWS = java.util.Collections.unmodifiableMap(rows);
    }

    private ReportMethods() {
    }
}
