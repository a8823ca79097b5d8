package org.trdoutcomes.report;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.InflaterInputStream;
import org.springframework.jdbc.core.JdbcTemplate;

/** Reads TRD_PREVIOUS_CLASSIFICATION's blocks back for the tests, as "patient=classification" in their order. */
public final class KeptClassifications {
    private KeptClassifications() {
    }

    public static List<String> of(JdbcTemplate jdbc) {
        List<String> kept = new ArrayList<>();
        jdbc.query("SELECT PATIENTS, DATA FROM TRD_PREVIOUS_CLASSIFICATION ORDER BY BLOCK_NO", rs -> {
            int n = rs.getInt(1);
            try (DataInputStream in = new DataInputStream(new InflaterInputStream(new ByteArrayInputStream(rs.getBytes(2))))) {
                for (int i = 0; i < n; i++) {
                    kept.add(in.readUTF() + "=" + in.readUTF());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return kept;
    }

    public static List<String> patients(JdbcTemplate jdbc) {
        return of(jdbc).stream().map(k -> k.substring(0, k.lastIndexOf('='))).toList();
    }
}
