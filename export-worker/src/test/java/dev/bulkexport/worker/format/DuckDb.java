package dev.bulkexport.worker.format;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.duckdb.DuckDBDriver;

/** DuckDB in memory, as an independent reader of the files the worker writes. */
public final class DuckDb {

    private DuckDb() {
    }

    /** The rows of a query, each value as text: the named columns, or every column when none is named. */
    public static List<List<String>> rows(String sql, String... columns) throws Exception {
        // The driver itself rather than DriverManager, which refuses a driver registered from another class
        // loader: with a @QuarkusTest in the module, test classes are loaded by Quarkus' loader.
        try (Connection connection = new DuckDBDriver().connect("jdbc:duckdb:", new Properties());
                Statement statement = connection.createStatement()) {
            statement.execute("SET autoinstall_known_extensions=false");
            statement.execute("SET autoload_known_extensions=false");
            List<List<String>> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery(sql)) {
                int width = columns.length > 0 ? columns.length : rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 0; i < width; i++) {
                        row.add(columns.length > 0 ? rs.getString(columns[i]) : rs.getString(i + 1));
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
    }
}
