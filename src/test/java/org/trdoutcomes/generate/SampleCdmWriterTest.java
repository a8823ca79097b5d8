package org.trdoutcomes.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trdoutcomes.ingest.ExtractDiscovery;
import org.trdoutcomes.ingest.ExtractFileReader;
import org.trdoutcomes.ingest.ExtractRow;
import org.trdoutcomes.ingest.ExtractRow.AcceptedPatient;
import org.trdoutcomes.ingest.ExtractRow.AcceptedTrial;
import org.trdoutcomes.ingest.ExtractRow.RejectedRow;
import org.trdoutcomes.ingest.ExtractRow.WarningRow;
import org.trdoutcomes.ingest.InputFile;
import org.trdoutcomes.ingest.WarningCode;
import org.trdoutcomes.ingest.omop.CdmFolder;
import org.trdoutcomes.ingest.omop.OmopExtractReader;
import org.trdoutcomes.ingest.omop.OmopSettings;
import org.trdoutcomes.rules.DoseUnit;
import org.trdoutcomes.rules.Scale;
import org.trdoutcomes.rules.TreatmentCatalogue;
import org.trdoutcomes.rules.Trial;

/** The sample CDM: what the committed sample-data/ holds, and what the OMOP reader makes of it. */
class SampleCdmWriterTest {

    static final LocalDate AS_OF = SampleExtractGeneratorTest.AS_OF;

    @TempDir
    static Path generated;
    static List<ExtractRow> cdmRows;
    static List<Trial> extractTrials;
    static Set<String> extractPatients;

    @BeforeAll
    static void generateAndReadBoth(@TempDir Path work) {
        SampleExtractGenerator.generate(generated, SampleExtractGeneratorTest.SAMPLE);
        SampleCdmWriter.write(generated, generated.resolve(SampleExtractGenerator.OMOP_FOLDER), AS_OF);
        cdmRows = new ArrayList<>();
        try (OmopExtractReader reader = new OmopExtractReader(new CdmFolder(generated.resolve("omop")),
                new OmopSettings(AS_OF, work), TreatmentCatalogue.defaults())) {
            for (ExtractRow r = reader.next(); r != null; r = reader.next()) {
                cdmRows.add(r);
            }
        }
        extractTrials = new ArrayList<>();
        extractPatients = new HashSet<>();
        for (InputFile file : ExtractDiscovery.discover(generated).files()) {
            try (ExtractFileReader reader = new ExtractFileReader(file, AS_OF, TreatmentCatalogue.defaults()::find)) {
                for (ExtractRow r = reader.next(); r != null; r = reader.next()) {
                    if (r instanceof AcceptedTrial t) {
                        extractTrials.add(t.trial());
                        extractPatients.add(t.trial().patientId());
                    } else if (r instanceof AcceptedPatient p) {
                        extractPatients.add(p.patient().patientId());
                    }
                }
            }
        }
    }

    @Test
    void theCommittedSampleDataIsExactlyWhatTheGeneratorWrites() throws IOException {
        Path committed = Path.of("sample-data");
        assertThat(relativeFiles(committed)).isEqualTo(relativeFiles(generated));
        for (Path file : relativeFiles(generated)) {
            assertThat(Files.readAllBytes(committed.resolve(file))).as(file.toString())
                    .isEqualTo(Files.readAllBytes(generated.resolve(file)));
        }
    }

    @Test
    void theTrialsDiscoveryOfTheSampleFolderIgnoresTheCdmSubFolder() {
        assertThat(ExtractDiscovery.discover(Path.of("sample-data")).ignoredFiles()).isEmpty();
        assertThat(CdmFolder.isCdmFolder(Path.of("sample-data"))).isFalse();
        assertThat(CdmFolder.isCdmFolder(Path.of("sample-data", "omop"))).isTrue();
    }

    @Test
    void theReaderAcceptsEveryCdmRowAndMapsEveryDrug() {
        assertThat(cdmRows).filteredOn(RejectedRow.class::isInstance).isEmpty();
        assertThat(cdmRows).filteredOn(WarningRow.class::isInstance)
                .allSatisfy(w -> assertThat(((WarningRow) w).warning().code()).isNotEqualTo(WarningCode.UNMAPPED_DRUG));
    }

    @Test
    void theCdmHoldsTheSamePatients() {
        Set<String> cdmPatients = new HashSet<>();
        for (ExtractRow r : cdmRows) {
            if (r instanceof AcceptedPatient p) {
                cdmPatients.add("P" + String.format("%06d", Long.parseLong(p.patient().patientId())));
            }
        }
        assertThat(cdmPatients).isEqualTo(extractPatients);
    }

    @Test
    void aCourseStartingWithAnExtractTrialHasItsDoseAndPhq9Baseline() {
        Map<String, Trial> byKey = new HashMap<>();
        for (Trial t : extractTrials) {
            String id = Long.toString(Long.parseLong(t.patientId().substring(1)));
            byKey.putIfAbsent(id + "|" + t.treatment().canonicalName() + "|" + t.startDate(), t);
        }
        int compared = 0;
        for (ExtractRow r : cdmRows) {
            if (!(r instanceof AcceptedTrial at)) {
                continue;
            }
            Trial course = at.trial();
            Trial trial = byKey.get(course.patientId() + "|" + course.treatment().canonicalName() + "|" + course.startDate());
            if (trial == null || trial.dose() == null || trial.dose().unit() != DoseUnit.MG || !course.treatment().isAntidepressant()) {
                continue;
            }
            compared++;
            assertThat(course.dose()).as(course.toString()).isNotNull();
            assertThat(course.dose().amount()).as(course.toString()).isGreaterThanOrEqualTo(trial.dose().amount() - 1e-9);
            if (trial.scale() == Scale.PHQ9 && trial.baselineScore() != null && course.scale() == Scale.PHQ9) {
                assertThat(course.baselineScore()).isNotNull();
            }
        }
        assertThat(compared).isGreaterThan(1000);
    }

    private static List<Path> relativeFiles(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
        }
    }
}
