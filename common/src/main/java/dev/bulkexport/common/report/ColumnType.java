package dev.bulkexport.common.report;

/** Types of report columns, each with one way to read it from a result set and one way per file format. */
public enum ColumnType {
    DATE, INTEGER, BIGINT, DECIMAL, DOUBLE, BOOLEAN, STRING
}
