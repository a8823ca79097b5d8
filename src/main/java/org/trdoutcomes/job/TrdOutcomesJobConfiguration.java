package org.trdoutcomes.job;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.trdoutcomes.classify.ClassifiedPatient;
import org.trdoutcomes.classify.ClassifyProcessor;
import org.trdoutcomes.classify.OutcomeTally;
import org.trdoutcomes.classify.PatientResultWriter;
import org.trdoutcomes.classify.PatientTrials;
import org.trdoutcomes.classify.PatientTrialsReader;
import org.trdoutcomes.classify.ProfileSet;
import org.trdoutcomes.ingest.ExtractDiscovery;
import org.trdoutcomes.ingest.ExtractItemReader;
import org.trdoutcomes.ingest.ExtractRow;
import org.trdoutcomes.ingest.IngestReconciliation;
import org.trdoutcomes.ingest.StagedRowWriter;
import org.trdoutcomes.report.NightHistory;
import org.trdoutcomes.report.ReportAssembler;
import org.trdoutcomes.report.ReportModel;
import org.trdoutcomes.report.ReportPublisher;
import org.trdoutcomes.report.ReportWriter;
import org.trdoutcomes.rules.DefinitionProfile;
import org.trdoutcomes.rules.DefinitionProfiles;
import org.trdoutcomes.rules.RuleThresholds;
import org.trdoutcomes.rules.Treatment;
import org.trdoutcomes.rules.TreatmentCatalogue;

/**
 * The job {@value #JOB_NAME}, read top to bottom like the data's trip:
 * ingest (CSV → staged rows + rejections) → reconcile (duplicates, accounting, reject fraction) →
 * classify (patients → classification, stages, tallies) → report (tallies → workbook, published atomically).
 * Every step works on rows keyed by the run (job instance), so a restart resumes and runs never mix.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TrdProperties.class)
public class TrdOutcomesJobConfiguration {

    private static final Logger log = LoggerFactory.getLogger(TrdOutcomesJobConfiguration.class);

    public static final String JOB_NAME = "trdOutcomesJob";
    public static final String INGEST = "ingest";
    public static final String RECONCILE = "reconcile";
    public static final String CLASSIFY = "classify";
    public static final String REPORT = "report";
    /** Job execution context key of the published report's path. */
    public static final String REPORT_PATH_KEY = "report.path";

    @Bean
    public TreatmentCatalogue treatmentCatalogue(TrdProperties properties) throws IOException {
        TreatmentCatalogue catalogue = TreatmentCatalogue.defaults();
        String extension = properties.getRules().getCatalogueExtension();
        if (extension != null && !extension.isBlank()) {
            try (Reader reader = Files.newBufferedReader(Path.of(extension), StandardCharsets.UTF_8)) {
                catalogue = catalogue.extendedWith(reader, extension);
            }
        }
        return catalogue;
    }

    @Bean
    public ProfileSet profileSet(TrdProperties properties) {
        TrdProperties.Rules r = properties.getRules();
        RuleThresholds standard = new RuleThresholds(r.getMinWeeks(), r.getNonResponseThreshold(),
                RuleThresholds.standard().responseThreshold(), r.getMinAdherencePct(), r.getMinFailedTrials(),
                r.getMinEctSessions(), true);
        List<DefinitionProfile> profiles = new ArrayList<>(DefinitionProfiles.builtIn(standard));
        r.getProfiles().forEach((name, p) -> profiles.add(new DefinitionProfile(name, p.getDescription(),
                p.getSource(), new RuleThresholds(
                p.getMinWeeks() == null ? standard.minWeeks() : p.getMinWeeks(),
                p.getNonResponseThreshold() == null ? standard.nonResponseThreshold() : p.getNonResponseThreshold(),
                standard.responseThreshold(), standard.minAdherencePct(),
                p.getMinFailedTrials() == null ? standard.minFailedTrials() : p.getMinFailedTrials(),
                standard.minEctSessions(),
                p.getAdequacyChecked() == null ? standard.adequacyChecked() : p.getAdequacyChecked()))));
        DefinitionProfile inForce = profiles.stream().filter(p -> p.name().equals(r.getProfile())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown trd.rules.profile '" + r.getProfile()
                        + "'; known: " + profiles.stream().map(DefinitionProfile::name).toList()));
        return new ProfileSet(inForce, profiles);
    }

    /** The execution running in this process: named in the run lock, stopped on SIGTERM (see launch). */
    @Bean
    public ActiveRun activeRun() {
        return new ActiveRun();
    }

    @Bean
    public Job trdOutcomesJob(JobRepository jobRepository, Step ingestStep, Step reconcileStep, Step classifyStep,
                              Step reportStep, ActiveRun activeRun, StagingPurge stagingPurge) {
        return new JobBuilder(JOB_NAME, jobRepository)
                .listener(activeRun)
                .listener(stagingPurge)
                .start(ingestStep)
                .next(reconcileStep)
                .next(classifyStep)
                .next(reportStep)
                .build();
    }

    // ---- ingest -------------------------------------------------------------------------------------------------

    @Bean
    public Step ingestStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                           ExtractItemReader extractReader, StagedRowWriter stagedRowWriter, TrdProperties properties) {
        return new StepBuilder(INGEST, jobRepository)
                .<ExtractRow, ExtractRow>chunk(properties.getIngest().getChunkSize())
                .transactionManager(transactionManager)
                .reader(extractReader)
                .writer(stagedRowWriter)
                .listener(new StepTimingListener())
                .listener(new IngestFaultInjection(properties.getOps().getIngestPauseMillis(),
                        properties.getOps().getFailAfterChunks()))
                .build();
    }

    @Bean
    @StepScope
    public ExtractItemReader extractReader(@Value("#{jobParameters['input']}") String input,
                                           @Value("#{jobParameters['asOf']}") LocalDate asOf,
                                           TreatmentCatalogue catalogue) {
        return new ExtractItemReader(ExtractDiscovery.discover(Path.of(input)), catalogue::find, asOf);
    }

    @Bean
    @StepScope
    public StagedRowWriter stagedRowWriter(JdbcTemplate jdbcTemplate, @Value("#{stepExecution}") StepExecution step) {
        return new StagedRowWriter(jdbcTemplate, runId(step));
    }

    @Bean
    public Step reconcileStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                              JdbcTemplate jdbcTemplate, TrdProperties properties) {
        return new StepBuilder(RECONCILE, jobRepository)
                .tasklet((contribution, chunkContext) -> {
                    StepExecution step = contribution.getStepExecution();
                    StepExecution ingest = jobRepository.getLastStepExecution(step.getJobExecution().getJobInstance(),
                            INGEST);
                    new IngestReconciliation(jdbcTemplate, runId(step), properties.getIngest().getMaxRejectFraction())
                            .reconcile(ingest.getExecutionContext());
                    return RepeatStatus.FINISHED;
                }, transactionManager)
                .listener(new StepTimingListener())
                .build();
    }

    // ---- classify -----------------------------------------------------------------------------------------------

    @Bean
    public Step classifyStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                             PatientTrialsReader patientTrialsReader,
                             ClassifyProcessor classifyProcessor,
                             PatientResultWriter patientResultWriter) {
        return new StepBuilder(CLASSIFY, jobRepository)
                .<PatientTrials, ClassifiedPatient>chunk(1000)
                .transactionManager(transactionManager)
                .reader(patientTrialsReader)
                .processor(classifyProcessor)
                .writer(patientResultWriter)
                .listener(new StepTimingListener())
                .build();
    }

    @Bean
    @StepScope
    public ClassifyProcessor classifyProcessor(ProfileSet profileSet,
                                               @Value("#{jobParameters['asOf']}") LocalDate asOf) {
        return new ClassifyProcessor(profileSet, asOf);
    }

    @Bean
    @StepScope
    public PatientTrialsReader patientTrialsReader(DataSource dataSource, TreatmentCatalogue catalogue,
                                                   @Value("#{stepExecution}") StepExecution step) {
        return new PatientTrialsReader(dataSource, runId(step), name -> catalogue.find(name).orElse(null));
    }

    @Bean
    @StepScope
    public PatientResultWriter patientResultWriter(JdbcTemplate jdbcTemplate, ProfileSet profileSet,
                                                   @Value("#{stepExecution}") StepExecution step) {
        List<Integer> extra = new ArrayList<>();
        for (int i = 0; i < profileSet.compared().size(); i++) {
            if (!profileSet.compared().get(i).name().equals(profileSet.inForce().name())) {
                extra.add(i);
            }
        }
        return new PatientResultWriter(jdbcTemplate, runId(step), profileSet.compared().size(), extra);
    }

    // ---- report -------------------------------------------------------------------------------------------------

    @Bean
    public Step reportStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                           DataSource dataSource, ProfileSet profileSet, TrdProperties properties,
                           NightHistory history) {
        JdbcTemplate streaming = new JdbcTemplate(dataSource);
        streaming.setFetchSize(2000);
        ReportPublisher publisher = new ReportPublisher(streaming, new ReportWriter());
        return new StepBuilder(REPORT, jobRepository)
                .tasklet((contribution, chunkContext) -> {
                    StepExecution step = contribution.getStepExecution();
                    long runId = runId(step);
                    StepExecution classify = jobRepository.getLastStepExecution(
                            step.getJobExecution().getJobInstance(), CLASSIFY);
                    OutcomeTally tally = (OutcomeTally) classify.getExecutionContext().get(PatientResultWriter.TALLY_KEY);
                    ReportModel model = ReportAssembler.assemble(tally, runFacts(streaming, runId, step, profileSet,
                            properties));
                    String output = step.getJobExecution().getJobParameters().getString("output");
                    Path report = publisher.publish(model, runId, Path.of(output), step.getJobExecution().getId(),
                            history);
                    step.getJobExecution().getExecutionContext().putString(REPORT_PATH_KEY, report.toString());
                    log.info("Summary: {} patients, {} TRD, {} rows rejected of {} read", model.summary().patients(),
                            model.summary().trd(), model.summary().rowsRejected(), model.summary().rowsRead());
                    return RepeatStatus.FINISHED;
                }, transactionManager)
                .listener(new StepTimingListener())
                .build();
    }

    /** The trend and the previous night's classifications, kept in the report step's transaction. */
    @Bean
    public NightHistory nightHistory(JdbcTemplate jdbcTemplate, TrdProperties properties) {
        return new NightHistory(jdbcTemplate, properties.getReport().getTrendNights(),
                properties.getReport().isComparePrevious());
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
        String extension = properties.getRules().getCatalogueExtension();
        return new ReportAssembler.RunFacts(LocalDateTime.now(),
                step.getJobExecution().getJobParameters().getLocalDate("asOf"), files, reasons, profiles.inForce(),
                profiles.compared(), profiles.others(), properties.getIngest().getMaxRejectFraction(),
                extension == null || extension.isBlank() ? "built-in (catalogue/treatments.csv)"
                        : "built-in (catalogue/treatments.csv) extended by " + extension,
                properties.getReport().getMinCellCount(), properties.getReport().isIncludePatients());
    }

    /** The staging key of a run: its job instance, so that a restart (a new execution) continues the same rows. */
    static long runId(StepExecution step) {
        return step.getJobExecution().getJobInstance().getInstanceId();
    }
}
