package dev.bulkexport.common;

import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.function.Function;

/**
 * The one rule for "the database is briefly unavailable": a refused or lost connection, a connection exception
 * (SQLSTATE class 08) or a restarting server ({@link SqlStates}). Whoever meets it retries (consumers, the
 * worker's export) or answers 503 (the API); every other failure is permanent for them.
 */
public final class DatabaseUnavailable {
    /** Enough to reach the root of any real cause chain, and an end if one loops. */
    private static final int MAX_CAUSES = 20;

    private DatabaseUnavailable() {
    }

    /** For JDBC: whether the failure or one of its causes says the database was unavailable. */
    public static boolean test(Throwable failure) {
        return test(failure, cause -> null);
    }

    /**
     * As {@link #test(Throwable)}, also reading the SQLSTATE of driver exceptions this plain-Java module does not
     * know ({@code sqlStateOf} answers null for the others), such as the reactive client's.
     */
    public static boolean test(Throwable failure, Function<Throwable, String> sqlStateOf) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < MAX_CAUSES; depth++, cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof ClosedChannelException
                    || cause instanceof SQLTransientException || cause instanceof SQLRecoverableException) {
                return true;
            }
            String state = cause instanceof SQLException sql ? sql.getSQLState() : sqlStateOf.apply(cause);
            if (SqlStates.databaseUnavailable(state)) {
                return true;
            }
        }
        return false;
    }
}
