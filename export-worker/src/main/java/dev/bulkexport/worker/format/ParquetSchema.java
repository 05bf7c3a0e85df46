package dev.bulkexport.worker.format;

import dev.bulkexport.common.report.ReportColumn;
import java.util.List;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * The flat Parquet schema of a report's columns, with logical types: DATE, DECIMAL(p,s) (INT32 up to 9 digits,
 * else INT64), INT32, INT64, DOUBLE, BOOLEAN and STRING. Every column is optional; null is an absent value.
 */
final class ParquetSchema {
    private ParquetSchema() {
    }

    static MessageType of(List<ReportColumn> columns) {
        Types.MessageTypeBuilder message = Types.buildMessage();
        for (ReportColumn column : columns) {
            switch (column.type()) {
                case DATE -> message.optional(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.dateType())
                        .named(column.name());
                case INTEGER -> message.optional(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.intType(32, true))
                        .named(column.name());
                case BIGINT -> message.optional(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.intType(64, true))
                        .named(column.name());
                case DECIMAL -> message.optional(intDecimal(column) ? PrimitiveTypeName.INT32 : PrimitiveTypeName.INT64)
                        .as(LogicalTypeAnnotation.decimalType(column.scale(), column.precision())).named(column.name());
                case DOUBLE -> message.optional(PrimitiveTypeName.DOUBLE).named(column.name());
                case BOOLEAN -> message.optional(PrimitiveTypeName.BOOLEAN).named(column.name());
                case STRING -> message.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType())
                        .named(column.name());
                default -> throw new IllegalArgumentException("no Parquet type for " + column.type());
            }
        }
        return message.named("report");
    }

    /** Whether a DECIMAL column's unscaled values are INT32 (else INT64). */
    static boolean intDecimal(ReportColumn column) {
        return column.precision() <= 9;
    }
}
