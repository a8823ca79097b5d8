package org.trdoutcomes.classify;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongConsumer;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.trdoutcomes.ingest.BucketReconciliation;
import org.trdoutcomes.report.PatientLine;
import org.trdoutcomes.rules.Classification;
import org.trdoutcomes.rules.PatientAssessment;
import org.trdoutcomes.rules.Treatment;
import org.trdoutcomes.staging.BucketReader;
import org.trdoutcomes.staging.IssueTable;
import org.trdoutcomes.staging.PatientResultFile;
import org.trdoutcomes.staging.TallyFile;
import org.trdoutcomes.staging.WorkFolder;

/**
 * One partition of the classify step: reads one bucket (every row of its patients), reconciles it (duplicates,
 * patients missing from the patients files), classifies each patient under every profile, and leaves three things:
 * the bucket's classified patients sorted by id (a result file for the Patients sheet), its rejections and warnings
 * (TRD_ISSUE), its {@link OutcomeTally} ({@link TallyFile}) and its accepted-row counts in the partition's execution
 * context. All of it
 * in one transaction with the partition's completion, so a partition is done whole or not at all, and a restart
 * re-runs only the partitions that did not complete. The same code runs in a thread or in a worker process.
 */
public class ClassifyBucketTasklet implements Tasklet {

    /** Set once the partition's work is committed (its tally is in {@link TallyFile}). */
    public static final String DONE_KEY = "classify.done";
    /** Accepted rows per input file in the bucket (long[]). */
    public static final String ACCEPTED_KEY = "classify.accepted";
    /** Patients in the bucket (long). */
    public static final String PATIENTS_KEY = "classify.patients";

    private final JdbcTemplate jdbc;
    private final WorkFolder work;
    private final int bucket;
    private final List<String> fileNames;
    private final boolean hasPatientsFiles;
    private final Function<String, Treatment> treatments;
    private final ProfileSet profiles;
    private final LocalDate asOf;
    private final LongConsumer progress;

    /**
     * @param progress told the number of patients once the bucket is classified
     */
    public ClassifyBucketTasklet(JdbcTemplate jdbc, WorkFolder work, int bucket, List<String> fileNames,
                                 boolean hasPatientsFiles, Function<String, Treatment> treatments, ProfileSet profiles,
                                 LocalDate asOf, LongConsumer progress) {
        this.jdbc = jdbc;
        this.work = work;
        this.bucket = bucket;
        this.fileNames = List.copyOf(fileNames);
        this.hasPatientsFiles = hasPatientsFiles;
        this.treatments = treatments;
        this.profiles = profiles;
        this.asOf = asOf;
        this.progress = progress;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        BucketReader.Bucket rows = BucketReader.read(work, bucket, fileNames.size(), treatments);
        BucketReconciliation reconciliation = new BucketReconciliation(fileNames, hasPatientsFiles);
        OutcomeTally tally = new OutcomeTally(profiles.compared().size(),
                profiles.inForce().thresholds().minFailedTrials());
        List<Integer> extra = extraProfileIndexes(profiles);
        List<PatientLine> lines = new ArrayList<>();
        reconciliation.reconcile(rows, patient -> {
            ClassifiedPatient classified = profiles.classify(patient, asOf);
            tally.add(classified);
            lines.add(line(classified, extra));
        });
        PatientResultFile.write(work, bucket, lines);
        TallyFile.write(work, bucket, tally);
        ExecutionContext context = contribution.getStepExecution().getExecutionContext();
        if (context.containsKey(DONE_KEY)) {
            // an earlier attempt of this partition committed its work but did not complete: replace its issues
            IssueTable.deleteBucket(jdbc, work.runId(), bucket);
        }
        IssueTable.insert(jdbc, work.runId(), IssueTable.ofBucket(bucket, reconciliation.issues()));

        context.put(DONE_KEY, Boolean.TRUE);
        context.put(ACCEPTED_KEY, reconciliation.accepted());
        context.putLong(PATIENTS_KEY, lines.size());
        contribution.getStepExecution().setReadCount(rows.trials().size() + rows.patients().size());
        contribution.incrementWriteCount(lines.size());
        progress.accept(lines.size());
        return RepeatStatus.FINISHED;
    }

    /** Indexes (into the compared profiles) of the profiles shown as extra Patients columns. */
    static List<Integer> extraProfileIndexes(ProfileSet profiles) {
        List<Integer> extra = new ArrayList<>();
        for (int i = 0; i < profiles.compared().size(); i++) {
            if (!profiles.compared().get(i).name().equals(profiles.inForce().name())) {
                extra.add(i);
            }
        }
        return extra;
    }

    /** The patient's row of the Patients sheet. */
    static PatientLine line(ClassifiedPatient c, List<Integer> extraProfileIndexes) {
        PatientAssessment a = c.assessment();
        List<String> others = new ArrayList<>(extraProfileIndexes.size());
        for (int i : extraProfileIndexes) {
            Classification other = c.classificationsByProfile().get(i);
            others.add(other.name());
        }
        return new PatientLine(a.patient().patientId(), a.patient().site(), a.currentEpisode(),
                a.antidepressantTrials(), a.failedAgents(), a.adequatelyFailedAgents(), a.classification().name(),
                a.thaseRushStage(), a.mghScore(), a.maudsley() == null ? null : a.maudsley().total(),
                a.maudsley() == null ? null : a.maudsley().category().label(), a.flagText(), List.copyOf(others));
    }
}
