package dev.bulkexport.worker.iceberg;

import dev.bulkexport.common.JobSpec;
import dev.bulkexport.common.events.JobCompleted;
import dev.bulkexport.common.events.ShardSubmitted;
import dev.bulkexport.common.report.ColumnSelection;
import dev.bulkexport.common.report.ReportDefinition;
import dev.bulkexport.common.report.Reports;
import dev.bulkexport.worker.storage.ExportTargets.Target;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.OverwriteFiles;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.aws.s3.S3FileIO;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.parquet.ParquetUtil;
import org.jboss.logging.Logger;

/**
 * Commits a finished job's data files to its Iceberg table as one snapshot: the table (and its namespace) is created
 * when absent ({@link IcebergTableMetadata}), gains the job's columns it lacks, and the job's period (its whole months)
 * is overwritten by the job's files, so a job for a period the table holds replaces exactly that period's rows. The
 * snapshot records the job's id: a job committed before (a closing record redelivered after a crash) is not
 * committed again, its snapshot is returned. Commits to one table take turns ({@link IcebergCommitLocks}).
 */
@ApplicationScoped
public class IcebergCommitter {
    /** The snapshot summary property naming the job whose rows the snapshot committed. */
    public static final String JOB_ID = "bulk-export.job-id";
    private static final YearMonth EPOCH_MONTH = YearMonth.of(1970, 1);
    private static final Logger LOG = Logger.getLogger(IcebergCommitter.class);

    private final IcebergCatalogs catalogs;
    private final IcebergCommitLocks locks;

    public IcebergCommitter(IcebergCatalogs catalogs, IcebergCommitLocks locks) {
        this.catalogs = catalogs;
        this.locks = locks;
    }

    /** Commits the job's files (in the target's bucket, the job's destination); the snapshot that holds them. */
    public JobCompleted.IcebergCommit commit(ShardSubmitted job, Target target, List<JobCompleted.File> files) {
        TableIdentifier name = IcebergLocation.identifier(job.spec().icebergTable());
        ReportDefinition report = Reports.forType(job.spec().reportType());
        Schema columns = IcebergSchema.of(report, ColumnSelection.of(report, job.spec().fields()).columns());
        try (IcebergCommitLocks.Held lock = hold(job.accountId(), name);
                S3FileIO io = IcebergCatalogs.fileIo(target.s3())) {
            AccountCatalog catalog = catalogs.open(job.accountId(), target.destination(), io);
            TableOperations ops = catalog.operations(name);
            TableMetadata current = ops.current();
            if (current == null) {
                IcebergTableMetadata.ensureNamespace(catalog, name.namespace());
                ops.commit(null, IcebergTableMetadata.create(columns, IcebergLocation.table(target.destination(), job.spec().icebergTable())));
                LOG.infof("job %s: created Iceberg table %s", job.jobId(), job.spec().icebergTable());
            }
            Snapshot before = committedBy(ops.refresh(), job.jobId());
            if (before != null) {
                LOG.infof("job %s: Iceberg table %s holds its snapshot %d already; not committed again", job.jobId(),
                        job.spec().icebergTable(), before.snapshotId());
                return new JobCompleted.IcebergCommit(job.spec().icebergTable(), ops.current().metadataFileLocation(),
                        before.snapshotId());
            }
            TableMetadata widened = IcebergTableMetadata.withColumns(ops.current(), columns);
            if (widened != ops.current()) {
                ops.commit(ops.current(), widened);
            }
            BaseTable table = new BaseTable(ops, catalog.name() + "." + name);
            OverwriteFiles overwrite = table.newOverwrite().overwriteByRowFilter(period(job.spec())).set(JOB_ID,
                    job.jobId().toString());
            MetricsConfig metrics = MetricsConfig.forTable(table);
            for (JobCompleted.File file : files) {
                overwrite.addFile(dataFile(table.spec(), io, metrics, target.bucket(), file));
            }
            overwrite.commit();
            TableMetadata committed = ops.current();
            LOG.infof("job %s: committed snapshot %d of %d files to Iceberg table %s", job.jobId(),
                    committed.currentSnapshot().snapshotId(), files.size(), job.spec().icebergTable());
            return new JobCompleted.IcebergCommit(job.spec().icebergTable(), committed.metadataFileLocation(),
                    committed.currentSnapshot().snapshotId());
        }
    }

    private IcebergCommitLocks.Held hold(UUID account, TableIdentifier table) {
        try {
            return locks.hold(account, table);
        } catch (SQLException e) {
            // Waiting too long for another job's commit, or the database away: both pass, so the job retries.
            throw new CommitFailedException(e, "Cannot lock table %s for the commit: %s", table, e.getMessage());
        }
    }

    /** The job's period: its whole months, from the first day up to the day after its last. */
    static Expression period(JobSpec spec) {
        return Expressions.and(Expressions.greaterThanOrEqual(IcebergSchema.DATE, spec.startDate().toString()),
                Expressions.lessThan(IcebergSchema.DATE, spec.endDate().plusDays(1).toString()));
    }

    /** The snapshot of the table that committed the job's rows; null when none did. */
    static Snapshot committedBy(TableMetadata table, UUID jobId) {
        if (table == null) {
            return null;
        }
        return table.snapshots().stream().filter(snapshot -> jobId.toString().equals(snapshot.summary().get(JOB_ID)))
                .findFirst().orElse(null);
    }

    /** A month as Iceberg's month transform stores it: months since January 1970. */
    static long monthOrdinal(YearMonth month) {
        return ChronoUnit.MONTHS.between(EPOCH_MONTH, month);
    }

    /**
     * A data file of the job, in the partition its key names, with column metrics read from its footer (one ranged
     * read): their bounds let readers skip files, and an overwrite prove which files a period holds.
     */
    private static DataFile dataFile(PartitionSpec spec, S3FileIO io, MetricsConfig metrics, String bucket,
            JobCompleted.File file) {
        String path = "s3://" + bucket + "/" + file.objectKey();
        return DataFiles.builder(spec).withPath(path).withFormat(FileFormat.PARQUET)
                .withFileSizeInBytes(file.fileSizeBytes()).withRecordCount(file.rowCount())
                .withPartitionPath(IcebergLocation.PARTITION + "="
                        + monthOrdinal(IcebergLocation.monthOf(file.objectKey())))
                .withMetrics(ParquetUtil.footerMetrics(ParquetFooters.read(io.newInputFile(path, file.fileSizeBytes())),
                        Stream.empty(), metrics)).build();
    }
}
