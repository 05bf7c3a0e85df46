package dev.bulkexport.worker;

import dev.bulkexport.testsupport.ProjectLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The Iceberg catalog's tables in the api schema, as the api-service's migration creates them: the worker's tests run
 * without the api-service, so they create its tables from the migration's own statements (the same DDL, read from
 * the api-service's file), if absent.
 */
public final class IcebergCatalogTables {
    private static final Path MIGRATION = Path.of("api-service", "src", "main", "resources", "db", "api",
            "V17__iceberg_catalog.sql");
    private static final Pattern CREATE_TABLE = Pattern.compile("CREATE TABLE (\\w+) \\((.*?)\\n\\);", Pattern.DOTALL);

    private IcebergCatalogTables() {
    }

    public static synchronized void create(DataSource dataSource) {
        String migration;
        try {
            migration = Files.readString(ProjectLayout.root().resolve(MIGRATION));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA IF NOT EXISTS api");
            Matcher table = CREATE_TABLE.matcher(migration);
            int created = 0;
            while (table.find()) {
                statement.execute("CREATE TABLE IF NOT EXISTS api." + table.group(1) + " (" + table.group(2) + "\n)");
                created++;
            }
            if (created != 2) {
                throw new IllegalStateException(MIGRATION + " creates " + created + " tables, not the catalog's two");
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
