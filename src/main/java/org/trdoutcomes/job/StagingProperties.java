package org.trdoutcomes.job;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code trd.staging.*}: how long the patient-level rows a run staged stay in the job database (docs/robustness.md
 * §5). A record bound at start like {@link TrdProperties}, its default declared once, on its component.
 *
 * @param retain keep the staged patient-level rows (trials, patients, rejections, patient results) of a completed run
 *               instead of deleting them once its report is published. Off by default: the published report is the
 *               product, and data about patients is kept no longer than needed (data minimisation). Turn on only to
 *               investigate a run; the rows are then deleted by the first later completed run that has it off.
 */
@ConfigurationProperties("trd.staging")
public record StagingProperties(@DefaultValue("false") boolean retain) {
}
