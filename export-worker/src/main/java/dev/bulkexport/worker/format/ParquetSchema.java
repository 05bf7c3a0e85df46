package dev.bulkexport.worker.format;

import dev.bulkexport.common.report.ReportColumn;
import java.util.List;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * The flat Parquet schema of a report's columns, with logical types: DATE, DECIMAL(p,s) (INT32 up to 9 digits,
 * else INT64), INT32, INT64, DOUBLE, BOOLEAN and STRING. Every column is optional; null is an absent value. With
 * field ids (an Iceberg table's data file), each column carries its id, by which Iceberg reads it.
 */
final class ParquetSchema {
    private ParquetSchema() {
    }

    static MessageType of(List<ReportColumn> columns) {
        return of(columns, null);
    }

    /** The schema with the field id {@code fieldIds[i]} on column i (null: no ids). */
    static MessageType of(List<ReportColumn> columns, int[] fieldIds) {
        Types.MessageTypeBuilder message = Types.buildMessage();
        for (int i = 0; i < columns.size(); i++) {
            ReportColumn column = columns.get(i);
            Types.PrimitiveBuilder<Types.GroupBuilder<MessageType>> field = switch (column.type()) {
                case DATE -> message.optional(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.dateType());
                case INTEGER -> message.optional(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.intType(32, true));
                case BIGINT -> message.optional(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.intType(64, true));
                case DECIMAL -> message.optional(intDecimal(column) ? PrimitiveTypeName.INT32 : PrimitiveTypeName.INT64)
                        .as(LogicalTypeAnnotation.decimalType(column.scale(), column.precision()));
                case DOUBLE -> message.optional(PrimitiveTypeName.DOUBLE);
                case BOOLEAN -> message.optional(PrimitiveTypeName.BOOLEAN);
                case STRING -> message.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType());
            };
            if (fieldIds != null) {
                field.id(fieldIds[i]);
            }
            field.named(column.name());
        }
        return message.named("report");
    }

    /** Whether a DECIMAL column's unscaled values are INT32 (else INT64). */
    static boolean intDecimal(ReportColumn column) {
        return column.precision() <= 9;
    }
}
