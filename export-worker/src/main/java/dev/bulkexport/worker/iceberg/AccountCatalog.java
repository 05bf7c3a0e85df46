package dev.bulkexport.worker.iceberg;

import org.apache.iceberg.TableOperations;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.jdbc.JdbcClientPool;

/**
 * An account's JdbcCatalog over the worker's shared connection pool and one destination's FileIO. It also hands out
 * a table's operations, so that a table can be created, or its schema extended, with the field ids the worker
 * chose: the catalog's own create and schema update assign ids of their own.
 */
final class AccountCatalog extends JdbcCatalog {
    AccountCatalog(FileIO io, JdbcClientPool connections) {
        super(properties -> io, properties -> connections, false);
    }

    /** The table's operations, whether it exists or not. */
    TableOperations operations(TableIdentifier table) {
        return newTableOps(table);
    }
}
