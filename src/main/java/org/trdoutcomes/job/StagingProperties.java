package org.trdoutcomes.job;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * {@code trd.staging.*}: how long the patient-level rows a run staged stay in the job database.
 */
@Component
@ConfigurationProperties("trd.staging")
public class StagingProperties {

    /**
     * Keep the staged patient-level rows (trials, patients, rejections, patient results) of a completed run
     * instead of deleting them once its report is published. Off by default: the published report is the
     * product, and data about patients is kept no longer than needed (data minimisation). Turn on only to
     * investigate a run; the rows are then deleted by the first later completed run that has it off.
     */
    private boolean retain = false;

    public boolean isRetain() {
        return retain;
    }

    public void setRetain(boolean retain) {
        this.retain = retain;
    }
}
