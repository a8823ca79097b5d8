package org.trdoutcomes.ingest.omop;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.trdoutcomes.ingest.ExtractRow.RejectedRow;
import org.trdoutcomes.ingest.Rejection;
import org.trdoutcomes.ingest.RejectionReason;
import org.trdoutcomes.staging.BinaryInput;
import org.trdoutcomes.staging.BinaryOutput;
import org.trdoutcomes.staging.WorkFolder;

/**
 * The folder one OMOP read keeps its intermediate files in (docs/omop.md, "Memory and time"), and the binary forms
 * they share: per bucket the spilled CDM rows ({@link SpilledRow}) and the derived patients ({@link DerivedPatient}),
 * and one file of the rejected rows. A fresh folder per read, so that two reads never share a file; deleted once the
 * stream has ended or the reader is closed.
 */
final class OmopWorkFolder {

    /** Source values are cut to this length before they are spilled: they serve name matching only. */
    static final int MAX_SPILLED_TEXT = 1000;
    private static final int BUFFER = 1 << 15;

    private final Path folder;
    private final int buckets;

    private OmopWorkFolder(Path folder, int buckets) {
        this.folder = folder;
        this.buckets = buckets;
    }

    /** A new, empty folder under {@code parent} (created if need be) for a read into {@code buckets} buckets. */
    static OmopWorkFolder create(Path parent, int buckets) throws IOException {
        Files.createDirectories(parent);
        return new OmopWorkFolder(Files.createTempDirectory(parent, "omop-"), buckets);
    }

    int buckets() {
        return buckets;
    }

    /** The CDM rows of bucket {@code bucket}'s persons, as read (phase 1), until the bucket is derived. */
    Path rows(int bucket) {
        return folder.resolve("rows-" + bucket);
    }

    /** The patients of bucket {@code bucket} with their courses, in patient-id order (phase 2). */
    Path derived(int bucket) {
        return folder.resolve("derived-" + bucket);
    }

    /** Every rejected row of the CDM, in table order and row order. */
    Path rejected() {
        return folder.resolve("issues");
    }

    static BinaryOutput output(Path file) throws IOException {
        return new BinaryOutput(Files.newOutputStream(file), BUFFER);
    }

    static BinaryInput input(Path file) throws IOException {
        return new BinaryInput(Files.newInputStream(file), BUFFER);
    }

    /** A text that may be null, cut at {@link #MAX_SPILLED_TEXT} characters. */
    static void writeText(DataOutput out, String text) throws IOException {
        out.writeBoolean(text != null);
        if (text != null) {
            out.writeUTF(text.length() > MAX_SPILLED_TEXT ? text.substring(0, MAX_SPILLED_TEXT) : text);
        }
    }

    static String readText(DataInput in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    /** True when a file opened by {@link #input} has nothing left: its rows are read up to its end. */
    static boolean atEnd(BinaryInput in) throws IOException {
        return in.atEnd();
    }

    static void writeRejected(DataOutput out, RejectedRow row) throws IOException {
        out.writeInt(row.fileIndex());
        out.writeLong(row.line());
        out.writeInt(row.rejections().size());
        for (Rejection r : row.rejections()) {
            out.writeUTF(r.file());
            out.writeLong(r.line());
            writeText(out, r.column());
            writeText(out, r.value());
            out.writeUTF(r.reason().name());
            out.writeUTF(r.message());
        }
    }

    /** The next rejected row, or null at the end of the file. */
    static RejectedRow readRejected(BinaryInput in) throws IOException {
        if (atEnd(in)) {
            return null;
        }
        int table = in.readInt();
        long line = in.readLong();
        int n = in.readInt();
        List<Rejection> rejections = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            rejections.add(new Rejection(in.readUTF(), in.readLong(), readText(in), readText(in),
                    RejectionReason.valueOf(in.readUTF()), in.readUTF()));
        }
        return new RejectedRow(table, line, rejections);
    }

    /** Deletes the folder and its files; a leftover folder is harmless (the next read makes its own). */
    void delete() {
        try {
            WorkFolder.deleteTree(folder);
        } catch (UncheckedIOException e) {
            // a leftover work folder is harmless; the next run makes its own
        }
    }

    /** The folder's path, which is how a failure names it. */
    @Override
    public String toString() {
        return folder.toString();
    }
}
