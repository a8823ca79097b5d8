package org.trdoutcomes.launch;

/** {@code generate ...}: the synthetic extract generator (wired once the generator lands). */
public final class GenerateCommand {
    private GenerateCommand() {
    }

    public static int run(String[] args) {
        System.err.println("generate: not available yet");
        return ExitCodes.USAGE;
    }
}
