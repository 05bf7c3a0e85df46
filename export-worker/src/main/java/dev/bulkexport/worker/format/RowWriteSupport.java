package dev.bulkexport.worker.format;

import dev.bulkexport.common.report.ReportColumn;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * Maps report rows onto a flat Parquet schema with logical types: DATE, DECIMAL(p,s) (INT32 up to 9 digits,
 * else INT64), INT32, INT64, DOUBLE, BOOLEAN and STRING. Every column is optional; null is an absent value.
 */
final class RowWriteSupport extends WriteSupport<Object[]> {
    private final List<ReportColumn> columns;
    private final MessageType schema;
    private RecordConsumer consumer;

    RowWriteSupport(List<ReportColumn> columns) {
        this.columns = columns;
        this.schema = schema(columns);
    }

    static MessageType schema(List<ReportColumn> columns) {
        Types.MessageTypeBuilder message = Types.buildMessage();
        for (ReportColumn column : columns) {
            switch (column.type()) {
                case DATE -> message.optional(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.dateType())
                        .named(column.name());
                case INTEGER -> message.optional(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.intType(32, true))
                        .named(column.name());
                case BIGINT -> message.optional(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.intType(64, true))
                        .named(column.name());
                case DECIMAL -> message.optional(column.precision() <= 9 ? PrimitiveTypeName.INT32 : PrimitiveTypeName.INT64)
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

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
        return new WriteContext(schema, Map.of());
    }

    @Override
    public WriteContext init(Configuration configuration) {
        return new WriteContext(schema, Map.of());
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.consumer = recordConsumer;
    }

    @Override
    public void write(Object[] row) {
        consumer.startMessage();
        for (int i = 0; i < row.length; i++) {
            if (row[i] != null) {
                ReportColumn column = columns.get(i);
                consumer.startField(column.name(), i);
                add(column, row[i]);
                consumer.endField(column.name(), i);
            }
        }
        consumer.endMessage();
    }

    private void add(ReportColumn column, Object value) {
        switch (column.type()) {
            case DATE -> consumer.addInteger(Math.toIntExact(((LocalDate) value).toEpochDay()));
            case INTEGER -> consumer.addInteger((Integer) value);
            case BIGINT -> consumer.addLong((Long) value);
            case DECIMAL -> {
                long unscaled = ((BigDecimal) value).setScale(column.scale(), RoundingMode.UNNECESSARY)
                        .unscaledValue().longValueExact();
                if (column.precision() <= 9) {
                    consumer.addInteger(Math.toIntExact(unscaled));
                } else {
                    consumer.addLong(unscaled);
                }
            }
            case DOUBLE -> consumer.addDouble((Double) value);
            case BOOLEAN -> consumer.addBoolean((Boolean) value);
            case STRING -> consumer.addBinary(Binary.fromString((String) value));
            default -> throw new IllegalArgumentException("no Parquet type for " + column.type());
        }
    }
}
