package dev.bulkexport.common;

import java.util.Set;

/** PostgreSQL SQLSTATE codes the services treat alike, whichever client (JDBC or reactive) reported them. */
public final class SqlStates {
    /** admin_shutdown, crash_shutdown, cannot_connect_now: the server is restarting. */
    private static final Set<String> SERVER_UNAVAILABLE = Set.of("57P01", "57P02", "57P03");

    private SqlStates() {
    }

    /** A connection exception (class 08) or a restarting server: the database is briefly unavailable. */
    public static boolean databaseUnavailable(String state) {
        return state != null && (state.startsWith("08") || SERVER_UNAVAILABLE.contains(state));
    }
}
