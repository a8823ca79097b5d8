package org.trdoutcomes.staging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trdoutcomes.report.PatientLine;
import org.trdoutcomes.rules.Dose;
import org.trdoutcomes.rules.DoseUnit;
import org.trdoutcomes.rules.PatientAttributes;
import org.trdoutcomes.rules.Scale;
import org.trdoutcomes.rules.StopReason;
import org.trdoutcomes.rules.Strategy;
import org.trdoutcomes.rules.TreatmentCatalogue;
import org.trdoutcomes.rules.Trial;

/** The bucket and result files: what goes in comes out, a restart truncates to the commit, buckets are stable. */
class StagingFilesTest {

    static final TreatmentCatalogue CATALOGUE = TreatmentCatalogue.defaults();

    @TempDir
    Path root;

    static Trial full(String patient, long sequence) {
        return new Trial(patient, 2, LocalDate.of(2025, 1, 3), LocalDate.of(2025, 3, 1),
                CATALOGUE.find("sertraline").orElseThrow(), Strategy.SWITCH, new Dose(150.5, DoseUnit.MG), 12, 87.5,
                Scale.MADRS, 30.0, 12.5, StopReason.SIDE_EFFECTS, sequence);
    }

    static Trial sparse(String patient, long sequence) {
        return new Trial(patient, 1, LocalDate.of(1999, 12, 31), null, CATALOGUE.find("ECT").orElseThrow(), null, null,
                null, null, null, null, null, null, sequence);
    }

    @Test
    void everyValueAndEveryMissingValueComesBackAsWritten() {
        WorkFolder work = new WorkFolder(root, 7, "abcd");
        PatientAttributes patient = new PatientAttributes("P-é1", "NORTH", "F", "65+", "F33.2", LocalDate.of(2024, 5, 1),
                true, false, true, false, true, false);
        PatientAttributes empty = PatientAttributes.unknown("P2");
        try (BucketWriter writer = BucketWriter.open(work, 0, 1, null)) {
            writer.write(full("P-é1", StagedRowCodec.sequence(3, 2)));
            writer.write(sparse("P2", StagedRowCodec.sequence(3, 3)));
            writer.write(StagedRowCodec.sequence(3, 4), patient);
            writer.write(StagedRowCodec.sequence(3, 5), empty);
            writer.positions();
        }
        BucketReader.Bucket bucket = BucketReader.read(work, 0, 1, name -> CATALOGUE.find(name).orElse(null));
        assertThat(bucket.trials()).containsExactly(full("P-é1", StagedRowCodec.sequence(3, 2)),
                sparse("P2", StagedRowCodec.sequence(3, 3)));
        assertThat(bucket.patients()).containsExactly(
                new StagedRowCodec.StagedPatient(StagedRowCodec.sequence(3, 4), patient),
                new StagedRowCodec.StagedPatient(StagedRowCodec.sequence(3, 5), empty));
        assertThat(StagedRowCodec.fileOf(StagedRowCodec.sequence(3, 5))).isEqualTo(3);
        assertThat(StagedRowCodec.lineOf(StagedRowCodec.sequence(3, 5))).isEqualTo(5);
    }

    @Test
    void aRestartTruncatesEachBucketToItsCommittedLengthSoNoRowIsStagedTwice() {
        WorkFolder work = new WorkFolder(root, 1, "abcd");
        long[] committed;
        try (BucketWriter writer = BucketWriter.open(work, 0, 3, null)) {
            for (int i = 0; i < 30; i++) {
                writer.write(full("P" + i, i));
            }
            committed = writer.positions(); // the chunk commits here
            for (int i = 30; i < 45; i++) {
                writer.write(full("P" + i, i)); // written, flushed, but never committed
            }
            writer.positions();
        }
        try (BucketWriter restarted = BucketWriter.open(work, 0, 3, committed)) {
            for (int i = 30; i < 50; i++) {
                restarted.write(full("P" + i, i));
            }
            restarted.positions();
        }
        List<Long> sequences = new ArrayList<>();
        for (int b = 0; b < 3; b++) {
            BucketReader.read(work, b, 1, name -> CATALOGUE.find(name).orElse(null)).trials()
                    .forEach(t -> sequences.add(t.sequence()));
        }
        assertThat(sequences).hasSize(50).doesNotHaveDuplicates();
    }

    @Test
    void aRestartWhoseWorkFilesAreGoneIsRefusedRatherThanLosingRows() throws Exception {
        WorkFolder work = new WorkFolder(root, 1, "abcd");
        long[] committed;
        try (BucketWriter writer = BucketWriter.open(work, 0, 2, null)) {
            writer.write(full("P1", 1));
            writer.write(full("P2", 2));
            committed = writer.positions();
        }
        work.delete();
        assertThatThrownBy(() -> BucketWriter.open(work, 0, 2, committed))
                .hasMessageContaining("Cannot restart").hasMessageContaining("--rerun");
        assertThat(Files.exists(work.folder())).isTrue(); // created again, empty
    }

    @Test
    void bucketsAreStableAndSpreadAndAPatientAlwaysLandsInOne() {
        assertThat(Buckets.of("P-000123", 16)).isEqualTo(Buckets.of("P-000123", 16));
        Set<Integer> used = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            int b = Buckets.of("P" + i, 16);
            assertThat(b).isBetween(0, 15);
            used.add(b);
        }
        assertThat(used).hasSize(16);
        // fixed by String.hashCode, which the Java language specification defines: the same in every JVM and worker
        assertThat(Buckets.of("P-000123", 1_000)).isEqualTo(Buckets.of(new String("P-000123".toCharArray()), 1_000));
    }

    @Test
    void theBucketCountFollowsTheExtractSizeWithAtLeastOnePerThread() {
        long mb = 1 << 20;
        assertThat(Buckets.count(0, 1 * mb, 8 * mb, 2)).isEqualTo(2);
        assertThat(Buckets.count(0, 100 * mb, 8 * mb, 2)).isEqualTo(13);
        assertThat(Buckets.count(5, 100 * mb, 8 * mb, 2)).as("configured").isEqualTo(5);
        assertThat(Buckets.count(0, Long.MAX_VALUE / 2, 1, 2)).isEqualTo(Buckets.MAX);
    }

    @Test
    void resultFilesMergeIntoOneStreamInPatientIdOrder() {
        WorkFolder work = new WorkFolder(root, 1, "abcd");
        Files.exists(work.create());
        PatientResultFile.write(work, 0, List.of(line("A"), line("C"), line("Z")));
        PatientResultFile.write(work, 1, List.of());
        PatientResultFile.write(work, 2, List.of(line("B"), line("a")));
        List<PatientLine> merged = new ArrayList<>();
        PatientResultFile.merged(work, 3).forEach(merged::add);
        assertThat(merged).extracting(PatientLine::patient).containsExactly("A", "B", "C", "Z", "a");
        assertThat(merged.get(0)).isEqualTo(line("A"));
        assertThat(work.resultFile(0).resolveSibling(work.resultFile(0).getFileName() + ".part")).doesNotExist();
    }

    private static PatientLine line(String id) {
        return new PatientLine(id, id.equals("A") ? null : "NORTH", 1, 3, 2, 2, "TRD", 2, 2.5,
                id.equals("A") ? null : 7, id.equals("A") ? null : "moderate", "LOW_DOSE;TRAUMA",
                List.of("NOT_TRD", "TRD"));
    }
}
