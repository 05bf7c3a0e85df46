package dev.bulkexport.worker.iceberg;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.types.Types;

/**
 * The metadata of a sync's table built with the worker's field ids ({@link IcebergSchema}): Iceberg's own create
 * and schema update would number the columns afresh. A table is format version 2, partitioned by
 * {@code month(date)}, its Parquet compressed with ZSTD as the worker's files are.
 */
final class IcebergTableMetadata {
    static final int FORMAT_VERSION = 2;

    private IcebergTableMetadata() {
    }

    /** A new table of the columns at {@code location}. */
    static TableMetadata create(Schema columns, String location) {
        return TableMetadata.buildFromEmpty(FORMAT_VERSION).assignUUID().setLocation(location)
                .setCurrentSchema(columns, columns.highestFieldId())
                .setDefaultPartitionSpec(PartitionSpec.builderFor(columns).month(IcebergSchema.DATE).build())
                .setDefaultSortOrder(SortOrder.unsorted())
                .setProperties(Map.of(TableProperties.PARQUET_COMPRESSION, "zstd")).build();
    }

    /**
     * The table with the columns it lacks added (optional, whatever they are in a job: its earlier rows have none),
     * keeping their ids; the same metadata when it has them all.
     *
     * @throws IllegalStateException when a column's id names another column or type in the table (the data
     *         dictionary changed a column the table holds)
     */
    static TableMetadata withColumns(TableMetadata table, Schema columns) {
        List<Types.NestedField> fields = new ArrayList<>(table.schema().columns());
        for (Types.NestedField column : columns.columns()) {
            Types.NestedField held = table.schema().findField(column.fieldId());
            if (held == null) {
                fields.add(column.asOptional());
            } else if (!held.name().equals(column.name()) || !held.type().equals(column.type())) {
                throw new IllegalStateException("The Iceberg table's column " + column.fieldId() + " is " + held.name()
                        + " " + held.type() + ", the job's is " + column.name() + " " + column.type());
            }
        }
        return fields.size() == table.schema().columns().size() ? table
                : table.updateSchema(new Schema(fields));
    }

    /** Creates the namespace unless it exists (another table's commit may create it at the same time). */
    static void ensureNamespace(AccountCatalog catalog, Namespace namespace) {
        if (!catalog.namespaceExists(namespace)) {
            try {
                catalog.createNamespace(namespace);
            } catch (AlreadyExistsException e) {
                // created meanwhile
            }
        }
    }
}
