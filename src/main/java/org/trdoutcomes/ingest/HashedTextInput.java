package org.trdoutcomes.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * An extract file read as UTF-8 text while the SHA-256 of its bytes is taken, for the Data quality sheet's checksum
 * (docs/workbook-contract.md). Shared by the trials reader and the CDM file reader. A byte that is not UTF-8 becomes
 * U+FFFD, so that its row is refused (BAD_ENCODING), not the whole file (docs/data-contract.md).
 */
public final class HashedTextInput {

    private final DigestInputStream digestStream;
    private final BufferedReader reader;

    /** Reads {@code in} through a reader buffered by {@code bufferSize} chars (the header sniff's look-ahead). */
    public HashedTextInput(InputStream in, int bufferSize) {
        try {
            digestStream = new DigestInputStream(in, MessageDigest.getInstance("SHA-256"));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
        reader = new BufferedReader(new InputStreamReader(digestStream, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)), bufferSize);
    }

    public BufferedReader reader() {
        return reader;
    }

    /**
     * The SHA-256 of every byte of the file, in hex: what the reader has not consumed (the decoder's look-ahead, a
     * file abandoned early) is read first, so the digest covers the whole file whatever was parsed.
     */
    public String sha256(String fileName) {
        try {
            byte[] rest = new byte[8192];
            while (digestStream.read(rest) >= 0) {
                // digesting
            }
        } catch (IOException e) {
            throw new ExtractFailure("File " + fileName + " could not be read to the end: " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(digestStream.getMessageDigest().digest());
    }

    /** Closes a stream whose reading already failed: the first error is the one to report. */
    public static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // already failing
        }
    }
}
