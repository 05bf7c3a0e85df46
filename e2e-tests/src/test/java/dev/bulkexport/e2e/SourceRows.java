package dev.bulkexport.e2e;

import dev.bulkexport.testsupport.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What each report must contain, written independently of the worker: the contract's column names, and a
 * query of the provider's tables yielding them in the documented order.
 */
enum SourceRows {
    PROPERTY("property", Stream.of(List.of("p.id AS property_id", "m.date"),
            prefixed("p.", "property_name", "address", "city", "state", "zip_code", "latitude", "longitude", "market",
                    "msa", "property_type", "property_class", "total_units", "year_built", "year_renovated", "stories",
                    "owner_name", "management_company", "amenities", "median_household_income", "population_3mi",
                    "median_age"),
            prefixed("m.", "asking_rent", "net_effective_rent", "rent_per_sq_ft", "occupancy_percent", "leased_percent",
                    "exposure_percent", "available_units", "concession_text", "concession_value", "concession_percent",
                    "days_on_market"),
            bedrooms()).flatMap(List::stream).toList(),
            """
            FROM property_data.properties p JOIN property_data.property_daily_metrics m ON m.property_id = p.id
            WHERE p.id = ANY (?) AND m.date BETWEEN ? AND ? ORDER BY p.id, m.date"""),
    UNITS("units", Stream.of(List.of("u.property_id", "u.id AS unit_id", "l.date", "p.property_name", "u.unit_name",
                    "u.floorplan_id", "f.floorplan_name", "u.bedroom_count", "u.bathroom_count", "u.sq_ft", "u.floor",
                    "u.amenities"),
            prefixed("l.", "asking_rent", "net_effective_rent", "is_available", "available_date", "is_leased",
                    "leased_date", "days_on_market", "concession_text", "concession_value", "lease_terms",
                    "last_rent_change", "last_rent_change_date")).flatMap(List::stream).toList(),
            """
            FROM property_data.units u JOIN property_data.unit_daily_listings l ON l.unit_id = u.id
            JOIN property_data.properties p ON p.id = u.property_id
            LEFT JOIN property_data.floorplans f ON f.id = u.floorplan_id
            WHERE u.property_id = ANY (?) AND l.date BETWEEN ? AND ? ORDER BY u.property_id, u.id, l.date"""),
    FLOORPLANS("floorplans", Stream.of(List.of("f.property_id", "f.id AS floorplan_id", "d.date", "p.property_name",
                    "f.floorplan_name", "f.bedroom_count", "f.bathroom_count", "f.sq_ft", "f.unit_count"),
            prefixed("d.", "available_count", "asking_rent_min", "asking_rent_avg", "asking_rent_max",
                    "net_effective_rent", "rent_per_sq_ft", "days_on_market", "unit_mix_percent"))
            .flatMap(List::stream).toList(),
            """
            FROM property_data.floorplans f JOIN property_data.floorplan_daily_metrics d ON d.floorplan_id = f.id
            JOIN property_data.properties p ON p.id = f.property_id
            WHERE f.property_id = ANY (?) AND d.date BETWEEN ? AND ? ORDER BY f.property_id, f.id, d.date""");

    private final String wireName;
    private final List<String> selectList;
    private final String fromWhereOrder;

    SourceRows(String wireName, List<String> selectList, String fromWhereOrder) {
        this.wireName = wireName;
        this.selectList = selectList;
        this.fromWhereOrder = fromWhereOrder;
    }

    String wireName() {
        return wireName;
    }

    /** The report's columns in file order. */
    List<String> columns() {
        return selectList.stream().map(s -> s.contains(" AS ") ? s.substring(s.indexOf(" AS ") + 4) : s.substring(2))
                .toList();
    }

    /** The rows the report must hold for these parameters, with the source's column types. */
    Result read(PostgresServer postgres, List<Long> ids, LocalDate from, LocalDate to) throws Exception {
        String sql = "SELECT " + String.join(", ", selectList) + "\n" + fromWhereOrder;
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), PostgresServer.USER,
                PostgresServer.PASSWORD);
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setArray(1, connection.createArrayOf("bigint", ids.toArray()));
            statement.setObject(2, from);
            statement.setObject(3, to);
            try (ResultSet rs = statement.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                List<String> types = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    types.add(duckdbType(meta, i));
                }
                List<List<Object>> rows = new ArrayList<>();
                while (rs.next()) {
                    Object[] row = new Object[meta.getColumnCount()];
                    for (int i = 0; i < row.length; i++) {
                        row[i] = rs.getObject(i + 1);
                    }
                    rows.add(Arrays.asList(row));
                }
                return new Result(types, rows);
            }
        }
    }

    /** Source rows and, per column, the DuckDB type a faithful Parquet file maps it to. */
    record Result(List<String> parquetTypes, List<List<Object>> rows) {
    }

    private static String duckdbType(ResultSetMetaData meta, int column) throws Exception {
        return switch (meta.getColumnTypeName(column)) {
            case "int4" -> "INTEGER";
            case "int8" -> "BIGINT";
            case "numeric" -> "DECIMAL(" + meta.getPrecision(column) + "," + meta.getScale(column) + ")";
            case "float8" -> "DOUBLE";
            case "bool" -> "BOOLEAN";
            case "date" -> "DATE";
            case "text" -> "VARCHAR";
            default -> throw new IllegalStateException("unexpected source type " + meta.getColumnTypeName(column));
        };
    }

    private static List<String> prefixed(String prefix, String... columns) {
        return Arrays.stream(columns).map(c -> prefix + c).toList();
    }

    private static List<String> bedrooms() {
        return Stream.of("studio", "one_bedroom", "two_bedroom", "three_bedroom", "four_plus_bedroom")
                .flatMap(b -> Stream.of("asking_rent", "net_effective_rent", "available_units", "days_on_market")
                        .map(metric -> "m." + b + "_" + metric))
                .collect(Collectors.toList());
    }
}
