package org.trdoutcomes.launch;

import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import org.trdoutcomes.report.WorkbookWarmUp;

/**
 * What a plain run (one night, then exit) warms on the second core while Spring starts on the first, in place of
 * Spring Boot's background pre-initialisers: those also warm Jackson, which only the long-running modes' Actuator
 * uses (some 440 classes on a two-core machine, competing with the start itself). This warms what the run does use:
 * the Bean Validation provider that checks the {@code trd.*} settings, then POI ({@link WorkbookWarmUp}).
 * docs/benchmarks.md, "The default run on sample-data/".
 */
public final class PlainRunWarmUp {

    /** Spring Boot's switch for its background pre-initialisers (BackgroundPreinitializingApplicationListener). */
    static final String BOOT_PREINITIALIZERS_OFF = "spring.backgroundpreinitializer.ignore";

    private PlainRunWarmUp() {
    }

    /** On more than one core: turns Boot's pre-initialisers off and starts this warm-up on a daemon thread. */
    public static void start() {
        if (Runtime.getRuntime().availableProcessors() < 2 || System.getProperty(BOOT_PREINITIALIZERS_OFF) != null) {
            return;
        }
        System.setProperty(BOOT_PREINITIALIZERS_OFF, "true");
        Thread thread = new Thread(PlainRunWarmUp::warmUp, "trd-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    static void warmUp() {
        try (ValidatorFactory factory = Validation.buildDefaultValidatorFactory()) {
            factory.getValidator();
        } catch (RuntimeException e) {
            // nothing lost: the settings' validation bootstraps the provider itself
        }
        WorkbookWarmUp.writeEmptyWorkbook();
    }
}
