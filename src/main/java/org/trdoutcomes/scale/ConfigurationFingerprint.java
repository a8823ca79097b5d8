package org.trdoutcomes.scale;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.trdoutcomes.classify.ProfileSet;
import org.trdoutcomes.rules.DefinitionProfile;
import org.trdoutcomes.rules.Treatment;
import org.trdoutcomes.rules.TreatmentCatalogue;

/**
 * What a partition's numbers depend on besides its data: the treatment catalogue (built-in plus any extension) and the
 * definitions in force and compared ({@code trd.rules.*}). The manager stamps it into every partition it sends; a
 * worker whose own differs refuses the partition instead of counting under other rules. Computed from the loaded
 * values (records), not from the configuration text, so that the same rules spelled differently still match.
 */
public record ConfigurationFingerprint(String value) {

    /** Partition context key of the manager's fingerprint. */
    public static final String KEY = "trd.configurationFingerprint";

    public static ConfigurationFingerprint of(TreatmentCatalogue catalogue, ProfileSet profiles) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Treatment t : catalogue.treatments()) {
                digest.update((t + "\n").getBytes(StandardCharsets.UTF_8));
            }
            digest.update(("in force " + profiles.inForce() + "\n").getBytes(StandardCharsets.UTF_8));
            for (DefinitionProfile p : profiles.compared()) {
                digest.update(("compared " + p + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return new ConfigurationFingerprint(HexFormat.of().formatHex(digest.digest()).substring(0, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
