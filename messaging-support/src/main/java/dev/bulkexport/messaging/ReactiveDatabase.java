package dev.bulkexport.messaging;

import dev.bulkexport.common.DatabaseUnavailable;
import io.vertx.core.VertxException;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;

/** {@link DatabaseUnavailable} for the reactive PostgreSQL client, whose exceptions carry their own SQLSTATE. */
public final class ReactiveDatabase {
    private ReactiveDatabase() {
    }

    /** A refused, lost or closed connection, or PostgreSQL restarting: worth a retry, never a dead letter. */
    public static boolean unavailable(Throwable failure) {
        return DatabaseUnavailable.test(failure, cause -> {
            if (cause instanceof DatabaseException database) {
                return database.getSqlState();
            }
            // The client's own word for a connection that went away (the server stopped mid-query, or before
            // answering); it has no SQLSTATE, so it counts as a connection failure (class 08).
            return cause instanceof ClosedConnectionException
                    || cause instanceof VertxException && "Connection is closed".equals(cause.getMessage())
                    ? "08006" : null;
        });
    }
}
