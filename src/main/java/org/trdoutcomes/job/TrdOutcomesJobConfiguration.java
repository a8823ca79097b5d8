package org.trdoutcomes.job;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.configuration.annotation.JobScope;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.transaction.PlatformTransactionManager;
import org.trdoutcomes.classify.ClassifyBucketTasklet;
import org.trdoutcomes.classify.OutcomeTally;
import org.trdoutcomes.classify.ProfileSet;
import org.trdoutcomes.ingest.ExtractCheck;
import org.trdoutcomes.ingest.ExtractDiscovery;
import org.trdoutcomes.ingest.ExtractFileItemReader;
import org.trdoutcomes.ingest.ExtractFileReader;
import org.trdoutcomes.ingest.ExtractManifest;
import org.trdoutcomes.ingest.FileKind;
import org.trdoutcomes.ingest.IngestAccounting;
import org.trdoutcomes.ingest.InputFile;
import org.trdoutcomes.ingest.RowBlock;
import org.trdoutcomes.ingest.RowBlockReader;
import org.trdoutcomes.ingest.omop.CdmDatabase;
import org.trdoutcomes.ingest.omop.CdmFolder;
import org.trdoutcomes.ingest.omop.CdmSource;
import org.trdoutcomes.ingest.omop.CdmTable;
import org.trdoutcomes.ingest.omop.CdmTableAccount;
import org.trdoutcomes.ingest.omop.InputFormat;
import org.trdoutcomes.ingest.omop.OmopItemReader;
import org.trdoutcomes.ingest.omop.OmopSettings;
import org.trdoutcomes.ingest.WarningCode;
import org.trdoutcomes.report.NightHistory;
import org.trdoutcomes.report.ReportAssembler;
import org.trdoutcomes.report.ReportModel;
import org.trdoutcomes.report.ReportPublisher;
import org.trdoutcomes.report.ReportWriter;
import org.trdoutcomes.rules.DefinitionProfile;
import org.trdoutcomes.rules.DefinitionProfiles;
import org.trdoutcomes.rules.RuleThresholds;
import org.trdoutcomes.rules.TreatmentCatalogue;
import org.trdoutcomes.scale.PartitionHandlers;
import org.trdoutcomes.staging.BucketItemWriter;
import org.trdoutcomes.staging.Buckets;
import org.trdoutcomes.staging.IssueTable;
import org.trdoutcomes.staging.PatientResultFile;
import org.trdoutcomes.staging.TallyFile;
import org.trdoutcomes.staging.WorkFolder;

/**
 * The job {@value #JOB_NAME}, read top to bottom like the data's trip:
 * <ol>
 * <li>{@code check}: find the extract's files, refuse a bad header before anything is staged, choose the buckets;</li>
 * <li>{@code ingest}, partitioned by file: CSV → validated rows, accepted rows appended to per-patient-hash bucket
 * files, rejections to TRD_ISSUE;</li>
 * <li>{@code classify}, partitioned by bucket: each bucket reconciled (duplicates) and its patients classified, in
 * memory; a sorted result file and a tally per bucket;</li>
 * <li>{@code reconcile}: the tallies merged, the accounting of every file, the reject-fraction check;</li>
 * <li>{@code report}: tallies → workbook, published atomically.</li>
 * </ol>
 * Partitions run on {@code trd.partition.threads} threads, or on worker processes with
 * {@code trd.partition.mode=remote} (org.trdoutcomes.scale: the same partitioners and worker steps). Every step works on data keyed by the run (job instance),
 * so a restart resumes — re-running only unfinished partitions — and runs never mix. Design: docs/architecture.md.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({TrdProperties.class, StagingProperties.class})
public class TrdOutcomesJobConfiguration {

    private static final Logger log = LoggerFactory.getLogger(TrdOutcomesJobConfiguration.class);

    public static final String JOB_NAME = "trdOutcomesJob";
    public static final String CHECK = "check";
    public static final String INGEST = "ingest";
    public static final String INGEST_FILE = "ingestFile";
    public static final String CLASSIFY = "classify";
    public static final String CLASSIFY_BUCKET = "classifyBucket";
    public static final String RECONCILE = "reconcile";
    public static final String REPORT = "report";
    /** Exit code of a step that refused the extract; its exit description is the one-line reason. */
    public static final String EXTRACT_REFUSED = "EXTRACT_REFUSED";
    /** Job execution context key of the published report's path. */
    public static final String REPORT_PATH_KEY = "report.path";
    /** Job execution context: the number of buckets of the run (int), chosen once by {@code check}. */
    public static final String BUCKETS_KEY = "trd.buckets";
    /** Job execution context: the extract's size in bytes (long), for the ingest's progress. */
    public static final String INPUT_BYTES_KEY = "trd.inputBytes";
    /** Reconcile step context: the merged {@link OutcomeTally} of all partitions. */
    public static final String TALLY_KEY = "reconcile.tally";

    @Bean
    public TreatmentCatalogue treatmentCatalogue(TrdProperties properties) throws IOException {
        TreatmentCatalogue catalogue = TreatmentCatalogue.defaults();
        String extension = properties.rules().catalogueExtension();
        if (extension != null && !extension.isBlank()) {
            try (Reader reader = Files.newBufferedReader(Path.of(extension), StandardCharsets.UTF_8)) {
                catalogue = catalogue.extendedWith(reader, extension);
            }
        }
        return catalogue;
    }

    @Bean
    public ProfileSet profileSet(TrdProperties properties) {
        TrdProperties.Rules r = properties.rules();
        RuleThresholds standard = new RuleThresholds(r.minWeeks(), r.nonResponseThreshold(),
                RuleThresholds.standard().responseThreshold(), r.minAdherencePct(), r.minFailedTrials(),
                r.minEctSessions(), true);
        List<DefinitionProfile> profiles = new ArrayList<>(DefinitionProfiles.builtIn(standard));
        r.profiles().forEach((name, p) -> profiles.add(new DefinitionProfile(name, p.description(),
                p.source(), new RuleThresholds(
                p.minWeeks() == null ? standard.minWeeks() : p.minWeeks(),
                p.nonResponseThreshold() == null ? standard.nonResponseThreshold() : p.nonResponseThreshold(),
                standard.responseThreshold(), standard.minAdherencePct(),
                p.minFailedTrials() == null ? standard.minFailedTrials() : p.minFailedTrials(),
                standard.minEctSessions(),
                p.adequacyChecked() == null ? standard.adequacyChecked() : p.adequacyChecked()))));
        DefinitionProfile inForce = profiles.stream().filter(p -> p.name().equals(r.profile())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown trd.rules.profile '" + r.profile()
                        + "'; known: " + profiles.stream().map(DefinitionProfile::name).toList()));
        return new ProfileSet(inForce, profiles);
    }

    /** The execution running in this process: named in the run lock, stopped on SIGTERM (see launch). */
    @Bean
    public ActiveRun activeRun() {
        return new ActiveRun();
    }

    @Bean
    public Job trdOutcomesJob(JobRepository jobRepository, Step checkStep, Step ingestStep, Step classifyStep,
                              Step reconcileStep, Step reportStep, ActiveRun activeRun, StagingPurge stagingPurge) {
        return new JobBuilder(JOB_NAME, jobRepository)
                .listener(activeRun)
                .listener(stagingPurge)
                .start(checkStep)
                .next(ingestStep)
                .next(classifyStep)
                .next(reconcileStep)
                .next(reportStep)
                .build();
    }

    /** The threads the partitions of a step run on, one per core by default ({@code trd.partition.threads}). */
    @Bean(destroyMethod = "shutdown")
    public ThreadPoolTaskExecutor partitionTaskExecutor(TrdProperties properties) {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        int threads = properties.partition().effectiveThreads();
        executor.setCorePoolSize(threads);
        executor.setMaxPoolSize(threads);
        executor.setThreadNamePrefix("trd-partition-");
        executor.setWaitForTasksToCompleteOnShutdown(false);
        executor.initialize();
        return executor;
    }

    // ---- check --------------------------------------------------------------------------------------------------

    @Bean
    public Step checkStep(JobRepository jobRepository, PlatformTransactionManager transactionManager, ActiveRun activeRun,
                          JdbcTemplate jdbcTemplate, TreatmentCatalogue catalogue, TrdProperties properties) {
        return new StepBuilder(CHECK, jobRepository)
                .tasklet((contribution, chunkContext) -> {
                    StepExecution step = contribution.getStepExecution();
                    JobExecution job = step.getJobExecution();
                    if (isOmop(job, properties)) {
                        checkCdm(job, properties);
                        return RepeatStatus.FINISHED;
                    }
                    LocalDate asOf = job.getJobParameters().getLocalDate("asOf");
                    // the launcher checked the extract already; checked again here because it may have changed since:
                    // a refused header fails the run before anything is staged (docs/data-contract.md)
                    ExtractCheck.Checked checked = ExtractCheck.check(
                            Path.of(job.getJobParameters().getString("input")), asOf, catalogue::find);
                    ExtractManifest manifest = checked.manifest();
                    long bytes = checked.bytes();
                    TrdProperties.Partition p = properties.partition();
                    int buckets = plan(job, Buckets.count(p.buckets(), bytes, p.bucketSize().toBytes(),
                            p.effectiveThreads()), bytes);
                    // this step runs again at every restart (see below): its warnings replace its earlier ones
                    jdbcTemplate.update("DELETE FROM TRD_ISSUE WHERE RUN_ID = ? AND SEQ = 0 AND REASON = ?", runId(step),
                            WarningCode.IGNORED_FILE.name());
                    List<IssueTable.Issue> ignored = new ArrayList<>();
                    List<Path> files = manifest.ignoredFiles();
                    for (int i = 0; i < files.size(); i++) {
                        String name = files.get(i).getFileName().toString();
                        // before every file's header warnings (SEQ 0, negative order)
                        ignored.add(new IssueTable.Issue(0L, i - files.size(), false, name, null, null, null,
                                WarningCode.IGNORED_FILE.name(), "File " + name
                                + " is neither a trials*.csv nor a patients*.csv extract and was not read."));
                    }
                    IssueTable.insert(jdbcTemplate, runId(step), ignored);
                    log.info("Extract: {} files, {} MB, {} buckets on {} threads", manifest.files().size(),
                            String.format("%.1f", bytes / 1048576.0), buckets, p.effectiveThreads());
                    return RepeatStatus.FINISHED;
                }, transactionManager)
                // Run at every restart too: the plan goes to the job's execution context, which Spring Batch saves in
                // a transaction of its own after the step's; a process killed between the two would otherwise leave a
                // COMPLETED check and no plan. Idempotent: the plan of a first attempt is kept (plan(..)).
                .allowStartIfComplete(true)
                .listener(new StepTimingListener())
                .listener(activeRun)
                .build();
    }

    /**
     * Records the run's plan in the job's execution context and returns its bucket count: the one chosen by an earlier
     * attempt of the run when there is one (its files are staged in that many buckets), else {@code buckets}.
     */
    static int plan(JobExecution job, int buckets, long bytes) {
        ExecutionContext context = job.getExecutionContext();
        if (!context.containsKey(BUCKETS_KEY)) {
            context.putInt(BUCKETS_KEY, buckets);
        }
        context.putLong(INPUT_BYTES_KEY, bytes);
        return context.getInt(BUCKETS_KEY);
    }

    // ---- ingest: one partition per input file ---------------------------------------------------------------------

    @Bean
    public Step ingestStep(JobRepository jobRepository, ActiveRun activeRun, Step ingestFileStep, Partitioner filePartitioner,
                           PartitionHandlers partitionHandlers, ProgressBoard progressBoard) {
        return new StepBuilder(INGEST, jobRepository)
                .partitioner(INGEST_FILE, filePartitioner)
                .partitionHandler(partitionHandlers.forStep(ingestFileStep))
                .listener(new StepTimingListener())
                .listener(activeRun)
                .listener(progressBoard.resetOn(INGEST, "of the bytes", "rows"))
                .build();
    }

    @Bean
    @JobScope
    public Partitioner filePartitioner(@Value("#{jobParameters['input']}") String input, TrdProperties properties) {
        // an OMOP CDM is one partition: its tables are read together (omop.md §4 needs all of a person's rows)
        List<InputFile> files = InputFormat.of(input, properties.input().format()) == InputFormat.OMOP
                ? List.of(new InputFile(0, Path.of(CdmTable.DRUG_EXPOSURE.tableName()), FileKind.CDM_TABLE))
                : ExtractDiscovery.discover(Path.of(input)).files();
        return gridSize -> {
            Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
            for (InputFile file : files) {
                // a partition's file comes from its name (partitionIndex): nothing else goes in its context
                partitions.put("file" + file.index(), new ExecutionContext());
            }
            return partitions;
        };
    }

    @Bean
    public Step ingestFileStep(JobRepository jobRepository, ActiveRun activeRun, PlatformTransactionManager transactionManager,
                               RowBlockReader extractFileReader, BucketItemWriter bucketItemWriter,
                               TrdProperties properties, ProgressBoard progressBoard) {
        return new StepBuilder(INGEST_FILE, jobRepository)
                .<RowBlock, RowBlock>chunk(1)
                .transactionManager(transactionManager)
                .reader(extractFileReader)
                .writer(bucketItemWriter)
                .listener(progressBoard.ingestListener(extractFileReader))
                .listener(new PartitionLog())
                .listener(activeRun)
                .build();
    }

    @Bean
    @StepScope
    public RowBlockReader extractFileReader(@Value("#{jobParameters['input']}") String input,
                                            @Value("#{jobParameters['asOf']}") LocalDate asOf,
                                            @Value("#{stepExecution}") StepExecution step,
                                            TreatmentCatalogue catalogue, TrdProperties properties) {
        if (isOmop(step.getJobExecution(), properties)) {
            JobExecution job = step.getJobExecution();
            return new OmopItemReader(() -> cdmSource(input, properties), omopSettings(properties, job), catalogue,
                    properties.ingest().chunkSize(), job.getExecutionContext().getLong(INPUT_BYTES_KEY, 0L));
        }
        InputFile inputFile = ExtractDiscovery.discover(Path.of(input)).files().get(partitionIndex(step, "file"));
        return new ExtractFileItemReader(inputFile, asOf, catalogue::find, properties.ingest().chunkSize());
    }

    @Bean
    @StepScope
    public BucketItemWriter bucketItemWriter(JdbcTemplate jdbcTemplate, TrdProperties properties,
                                             @Value("#{stepExecution}") StepExecution step) {
        return new BucketItemWriter(jdbcTemplate, workFolder(properties, step.getJobExecution()),
                partitionIndex(step, "file"), buckets(step.getJobExecution()));
    }

    // ---- classify: one partition per bucket -----------------------------------------------------------------------

    @Bean
    public Step classifyStep(JobRepository jobRepository, ActiveRun activeRun, Step classifyBucketStep, Partitioner bucketPartitioner,
                             PartitionHandlers partitionHandlers, ProgressBoard progressBoard) {
        return new StepBuilder(CLASSIFY, jobRepository)
                .partitioner(CLASSIFY_BUCKET, bucketPartitioner)
                .partitionHandler(partitionHandlers.forStep(classifyBucketStep))
                .listener(new StepTimingListener())
                .listener(activeRun)
                .listener(progressBoard.resetOn(CLASSIFY, "of the buckets", "patients"))
                .build();
    }

    @Bean
    @JobScope
    public Partitioner bucketPartitioner(@Value("#{jobExecutionContext['" + BUCKETS_KEY + "']}") Integer buckets) {
        return gridSize -> {
            Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
            for (int b = 0; b < buckets; b++) {
                partitions.put("bucket" + b, new ExecutionContext());
            }
            return partitions;
        };
    }

    @Bean
    public Step classifyBucketStep(JobRepository jobRepository, ActiveRun activeRun, PlatformTransactionManager transactionManager,
                                   ClassifyBucketTasklet classifyBucketTasklet, TrdProperties properties) {
        return new StepBuilder(CLASSIFY_BUCKET, jobRepository)
                .tasklet(classifyBucketTasklet, transactionManager)
                .listener(new PartitionLog())
                .listener(activeRun)
                .build();
    }

    @Bean
    @StepScope
    public ClassifyBucketTasklet classifyBucketTasklet(JdbcTemplate jdbcTemplate, TrdProperties properties,
                                                       TreatmentCatalogue catalogue, ProfileSet profileSet,
                                                       ProgressBoard progressBoard,
                                                       @Value("#{stepExecution}") StepExecution step) {
        JobExecution job = step.getJobExecution();
        int bucket = partitionIndex(step, "bucket");
        ExtractManifest manifest = isOmop(job, properties) ? cdmManifest() : manifest(job);
        List<String> names = manifest.files().stream().map(InputFile::name).toList();
        // the OMOP reader gives each patient once and warns of persons without a person row itself
        boolean patientsFiles = manifest.files().stream().anyMatch(f -> f.kind() == FileKind.PATIENTS);
        int buckets = buckets(job);
        return new ClassifyBucketTasklet(jdbcTemplate, workFolder(properties, job), bucket, names, patientsFiles,
                name -> catalogue.find(name).orElse(null), profileSet, job.getJobParameters().getLocalDate("asOf"),
                patients -> progressBoard.get(CLASSIFY).advance(patients, 1.0 / buckets,
                        () -> "bucket " + bucket + " of " + buckets));
    }

    /**
     * The file or bucket a partition works on, from its name ({@code ingestFile:file3}, {@code classifyBucket:bucket7}):
     * the name is what Spring Batch keys a partition's restart by, and it is there even when a failure came between
     * creating the partition and saving its context.
     */
    static int partitionIndex(StepExecution step, String prefix) {
        String name = step.getStepName();
        int at = name.lastIndexOf(':' + prefix);
        if (at < 0) {
            throw new IllegalStateException("Step " + name + " is not a '" + prefix + "' partition");
        }
        return Integer.parseInt(name.substring(at + 1 + prefix.length()));
    }

    // ---- reconcile: merge the partitions, account for every row ---------------------------------------------------

    @Bean
    public Step reconcileStep(JobRepository jobRepository, ActiveRun activeRun, PlatformTransactionManager transactionManager,
                              JdbcTemplate jdbcTemplate, TrdProperties properties) {
        return new StepBuilder(RECONCILE, jobRepository)
                .tasklet((contribution, chunkContext) -> {
                    StepExecution step = contribution.getStepExecution();
                    JobExecution job = step.getJobExecution();
                    boolean omop = isOmop(job, properties);
                    List<InputFile> files = omop ? new ArrayList<>() : manifest(job).files();
                    long[] rowsRead = new long[omop ? CdmTable.values().length : files.size()];
                    String[] sha256 = new String[rowsRead.length];
                    long[] cdmAccepted = new long[rowsRead.length];
                    if (omop) {
                        // derived trials are not one per row: the OMOP reader counted each table's rows itself
                        @SuppressWarnings("unchecked")
                        List<CdmTableAccount> accounts = (List<CdmTableAccount>) partition(jobRepository, job,
                                INGEST_FILE, "file0").get(OmopItemReader.ACCOUNTS_KEY);
                        for (CdmTableAccount a : accounts) {
                            files.add(new InputFile(a.index(), Path.of(a.source()), FileKind.CDM_TABLE));
                            rowsRead[a.index()] = a.rowsRead();
                            sha256[a.index()] = a.sha256();
                            cdmAccepted[a.index()] = a.rowsAccepted();
                        }
                    }
                    for (InputFile file : omop ? List.<InputFile>of() : files) {
                        ExecutionContext c = partition(jobRepository, job, INGEST_FILE, "file" + file.index());
                        rowsRead[file.index()] = c.getLong(ExtractFileItemReader.ROWS_READ_KEY, 0L);
                        sha256[file.index()] = c.containsKey(ExtractFileItemReader.SHA256_KEY)
                                ? c.getString(ExtractFileItemReader.SHA256_KEY) : null;
                    }
                    // per ingest partition file: a CDM is one (its per-table counts are cdmAccepted)
                    long[] accepted = new long[omop ? 1 : files.size()];
                    OutcomeTally tally = null;
                    int buckets = buckets(job);
                    for (int b = 0; b < buckets; b++) {
                        ExecutionContext c = partition(jobRepository, job, CLASSIFY_BUCKET, "bucket" + b);
                        long[] bucketAccepted = (long[]) c.get(ClassifyBucketTasklet.ACCEPTED_KEY);
                        for (int f = 0; f < accepted.length; f++) {
                            accepted[f] += bucketAccepted[f];
                        }
                        OutcomeTally bucketTally = TallyFile.read(workFolder(properties, job), b);
                        if (tally == null) {
                            tally = bucketTally;
                        } else {
                            tally.merge(bucketTally);
                        }
                    }
                    try {
                        new IngestAccounting(jdbcTemplate, runId(step), properties.ingest().maxRejectFraction())
                                .account(files, rowsRead, sha256, omop ? cdmAccepted : accepted);
                    } catch (IngestAccounting.RejectFractionExceeded refused) {
                        // A refusal we expect, said by the launcher in one line: thrown, it would be logged by
                        // Spring Batch with its stack trace. The step fails without an exception (its status is
                        // kept over COMPLETED), so the job fails and a restart runs this check again.
                        step.setStatus(BatchStatus.FAILED);
                        step.setExitStatus(new ExitStatus(EXTRACT_REFUSED, refused.getMessage()));
                        return RepeatStatus.FINISHED;
                    }
                    step.getExecutionContext().put(TALLY_KEY, tally);
                    return RepeatStatus.FINISHED;
                }, transactionManager)
                .listener(new StepTimingListener())
                .listener(activeRun)
                .build();
    }

    /** The execution context of a partition's last execution in this job instance (it may be an earlier attempt's). */
    private static ExecutionContext partition(JobRepository repository, JobExecution job, String workerStep,
                                              String partition) {
        StepExecution last = repository.getLastStepExecution(job.getJobInstance(), workerStep + ":" + partition);
        if (last == null) {
            throw new IllegalStateException("Partition " + workerStep + ":" + partition + " has no execution");
        }
        return last.getExecutionContext();
    }

    // ---- report -------------------------------------------------------------------------------------------------

    @Bean
    public Step reportStep(JobRepository jobRepository, ActiveRun activeRun, PlatformTransactionManager transactionManager,
                           DataSource dataSource, ProfileSet profileSet, TrdProperties properties,
                           ProgressBoard progressBoard, NightHistory history) {
        JdbcTemplate streaming = new JdbcTemplate(dataSource);
        streaming.setFetchSize(2000);
        ReportPublisher publisher = new ReportPublisher(streaming, new ReportWriter());
        return new StepBuilder(REPORT, jobRepository)
                .tasklet((contribution, chunkContext) -> {
                    StepExecution step = contribution.getStepExecution();
                    JobExecution job = step.getJobExecution();
                    long runId = runId(step);
                    StepExecution reconcile = jobRepository.getLastStepExecution(job.getJobInstance(), RECONCILE);
                    OutcomeTally tally = (OutcomeTally) reconcile.getExecutionContext().get(TALLY_KEY);
                    ReportModel model = ReportAssembler.assemble(tally, runFacts(streaming, runId, step, profileSet,
                            properties));
                    String output = job.getJobParameters().getString("output");
                    Progress progress = progressBoard.get(REPORT);
                    long patients = model.summary().patients();
                    Path report = publisher.publish(model, runId, Path.of(output), job.getId(),
                            PatientResultFile.merged(workFolder(properties, job), buckets(job)),
                            new ReportStepProgress(progress::advance, patients, model.includePatients()), history);
                    job.getExecutionContext().putString(REPORT_PATH_KEY, report.toString());
                    log.info("Summary: {} patients, {} TRD, {} rows rejected of {} read", model.summary().patients(),
                            model.summary().trd(), model.summary().rowsRejected(), model.summary().rowsRead());
                    return RepeatStatus.FINISHED;
                }, transactionManager)
                .listener(new StepTimingListener())
                .listener(activeRun)
                .listener(progressBoard.resetOn(REPORT, "of the step", "patients"))
                .build();
    }

    /** The trend and the previous night's classifications, kept in the report step's transaction. */
    @Bean
    public NightHistory nightHistory(JdbcTemplate jdbcTemplate, TrdProperties properties) {
        return new NightHistory(jdbcTemplate, properties.report().trendNights(),
                properties.report().comparePrevious());
    }

    private static ReportAssembler.RunFacts runFacts(JdbcTemplate jdbc, long runId, StepExecution step,
                                                     ProfileSet profiles, TrdProperties properties) {
        List<ReportModel.InputFileAccount> files = jdbc.query("""
                SELECT FILE_NAME, KIND, ROWS_READ, ROWS_ACCEPTED, ROWS_REJECTED, SHA256 FROM TRD_INPUT_FILE
                WHERE RUN_ID = ? ORDER BY FILE_INDEX""",
                (rs, n) -> new ReportModel.InputFileAccount(rs.getString(1), rs.getString(2), rs.getLong(3),
                        rs.getLong(4), rs.getLong(5), rs.getString(6)), runId);
        Map<String, Long> reasons = new LinkedHashMap<>();
        jdbc.query("SELECT REASON, COUNT(*) FROM TRD_ISSUE WHERE RUN_ID = ? GROUP BY REASON ORDER BY REASON",
                rs -> {
                    reasons.put(rs.getString(1), rs.getLong(2));
                }, runId);
        String extension = properties.rules().catalogueExtension();
        return new ReportAssembler.RunFacts(LocalDateTime.now(),
                step.getJobExecution().getJobParameters().getLocalDate("asOf"), files, reasons, profiles.inForce(),
                profiles.compared(), profiles.others(), properties.ingest().maxRejectFraction(),
                extension == null || extension.isBlank() ? "built-in (catalogue/treatments.csv)"
                        : "built-in (catalogue/treatments.csv) extended by " + extension,
                properties.report().minCellCount(), properties.report().includePatients(),
                isOmop(step.getJobExecution(), properties) ? ReportModel.OMOP_CDM : ReportModel.TRIALS_EXTRACT,
                isOmop(step.getJobExecution(), properties)
                        ? omopSettings(properties, step.getJobExecution()).definitionItems() : Map.of());
    }

    // ---- the run's identity and plan --------------------------------------------------------------------------------

    /** The staging key of a run: its job instance, so that a restart (a new execution) continues the same rows. */
    static long runId(StepExecution step) {
        return step.getJobExecution().getJobInstance().getInstanceId();
    }

    /** The run's work folder under {@code trd.work-dir}. */
    public static WorkFolder workFolder(TrdProperties properties, JobExecution job) {
        return WorkFolder.of(Path.of(properties.workDir()), job.getJobInstance(), job.getJobParameters());
    }

    private static int buckets(JobExecution job) {
        return job.getExecutionContext().getInt(BUCKETS_KEY);
    }

    /**
     * The extract's files. Discovered again where needed rather than carried along: the job's identity includes a
     * fingerprint of the files (names, sizes, times), so every step and every restart of a run sees the same list.
     */
    private static ExtractManifest manifest(JobExecution job) {
        return ExtractDiscovery.discover(Path.of(job.getJobParameters().getString("input")));
    }

    // ---- an OMOP CDM as input (omop.md) ------------------------------------------------------------------------

    /** Whether the run reads an OMOP CDM: detected from the input, or forced by {@code trd.input.format}. */
    static boolean isOmop(JobExecution job, TrdProperties properties) {
        return InputFormat.of(job.getJobParameters().getString("input"), properties.input().format())
                == InputFormat.OMOP;
    }

    /** The CDM of the run: a PostgreSQL schema for a {@code jdbc:} input, else a folder of table files. */
    static CdmSource cdmSource(String input, TrdProperties properties) {
        TrdProperties.Omop o = properties.omop();
        if (InputFormat.isDatabaseUrl(input)) {
            String password = o.password() != null ? o.password() : System.getenv("TRD_OMOP_PASSWORD");
            return new CdmDatabase(input, o.username(), password, o.schema());
        }
        return new CdmFolder(Path.of(input));
    }

    static OmopSettings omopSettings(TrdProperties properties, JobExecution job) {
        return new OmopSettings(job.getJobParameters().getLocalDate("asOf"),
                OmopSettings.parseScales(properties.omop().scales()),
                workFolder(properties, job).folder().resolve("omop"), OmopSettings.DEFAULT_BUCKETS);
    }

    /** The check step for a CDM: the source opens (drug_exposure there, no trials files beside it) and every table's
     * columns pass the header checks, before anything is staged. */
    private static void checkCdm(JobExecution job, TrdProperties properties) {
        long bytes;
        try (CdmSource source = cdmSource(job.getJobParameters().getString("input"), properties)) {
            for (CdmTable table : CdmTable.values()) {
                source.check(table);
            }
            bytes = source.bytes();
            log.info("OMOP CDM: {}", source.describe());
        }
        OmopSettings.parseScales(properties.omop().scales()); // a bad trd.omop.scales fails here
        TrdProperties.Partition p = properties.partition();
        plan(job, Buckets.count(p.buckets(), bytes, p.bucketSize().toBytes(), p.effectiveThreads()), bytes);
    }

    /**
     * A CDM as the classify step sees it: the one ingest partition whose bucket files it reads. Every row the OMOP
     * reader stages keys to index 0 (trials are numbered from 1, patients without a person row have line 0), and
     * the per-table accounting comes from the reader, not from these counts.
     */
    private static ExtractManifest cdmManifest() {
        return new ExtractManifest(List.of(new InputFile(0, Path.of(CdmTable.DRUG_EXPOSURE.tableName()),
                FileKind.CDM_TABLE)), List.of());
    }
}
