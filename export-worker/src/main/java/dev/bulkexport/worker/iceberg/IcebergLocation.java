package dev.bulkexport.worker.iceberg;

import dev.bulkexport.common.events.ExportDestination;
import dev.bulkexport.common.events.ShardSubmitted;
import java.time.YearMonth;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Where an Iceberg table of a destination lives: {@code s3://{bucket}/{prefix}/iceberg/{namespace}/{table}} (no
 * prefix: {@code s3://{bucket}/iceberg/...}), its metadata under {@code metadata/} (Iceberg's own layout), and a
 * job's data files under {@code data/date_month={yyyy-MM}/{job_id}/}, the Hive-style path of the month partition
 * they belong to.
 */
public final class IcebergLocation {
    static final String PARTITION = "date_month";

    private IcebergLocation() {
    }

    /** The table a job names ({@code namespace.table}). */
    public static TableIdentifier identifier(String table) {
        return TableIdentifier.parse(table);
    }

    /** The table's location, an {@code s3://} URI without a trailing slash. */
    public static String table(ExportDestination destination, String table) {
        return destination.icebergTableLocation(table);
    }

    /** The warehouse of the destination's tables: the folder their locations lie in. */
    public static String warehouse(ExportDestination destination) {
        return "s3://" + destination.bucket() + "/" + (destination.prefix() == null || destination.prefix().isEmpty()
                ? "" : destination.prefix() + "/") + "iceberg";
    }

    /** The key (no bucket) of the folder holding the job's data files (its month's), with a trailing slash. */
    public static String dataFolder(ShardSubmitted job) {
        return job.destination().icebergDataPrefix(job.spec().icebergTable(), job.spec().startDate(), job.jobId());
    }

    /** The month of a data file, from the partition path in its key; fails on a key that is not a data file's. */
    public static YearMonth monthOf(String objectKey) {
        String marker = "/data/" + PARTITION + "=";
        int start = objectKey.indexOf(marker);
        if (start < 0) {
            throw new IllegalArgumentException("not an Iceberg data file: " + objectKey);
        }
        int from = start + marker.length();
        return YearMonth.parse(objectKey.substring(from, objectKey.indexOf('/', from)));
    }
}
