package dev.bulkexport.worker.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulkexport.common.report.ColumnType;
import dev.bulkexport.common.report.ReportColumn;
import java.util.List;

/**
 * The columns of a job's files as a Frictionless Table Schema (https://specs.frictionlessdata.io/table-schema/):
 * one field per column, in file order, with its type, so that a loader (frictionless, or a script mapping it to
 * its own types) need not infer them: a ZIP code stays a string with its leading zero, a date is a date. An empty
 * CSV cell is a null. The data dictionary's exact type (e.g. {@code DECIMAL(10,2)}) is in the manifest.
 */
public final class TableSchema {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TableSchema() {
    }

    public static byte[] of(List<ReportColumn> columns) {
        ObjectNode schema = JSON.createObjectNode();
        ArrayNode fields = schema.putArray("fields");
        for (ReportColumn column : columns) {
            ObjectNode field = fields.addObject();
            field.put("name", column.name());
            field.put("type", type(column.type()));
            field.put("description", column.description());
        }
        schema.putArray("missingValues").add("");
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(schema);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The Table Schema type of a data dictionary type. */
    static String type(ColumnType type) {
        return switch (type) {
            case DATE -> "date";
            case INTEGER, BIGINT -> "integer";
            case DECIMAL, DOUBLE -> "number";
            case BOOLEAN -> "boolean";
            case STRING -> "string";
        };
    }
}
