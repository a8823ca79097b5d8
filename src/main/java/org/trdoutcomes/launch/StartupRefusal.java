package org.trdoutcomes.launch;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * Start-up failures that are not "broken": an embedded H2 file database opens in one process only, so a second
 * process cannot even reach the run lock inside it; it is refused the same way (exit code
 * {@link ExitCodes#RUN_IN_PROGRESS}) with a message that says what to do. An impossible {@code trd.*} setting is a
 * usage error (exit code {@link ExitCodes#USAGE}), said in one line naming the setting, before any work starts.
 */
public final class StartupRefusal {
    private StartupRefusal() {
    }

    /** H2's DATABASE_ALREADY_OPEN_1: "Database may be already in use". */
    static final int H2_DATABASE_ALREADY_OPEN = 90020;

    /** The one-line refusal when {@code failure} is H2's "already in use", else null. */
    public static String databaseInUse(Throwable failure) {
        // every SQLException of the chain: a pool may wrap the driver's in one of its own
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() == H2_DATABASE_ALREADY_OPEN) {
                return "Another run is in progress: another process (a run or the schedule) has the H2 job database "
                        + "open. Not starting; try again when it has finished. (Launches from several processes at "
                        + "once: use PostgreSQL, see docs/operations.md.)";
            }
        }
        return null;
    }

    /**
     * The one-line refusal when {@code failure} is a {@code trd.*} setting that cannot be bound or breaks its
     * constraint ({@code TrdProperties}), else null.
     */
    public static String badSetting(Throwable failure) {
        BindValidationException invalid = causeOfType(failure, BindValidationException.class);
        if (invalid != null) {
            String prefix = invalid.getValidationErrors().getName().toString();
            List<String> problems = new ArrayList<>();
            for (ObjectError error : invalid.getValidationErrors()) {
                problems.add(error instanceof FieldError field
                        ? prefix + "." + kebab(field.getField()) + "=" + field.getRejectedValue() + ": "
                                + field.getDefaultMessage()
                        : error.getDefaultMessage());
            }
            return "Impossible setting " + String.join("; ", problems) + ". Nothing was run.";
        }
        BindException unbound = causeOfType(failure, BindException.class);
        if (unbound != null && unbound.getName().toString().startsWith("trd")) {
            String name = unbound.getProperty() == null ? unbound.getName().toString()
                    : unbound.getProperty().getName() + "=" + unbound.getProperty().getValue();
            Throwable why = NestedExceptionUtils.getMostSpecificCause(unbound);
            return "Impossible setting " + name + ": " + String.valueOf(why.getMessage()).replaceAll("\\s+", " ")
                    .strip() + ". Nothing was run.";
        }
        return null;
    }

    /**
     * The outermost exception of this type in the cause chain, or null. (Spring's NestedExceptionUtils gives the
     * root or most specific cause only, not the first of a type.)
     */
    public static <T extends Throwable> T causeOfType(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** {@code report.minCellCount} → {@code report.min-cell-count}, the form the settings are written in. */
    private static String kebab(String field) {
        return field.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }
}
