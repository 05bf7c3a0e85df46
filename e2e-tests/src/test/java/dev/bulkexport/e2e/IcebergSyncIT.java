package dev.bulkexport.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.bulkexport.testsupport.CustomerBucket;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.StaticTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.aws.s3.S3FileIO;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The monthly sync as an Iceberg table, on the real stack: a monthly schedule into a table on the customer's
 * bucket, a backfill of three months (three jobs, committing side by side) and a re-run of the middle month. The
 * table is then read with Iceberg's own client and generic reader, the code engines use, never our writer's: through
 * our REST catalog with the account's key, and from the metadata file alone. Its rows are the database's.
 */
@ExtendWith(SharedStack.Extension.class)
class IcebergSyncIT {
    private static final Duration JOB_WAIT = Duration.ofSeconds(240);
    private static final String TABLE = "rentals.units_daily";
    private static final List<Long> PROPERTY_IDS = List.of(1L, 2L, 3L);
    private static final List<YearMonth> MONTHS = List.of(YearMonth.of(2024, 1), YearMonth.of(2024, 2),
            YearMonth.of(2024, 3));
    private static final List<String> KEY = List.of("property_id", "unit_id", "date");

    private static SharedStack system;
    private static CustomerBucket customer;
    private static final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeAll
    static void theStack(SharedStack shared) {
        system = shared;
        customer = shared.customerBucket();
    }

    @AfterAll
    static void closeClients() throws Exception {
        for (AutoCloseable client : closing) {
            client.close();
        }
    }

    @Test
    void three_monthly_runs_and_a_rerun_of_the_middle_month_are_a_table_of_four_snapshots_that_engines_read()
            throws Exception {
        String key = system.newAccountKey("iceberg");
        String destination = addDestination(key);
        String schedule = given().auth().oauth2(key).contentType(ContentType.JSON).body(Map.of("name", "units lake",
                "cadence", "monthly", "time_zone", "UTC", "window", "previous_period", "report_type", "units",
                "output_format", "parquet", "property_ids", PROPERTY_IDS, "destination_id", destination,
                "iceberg_table", TABLE)).post("/api/v1/bulk_api/schedules").then().statusCode(201)
                .extract().path("schedule_id");
        given().auth().oauth2(key).contentType(ContentType.JSON)
                .body(Map.of("from", MONTHS.get(0).atDay(1).toString(), "to", MONTHS.get(2).atEndOfMonth().toString()))
                .post("/api/v1/bulk_api/schedules/" + schedule + "/backfill").then().statusCode(202);
        List<String> backfilled = await().atMost(JOB_WAIT).pollInterval(Duration.ofMillis(500))
                .until(() -> runJobs(key, schedule), jobs -> jobs.size() == MONTHS.size());
        List<JsonPath> monthly = backfilled.stream().map(job -> awaitOutcome(key, job)).toList();
        monthly.forEach(job -> assertThat(job.getString("status")).as(job.prettify()).isEqualTo("succeeded"));
        JsonPath rerun = awaitOutcome(key, submitMonth(key, destination, MONTHS.get(1)));
        assertThat(rerun.getString("status")).as(rerun.prettify()).isEqualTo("succeeded");
        assertThat(rerun.getString("result.iceberg.table")).isEqualTo(TABLE);
        String metadataLocation = rerun.getString("result.iceberg.metadata_location");
        assertThat(metadataLocation).startsWith("s3://" + CustomerBucket.BUCKET + "/lake/iceberg/rentals/units_daily/"
                + "metadata/");

        Map<YearMonth, List<List<Object>>> source = new HashMap<>();
        for (YearMonth month : MONTHS) {
            source.put(month, SourceRows.UNITS.read(system.stack().postgres(), PROPERTY_IDS, month.atDay(1),
                    month.atEndOfMonth()).rows());
        }
        List<String> columns = SourceRows.UNITS.columns();

        RESTCatalog catalog = catalog(key);
        assertThat(catalog.listNamespaces()).containsExactly(Namespace.of("rentals"));
        assertThat(catalog.listTables(Namespace.of("rentals"))).containsExactly(TableIdentifier.parse(TABLE));
        Table table = catalog.loadTable(TableIdentifier.parse(TABLE));
        assertThat(table.currentSnapshot().snapshotId()).isEqualTo(rerun.getLong("result.iceberg.snapshot_id"));
        assertThat(table.spec().fields()).singleElement()
                .satisfies(field -> assertThat(field.transform().toString()).isEqualTo("month"));
        assertThat(table.schema().findField("date").type()).isEqualTo(Types.DateType.get());
        assertThat(table.schema().findField("asking_rent").type()).isEqualTo(Types.DecimalType.of(10, 2));

        List<Snapshot> snapshots = new ArrayList<>();
        table.snapshots().forEach(snapshots::add);
        assertThat(snapshots).as("one snapshot per job").hasSize(4);
        assertThat(snapshots.stream().map(s -> s.summary().get("bulk-export.job-id")))
                .containsExactlyInAnyOrderElementsOf(concat(backfilled, List.of(rerun.getString("job_id"))));

        List<List<Object>> all = MONTHS.stream().flatMap(month -> source.get(month).stream()).toList();
        List<Map<String, Object>> rows = read(table, null);
        assertThat(rows).as("the three months' rows, the re-run month once").hasSize(all.size());
        assertThat(rows.stream().map(row -> KEY.stream().map(row::get).toList()).collect(Collectors.toSet()))
                .as("no (property_id, unit_id, date) twice").hasSize(rows.size());
        assertThat(normalised(rows, columns)).as("every value is the database's")
                .containsExactlyInAnyOrderElementsOf(normalisedSource(all));

        Snapshot first = snapshots.stream().filter(s -> s.parentId() == null).findFirst().orElseThrow();
        List<Map<String, Object>> firstRows = read(table, first.snapshotId());
        Set<YearMonth> firstMonths = firstRows.stream().map(row -> YearMonth.from((LocalDate) row.get("date")))
                .collect(Collectors.toSet());
        assertThat(firstMonths).as("time travel to the first snapshot: one month").hasSize(1);
        assertThat(firstRows).hasSize(source.get(firstMonths.iterator().next()).size());

        // Without us: the metadata file the job named is the table, for any engine with access to the bucket.
        Table alone = new BaseTable(new StaticTableOperations(metadataLocation, fileIo()), TABLE);
        assertThat(alone.currentSnapshot().snapshotId()).isEqualTo(table.currentSnapshot().snapshotId());
        assertThat(read(alone, null)).hasSize(all.size());

        RESTCatalog stranger = catalog(system.newAccountKey("iceberg-stranger"));
        assertThat(stranger.listNamespaces()).as("another account's key sees none of the tables").isEmpty();
        assertThatThrownBy(() -> stranger.loadTable(TableIdentifier.parse(TABLE)))
                .isInstanceOf(NoSuchTableException.class);
    }

    private static String addDestination(String key) {
        return given().auth().oauth2(key).contentType(ContentType.JSON).body(Map.of("type", "s3", "name", "lake",
                "bucket", CustomerBucket.BUCKET, "prefix", "lake", "region", "us-east-1", "endpoint",
                customer.endpoint(), "access_key_id", CustomerBucket.ACCESS_KEY, "secret_access_key",
                CustomerBucket.SECRET_KEY)).post("/api/v1/bulk_api/destinations").then().statusCode(201)
                .extract().path("destination_id");
    }

    private static String submitMonth(String key, String destination, YearMonth month) {
        return given().auth().oauth2(key).contentType(ContentType.JSON).body(Map.of("report_type", "units",
                "output_format", "parquet", "start_date", month.atDay(1).toString(), "end_date",
                month.atEndOfMonth().toString(), "property_ids", PROPERTY_IDS, "destination_id", destination,
                "iceberg_table", TABLE)).post("/api/v1/bulk_api/jobs").then().statusCode(201).extract().path("job_id");
    }

    /** The jobs the schedule's runs have so far. */
    private static List<String> runJobs(String key, String schedule) {
        List<String> jobs = given().auth().oauth2(key).get("/api/v1/bulk_api/schedules/" + schedule + "/runs")
                .then().statusCode(200).extract().path("runs.job_id");
        return jobs.stream().filter(job -> job != null).toList();
    }

    private static JsonPath awaitOutcome(String key, String jobId) {
        return await().atMost(JOB_WAIT).pollInterval(Duration.ofMillis(250))
                .until(() -> JsonPath.from(given().auth().oauth2(key).get("/api/v1/bulk_api/jobs/" + jobId).then()
                        .statusCode(200).extract().asString()), job -> !"submitted".equals(job.getString("status")));
    }

    /** Iceberg's REST client on our catalog, the account's key as its token, reading data with the bucket's keys. */
    private static RESTCatalog catalog(String key) {
        RESTCatalog catalog = new RESTCatalog();
        Map<String, String> properties = new HashMap<>(s3Properties());
        properties.put("uri", system.stack().apiBaseUrl() + "/iceberg");
        properties.put("token", key);
        catalog.initialize("bulk", properties);
        closing.add(catalog);
        return catalog;
    }

    private static S3FileIO fileIo() {
        S3FileIO io = new S3FileIO();
        io.initialize(s3Properties());
        closing.add(io);
        return io;
    }

    private static Map<String, String> s3Properties() {
        return Map.of("io-impl", S3FileIO.class.getName(), "s3.endpoint", customer.endpoint(),
                "s3.path-style-access", "true", "s3.access-key-id", CustomerBucket.ACCESS_KEY,
                "s3.secret-access-key", CustomerBucket.SECRET_KEY, "client.region", "us-east-1",
                "http-client.type", "urlconnection",
                // S3's own client factory: the default one loads KMS and STS, which a reader of S3 does not need.
                "s3.client-factory-impl", "org.apache.iceberg.aws.s3.DefaultS3FileIOAwsClientFactory");
    }

    /** Every row of the table (at a snapshot, or the current one), by column name. */
    private static List<Map<String, Object>> read(Table table, Long snapshotId) throws Exception {
        var scan = IcebergGenerics.read(table);
        if (snapshotId != null) {
            scan = scan.useSnapshot(snapshotId);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        try (CloseableIterable<Record> records = scan.build()) {
            for (Record record : records) {
                Map<String, Object> row = new HashMap<>();
                record.struct().fields().forEach(field -> row.put(field.name(), record.getField(field.name())));
                rows.add(row);
            }
        }
        return rows;
    }

    private static List<List<String>> normalised(List<Map<String, Object>> rows, List<String> columns) {
        return rows.stream().map(row -> columns.stream().map(column -> text(row.get(column))).toList()).toList();
    }

    private static List<List<String>> normalisedSource(List<List<Object>> rows) {
        return rows.stream().map(row -> row.stream().map(IcebergSyncIT::text).toList()).toList();
    }

    /** A value as text that does not depend on the Java type each side reads it as. */
    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate().toString();
        }
        if (value instanceof Number number) {
            return new BigDecimal(number.toString()).stripTrailingZeros().toPlainString();
        }
        return value.toString();
    }

    private static <T> List<T> concat(Collection<T> a, Collection<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
