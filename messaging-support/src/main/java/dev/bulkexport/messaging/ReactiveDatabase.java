package dev.bulkexport.messaging;

import dev.bulkexport.common.DatabaseUnavailable;
import io.vertx.core.VertxException;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;
import java.io.IOException;
import java.net.SocketException;

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
            // The clients' own words for a connection that went away (the server stopped mid-query, or before
            // answering); they carry no SQLSTATE, so they count as a connection failure (class 08).
            return cause instanceof ClosedConnectionException || closedConnection(cause) ? "08006" : null;
        });
    }

    /**
     * The pool closed under the work: the service is stopping (Quarkus closes the pool at shutdown while the
     * consumers still hold records). Neither a retry (it will not reopen) nor a dead letter (the record is good).
     */
    public static boolean poolClosed(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof NoStackTraceThrowable && "Pool closed".equals(cause.getMessage())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Vert.x core's closed socket ("Connection was closed"), the SQL client's request on a connection it saw
     * close ("Connection is not active now, current status: CLOSED"), Hibernate Reactive's session whose
     * connection closed ("HR000089: Connection is closed"), the socket PostgreSQL reset as it stopped
     * ("Connection reset", or "... Connection reset by peer" from Netty's native transport), a request written to
     * the socket PostgreSQL had just closed as it stopped ("Broken pipe"): each by its exact type and message, so
     * no other failure of those types passes for an outage.
     */
    private static boolean closedConnection(Throwable cause) {
        String message = cause.getMessage();
        if (message == null) {
            return false;
        }
        return cause instanceof VertxException && (message.equals("Connection is closed")
                        || message.equals("Connection was closed"))
                || cause instanceof NoStackTraceThrowable && message.startsWith("Connection is not active now")
                || cause instanceof IllegalStateException && message.equals("HR000089: Connection is closed")
                || cause instanceof SocketException && message.equals("Connection reset")
                || cause instanceof IOException && message.endsWith("Connection reset by peer")
                || cause instanceof IOException && message.equals("Broken pipe");
    }
}
