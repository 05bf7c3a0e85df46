package dev.bulkexport.worker.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulkexport.common.JobSpec;
import dev.bulkexport.common.OutputFormat;
import dev.bulkexport.common.ReportType;
import dev.bulkexport.common.events.ExportDestination;
import dev.bulkexport.common.events.JobCompleted;
import dev.bulkexport.common.events.ShardCompleted;
import dev.bulkexport.common.events.ShardSubmitted;
import dev.bulkexport.common.report.ColumnSelection;
import dev.bulkexport.common.report.ReportDefinition;
import dev.bulkexport.common.report.Reports;
import dev.bulkexport.common.secrets.SecretCipher;
import dev.bulkexport.testsupport.ExportStack;
import dev.bulkexport.worker.IcebergCatalogTables;
import dev.bulkexport.worker.iceberg.IcebergCatalogs;
import dev.bulkexport.worker.iceberg.IcebergCommitter;
import dev.bulkexport.worker.report.ReportReader;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.StaticTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.aws.s3.S3FileIO;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;

/**
 * Jobs that sync an Iceberg table on their destination (a bucket of the tests' S3Proxy), read back as an engine
 * would: the table loaded from the metadata file the outcome names, its rows read by Iceberg's generic reader.
 */
@QuarkusTest
class IcebergSyncTest {
    private static final String BUCKET = "iceberg-sync";
    private static final String TABLE = "sync.property_daily";
    private static final List<Long> PROPERTIES = List.of(1L, 2L, 3L);
    private static final List<String> FIELDS = List.of("property_id", "date", "property_name", "asking_rent");
    private static final YearMonth JANUARY = YearMonth.of(2024, 1);
    private static final YearMonth FEBRUARY = YearMonth.of(2024, 2);
    private static final ReportDefinition REPORT = Reports.forType(ReportType.PROPERTY);

    @Inject
    ExportBuilder builder;
    @Inject
    ReportReader reader;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    S3Client s3;
    @Inject
    Cancellations cancellations;

    private UUID account;
    private String prefix;
    private S3FileIO io;

    @BeforeEach
    void theCatalogABucketAndAnAccountOfItsOwn() {
        IcebergCatalogTables.create(dataSource);
        try {
            s3.createBucket(create -> create.bucket(BUCKET));
        } catch (BucketAlreadyOwnedByYouException e) {
            // another test made it
        }
        account = UUID.randomUUID();
        prefix = "lake/" + account;
        io = IcebergCatalogs.fileIo(s3);
        io.initialize(Map.of("init-creation-stacktrace", "false"));
    }

    @AfterEach
    void closeTheFileIo() {
        io.close();
    }

    @Test
    void a_job_for_a_month_lands_as_one_snapshot_of_its_rows_read_back_by_iceberg() throws Exception {
        ShardSubmitted job = job(JANUARY, FIELDS, PROPERTIES);

        JobCompleted done = builder.build(job);

        assertThat(done.iceberg().table()).isEqualTo(TABLE);
        assertThat(done.iceberg().metadataLocation()).startsWith("s3://" + BUCKET + "/" + prefix
                + "/iceberg/sync/property_daily/metadata/");
        Table table = table(done);
        assertThat(table.snapshots()).hasSize(1);
        assertThat(table.currentSnapshot().snapshotId()).isEqualTo(done.iceberg().snapshotId());
        assertThat(table.currentSnapshot().summary()).containsEntry(IcebergCommitter.JOB_ID, job.jobId().toString());
        assertThat(((BaseTable) table).operations().current().formatVersion()).isEqualTo(2);
        assertThat(table.spec().fields()).singleElement().satisfies(field -> {
            assertThat(field.transform().toString()).isEqualTo("month");
            assertThat(field.name()).isEqualTo("date_month");
        });
        assertThat(table.schema().columns()).extracting(Types.NestedField::fieldId, Types.NestedField::name,
                field -> field.type().toString(), Types.NestedField::isRequired).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1, "property_id", "int", true),
                        org.assertj.core.groups.Tuple.tuple(2, "date", "date", true),
                        org.assertj.core.groups.Tuple.tuple(3, "property_name", "string", false),
                        org.assertj.core.groups.Tuple.tuple(id("asking_rent"), "asking_rent", "decimal(10, 2)", false));
        assertThat(done.files()).isNotEmpty().allSatisfy(file -> assertThat(file.objectKey()).startsWith(prefix
                + "/iceberg/sync/property_daily/data/date_month=2024-01/" + job.jobId() + "/"));
        String manifest = ExportFile.manifest(job).objectKey();
        assertThat(manifest).as("the job's manifest, in its folder")
                .isEqualTo(prefix + "/" + job.jobId() + "/property_2024-01-01_2024-01-31_manifest.json");
        assertThat(s3.headObject(head -> head.bucket(BUCKET).key(manifest)).contentLength()).isPositive();

        assertThat(rows(table, FIELDS)).isEqualTo(database(JANUARY, FIELDS, PROPERTIES));
    }

    @Test
    void a_second_month_adds_a_snapshot_and_a_rerun_of_the_first_replaces_exactly_its_rows() throws Exception {
        JobCompleted january = builder.build(job(JANUARY, FIELDS, PROPERTIES));
        List<String> wider = Stream.concat(FIELDS.stream(), Stream.of("occupancy_percent")).toList();
        JobCompleted february = builder.build(job(FEBRUARY, wider, PROPERTIES));
        JobCompleted rerun = builder.build(job(JANUARY, FIELDS, PROPERTIES));

        Table table = table(rerun);
        assertThat(table.snapshots()).extracting(Snapshot::snapshotId).containsExactly(
                january.iceberg().snapshotId(), february.iceberg().snapshotId(), rerun.iceberg().snapshotId());
        assertThat(table.schema().findField("occupancy_percent").fieldId()).as("the column's id in the report")
                .isEqualTo(id("occupancy_percent"));
        Map<List<Object>, List<Object>> expected = new HashMap<>(database(JANUARY, wider, PROPERTIES));
        expected.replaceAll((key, values) -> withoutLast(values)); // January's rows have no occupancy_percent
        expected.putAll(database(FEBRUARY, wider, PROPERTIES));
        assertThat(rowList(table, wider)).as("no (property, date) twice").hasSize(expected.size());
        assertThat(rows(table, wider)).isEqualTo(expected);

        List<Record> first = read(table, january.iceberg().snapshotId());
        assertThat(first).hasSize(database(JANUARY, FIELDS, PROPERTIES).size())
                .allSatisfy(row -> assertThat(YearMonth.from((LocalDate) row.getField("date"))).isEqualTo(JANUARY));
    }

    @Test
    void a_fanned_out_job_commits_once_in_its_closing_record_and_its_redelivery_commits_nothing_more()
            throws Exception {
        prefix = "";
        String table = "sync" + account.toString().replace("-", "") + ".property_daily";
        JobSpec spec = spec(JANUARY, FIELDS, PROPERTIES, table);
        ShardSubmitted job = ShardSubmitted.of(UUID.randomUUID(), account, 1, 2, spec, destination());
        ShardCompleted first = builder.buildShard(ShardSubmitted.of(job.jobId(), account, 1, 2,
                spec.withPropertyIds(List.of(1L, 2L)), job.destination()));
        ShardCompleted second = builder.buildShard(ShardSubmitted.of(job.jobId(), account, 2, 2,
                spec.withPropertyIds(List.of(3L)), job.destination()));
        List<JobCompleted.File> files = new ArrayList<>();
        Stream.concat(first.files().stream(), second.files().stream()).forEach(file -> files.add(new JobCompleted.File(
                files.size() + 1, file.objectKey(), file.fileName(), file.rowCount(), file.fileSizeBytes(), file.sha256())));
        ShardSubmitted closing = ShardSubmitted.closing(job.jobId(), account, 2, spec, files, job.destination());

        assertThat(tableRow(table)).as("no table before the closing record").isNull();
        JobCompleted done = builder.close(closing);
        JobCompleted again = builder.close(closing);

        assertThat(done.iceberg().metadataLocation()).startsWith("s3://" + BUCKET + "/iceberg/" + table.replace('.', '/')
                + "/metadata/");
        assertThat(again.iceberg().snapshotId()).isEqualTo(done.iceberg().snapshotId());
        assertThat(tableRow(table)).isEqualTo(done.iceberg().metadataLocation());
        Table read = table(again);
        assertThat(read.snapshots()).hasSize(1);
        assertThat(rows(read, FIELDS)).isEqualTo(database(JANUARY, FIELDS, PROPERTIES));
    }

    @Test
    void a_job_that_does_not_finish_leaves_the_table_at_its_previous_snapshot() throws Exception {
        JobCompleted january = builder.build(job(JANUARY, FIELDS, PROPERTIES));
        // Every property: enough rows for the export to look at its cancellation on the way.
        List<Long> every = java.util.stream.LongStream.rangeClosed(1, 25).boxed().toList();
        ShardSubmitted cancelled = job(FEBRUARY, FIELDS, every);
        cancellations.cancel(cancelled.jobId(), Instant.now());

        assertThatThrownBy(() -> builder.build(cancelled)).isInstanceOf(Cancellations.JobCancelledException.class);

        assertThat(tableRow(TABLE)).isEqualTo(january.iceberg().metadataLocation());
        assertThat(table(january).snapshots()).hasSize(1);
    }

    private ShardSubmitted job(YearMonth month, List<String> fields, List<Long> properties) {
        return ShardSubmitted.of(UUID.randomUUID(), account, 1, 1, spec(month, fields, properties, TABLE), destination());
    }

    private static JobSpec spec(YearMonth month, List<String> fields, List<Long> properties, String table) {
        return new JobSpec(ReportType.PROPERTY, OutputFormat.PARQUET, properties, month.atDay(1), month.atEndOfMonth(),
                null, fields, null, null, null, table);
    }

    /** The tests' S3Proxy as the account's destination, another bucket than the worker's. */
    private ExportDestination destination() {
        String endpoint = ConfigProvider.getConfig().getValue("quarkus.s3.endpoint-override", String.class);
        SecretCipher cipher = SecretCipher.of(ConfigProvider.getConfig().getValue("export.secrets.destination-key",
                String.class), List.of());
        UUID id = UUID.randomUUID();
        return new ExportDestination(id, BUCKET, prefix, "us-east-1", endpoint, ExportStack.S3_ACCESS_KEY,
                cipher.encrypt(ExportStack.S3_SECRET_KEY, ExportDestination.secretContext(account, id, BUCKET,
                        endpoint, ExportStack.S3_ACCESS_KEY)));
    }

    /** The table as the outcome's metadata file has it, loaded without the catalog or the worker's code. */
    private Table table(JobCompleted outcome) {
        return new BaseTable(new StaticTableOperations(outcome.iceberg().metadataLocation(), io), TABLE);
    }

    /** The metadata file the catalog points at for the account's table; null when there is no such table. */
    private String tableRow(String table) throws Exception {
        try (Connection connection = dataSource.getConnection(); PreparedStatement query = connection.prepareStatement(
                "SELECT metadata_location FROM api.iceberg_tables WHERE catalog_name = ? AND table_namespace = ?"
                        + " AND table_name = ?")) {
            query.setString(1, account.toString());
            query.setString(2, table.substring(0, table.indexOf('.')));
            query.setString(3, table.substring(table.indexOf('.') + 1));
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }

    private static int id(String column) {
        return REPORT.columns().stream().map(c -> c.name()).toList().indexOf(column) + 1;
    }

    /** The table's rows by (property, date): the other fields' values. */
    private static Map<List<Object>, List<Object>> rows(Table table, List<String> fields) throws Exception {
        Map<List<Object>, List<Object>> rows = new HashMap<>();
        for (List<Object> row : rowList(table, fields)) {
            rows.put(row.subList(0, 2), row.subList(2, row.size()));
        }
        return rows;
    }

    private static List<List<Object>> rowList(Table table, List<String> fields) throws Exception {
        List<List<Object>> rows = new ArrayList<>();
        try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
            for (Record record : records) {
                List<Object> row = new ArrayList<>();
                fields.forEach(field -> row.add(record.getField(field)));
                rows.add(row);
            }
        }
        return rows;
    }

    private static List<Record> read(Table table, long snapshotId) throws Exception {
        List<Record> rows = new ArrayList<>();
        try (CloseableIterable<Record> records = IcebergGenerics.read(table).useSnapshot(snapshotId).build()) {
            records.forEach(rows::add);
        }
        return rows;
    }

    /** The database's rows of the month, by (property, date): the other fields' values, as the worker reads them. */
    private Map<List<Object>, List<Object>> database(YearMonth month, List<String> fields, List<Long> properties)
            throws Exception {
        ColumnSelection selection = ColumnSelection.of(REPORT, fields);
        Map<List<Object>, List<Object>> rows = new HashMap<>();
        reader.read(REPORT, properties, month.atDay(1), month.atEndOfMonth(), row -> {
            Object[] chosen = selection.project(row, new Object[fields.size()]);
            rows.put(List.of(chosen[0], chosen[1]), java.util.Arrays.asList(chosen).subList(2, chosen.length));
        });
        return rows;
    }

    private static List<Object> withoutLast(List<Object> values) {
        List<Object> copy = new ArrayList<>(values.subList(0, values.size() - 1));
        copy.add(null);
        return copy;
    }
}
