package org.trdoutcomes.job;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.trdoutcomes.TrdOutcomesApplication;

/**
 * Three nights on one H2 job repository ({@link ThreeNights}): the Trend grows a row per completed night, each
 * equal to that night's Summary; the first night fails and is restarted and appears once; new TRD and no longer
 * TRD equal the hand counts; a refused night changes nothing and a --rerun replaces its night's row.
 */
class ThreeNightsFunctionalTests {

    @TempDir
    Path output;

    static ConfigurableApplicationContext h2(String database, String... extra) {
        List<String> args = new ArrayList<>(List.of("--trd.launch.enabled=false",
                "--spring.datasource.url=jdbc:h2:file:./target/test-db/" + database));
        for (String setting : extra) {
            args.add("--" + setting);
        }
        return new SpringApplicationBuilder(TrdOutcomesApplication.class).run(args.toArray(String[]::new));
    }

    @Test
    void threeNightsMakeATrendOfThreeRowsAndCountTheChangesAsWorkedOutByHand() throws Exception {
        try (ConfigurableApplicationContext context = h2("nights-" + UUID.randomUUID(), ThreeNights.SETTINGS)) {
            ThreeNights.run(context, output);
        }
    }
}
