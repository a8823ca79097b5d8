package org.trdoutcomes.job;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Everything a clinic can set under {@code trd.*} (application.yml, {@code --trd.x=y}, environment variables).
 * Defaults are those of the spec (rules.md, report.md, input.md); the Definitions sheet prints the values in force.
 */
@ConfigurationProperties("trd")
public class TrdProperties {

    private final Rules rules = new Rules();
    private final Report report = new Report();
    private final Ingest ingest = new Ingest();

    public Rules getRules() {
        return rules;
    }

    public Report getReport() {
        return report;
    }

    public Ingest getIngest() {
        return ingest;
    }

    /** Thresholds of rules.md; they define the {@code standard} profile, from which the built-in profiles derive. */
    public static class Rules {
        /** Profile the whole report uses (rules.md §7): standard, eu-pearl, strict, any-failure or a user profile. */
        private String profile = "standard";
        /** Minimum trial duration in weeks for an adequate antidepressant trial (rules.md §4). */
        private int minWeeks = 6;
        /** A trial failed when its improvement is below this fraction (rules.md §4). */
        private double nonResponseThreshold = 0.50;
        /** Adherence below this percentage makes a trial inadequate (rules.md §4). */
        private double minAdherencePct = 80;
        /** Adequately failed agents that make TRD (rules.md §5). */
        private int minFailedTrials = 2;
        /** Sessions that make an adequate ECT course (rules.md §4). */
        private int minEctSessions = 6;
        /** Optional user catalogue file (same format as the shipped one) that extends or overrides it. */
        private String catalogueExtension;
        /** User-defined profiles, keyed by name. */
        private Map<String, UserProfile> profiles = new LinkedHashMap<>();

        public String getProfile() {
            return profile;
        }

        public void setProfile(String profile) {
            this.profile = profile;
        }

        public int getMinWeeks() {
            return minWeeks;
        }

        public void setMinWeeks(int minWeeks) {
            this.minWeeks = minWeeks;
        }

        public double getNonResponseThreshold() {
            return nonResponseThreshold;
        }

        public void setNonResponseThreshold(double nonResponseThreshold) {
            this.nonResponseThreshold = nonResponseThreshold;
        }

        public double getMinAdherencePct() {
            return minAdherencePct;
        }

        public void setMinAdherencePct(double minAdherencePct) {
            this.minAdherencePct = minAdherencePct;
        }

        public int getMinFailedTrials() {
            return minFailedTrials;
        }

        public void setMinFailedTrials(int minFailedTrials) {
            this.minFailedTrials = minFailedTrials;
        }

        public int getMinEctSessions() {
            return minEctSessions;
        }

        public void setMinEctSessions(int minEctSessions) {
            this.minEctSessions = minEctSessions;
        }

        public String getCatalogueExtension() {
            return catalogueExtension;
        }

        public void setCatalogueExtension(String catalogueExtension) {
            this.catalogueExtension = catalogueExtension;
        }

        public Map<String, UserProfile> getProfiles() {
            return profiles;
        }

        public void setProfiles(Map<String, UserProfile> profiles) {
            this.profiles = profiles;
        }
    }

    /** A user-defined definition of TRD (rules.md §7); unset values come from the standard profile. */
    public static class UserProfile {
        private String description = "User-defined profile";
        private String source = "clinic configuration";
        private Integer minWeeks;
        private Double nonResponseThreshold;
        private Boolean adequacyChecked;
        private Integer minFailedTrials;

        public String getDescription() {
            return description;
        }

        public void setDescription(String description) {
            this.description = description;
        }

        public String getSource() {
            return source;
        }

        public void setSource(String source) {
            this.source = source;
        }

        public Integer getMinWeeks() {
            return minWeeks;
        }

        public void setMinWeeks(Integer minWeeks) {
            this.minWeeks = minWeeks;
        }

        public Double getNonResponseThreshold() {
            return nonResponseThreshold;
        }

        public void setNonResponseThreshold(Double nonResponseThreshold) {
            this.nonResponseThreshold = nonResponseThreshold;
        }

        public Boolean getAdequacyChecked() {
            return adequacyChecked;
        }

        public void setAdequacyChecked(Boolean adequacyChecked) {
            this.adequacyChecked = adequacyChecked;
        }

        public Integer getMinFailedTrials() {
            return minFailedTrials;
        }

        public void setMinFailedTrials(Integer minFailedTrials) {
            this.minFailedTrials = minFailedTrials;
        }
    }

    public static class Report {
        /** Small-cell suppression threshold (report.md): 5 as OHDSI tools use, 11 for CMS-style release, 1 = off. */
        private int minCellCount = 5;
        /** Leave the row-level Patients sheet out (reports that leave the clinic). */
        private boolean includePatients = true;

        public int getMinCellCount() {
            return minCellCount;
        }

        public void setMinCellCount(int minCellCount) {
            this.minCellCount = minCellCount;
        }

        public boolean isIncludePatients() {
            return includePatients;
        }

        public void setIncludePatients(boolean includePatients) {
            this.includePatients = includePatients;
        }
    }

    public static class Ingest {
        /** A file with more than this share of its rows rejected fails the run (input.md). */
        private double maxRejectFraction = 0.10;
        /** Rows per transaction while staging the extract. */
        private int chunkSize = 2000;

        public double getMaxRejectFraction() {
            return maxRejectFraction;
        }

        public void setMaxRejectFraction(double maxRejectFraction) {
            this.maxRejectFraction = maxRejectFraction;
        }

        public int getChunkSize() {
            return chunkSize;
        }

        public void setChunkSize(int chunkSize) {
            this.chunkSize = chunkSize;
        }
    }
}
