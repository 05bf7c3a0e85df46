package dev.bulkexport.worker.iceberg;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.apache.iceberg.catalog.TableIdentifier;
import org.jboss.logging.Logger;

/**
 * One commit at a time per table (account and table name), across all workers: a PostgreSQL advisory lock held in
 * a transaction of a connection of its own, released when that transaction ends (also when the worker dies and
 * its connection drops). Iceberg's compare-and-set on the catalog row stays the guard of last resort; the lock spares
 * concurrent jobs of one table from failing it over and over.
 */
@ApplicationScoped
public class IcebergCommitLocks {
    /** How long a commit waits for the one before it; past it, the failure is transient and the job retries. */
    private static final String LOCK_TIMEOUT = "120s";

    private static final Logger LOG = Logger.getLogger(IcebergCommitLocks.class);

    private final AgroalDataSource dataSource;

    public IcebergCommitLocks(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Waits for the table's lock and holds it until the returned lock is closed. */
    Held hold(UUID account, TableIdentifier table) throws SQLException {
        Connection connection = dataSource.getConnection();
        try {
            connection.setAutoCommit(false);
            try (Statement timeout = connection.createStatement()) {
                timeout.execute("SET LOCAL lock_timeout = '" + LOCK_TIMEOUT + "'");
            }
            try (PreparedStatement lock = connection.prepareStatement(
                    "SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
                lock.setString(1, "iceberg-commit;" + account + ";" + table);
                lock.execute();
            }
            return new Held(connection);
        } catch (SQLException | RuntimeException e) {
            release(connection, e);
            throw e;
        }
    }

    private static void release(Connection connection, Exception failure) {
        try (connection) {
            connection.rollback();
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    /** The lock, held until closed. */
    static final class Held implements AutoCloseable {
        private final Connection connection;
        private boolean released;

        private Held(Connection connection) {
            this.connection = connection;
        }

        /**
         * Ends the lock's transaction. When that fails the connection is broken: closing it ends its session, and
         * the lock with it, so the commit (done or not) is not failed for it.
         */
        @Override
        public void close() {
            if (released) {
                return;
            }
            released = true;
            try (connection) {
                connection.rollback();
                connection.setAutoCommit(true);
            } catch (SQLException e) {
                LOG.warnf("the Iceberg commit lock's transaction did not end cleanly (%s); its connection is closed",
                        e.toString());
            }
        }
    }
}
