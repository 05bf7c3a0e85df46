package dev.bulkexport.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.bulkexport.api.account.ApiKey;
import dev.bulkexport.testsupport.CustomerBucket;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.avro.Avro;
import org.apache.iceberg.avro.AvroFormatModel;
import org.apache.iceberg.aws.s3.S3FileIO;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.avro.PlannedDataReader;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.NotAuthorizedException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.exceptions.ServiceUnavailableException;
import org.apache.iceberg.formats.FormatModelRegistry;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The read-only Iceberg REST catalog against Iceberg's own RESTCatalog client: a table committed (as the workers
 * do) through a JdbcCatalog named by the account's id, with its files in the account's destination (a second
 * S3Proxy playing the customer's bucket), read back through /iceberg with the account's key.
 */
@QuarkusTest
class IcebergCatalogTest {
    private static final Schema SCHEMA = new Schema(
            Types.NestedField.required(1, "property_id", Types.LongType.get()),
            Types.NestedField.optional(2, "name", Types.StringType.get()));
    private static final Namespace DAILY = Namespace.of("daily");
    private static final TableIdentifier UNITS = TableIdentifier.of(DAILY, "units");
    private static CustomerBucket customer;

    @TestHTTPResource("/iceberg")
    URI catalogUri;

    @BeforeAll
    static void startTheCustomersBucket() throws Exception {
        customer = CustomerBucket.start(Files.createTempDirectory("customer-lake"));
        genericAvroRecords();
    }

    /**
     * iceberg-data registers its generic records' Avro model together with its Parquet and ORC ones, and so not at
     * all without their jars, which these tests leave out (their data files are Avro): the Avro one alone, once.
     */
    private static synchronized void genericAvroRecords() {
        try {
            FormatModelRegistry.register(AvroFormatModel.create(Record.class, Void.class,
                    (icebergSchema, fileSchema, engineSchema) -> org.apache.iceberg.data.avro.DataWriter
                            .<Record>create(fileSchema),
                    (icebergSchema, fileSchema, engineSchema, idToConstant) -> PlannedDataReader
                            .<Record>create(icebergSchema, idToConstant)));
        } catch (IllegalArgumentException registeredBefore) {
            // by an earlier class of this JVM
        }
    }

    @AfterAll
    static void stopTheCustomersBucket() {
        if (customer != null) {
            customer.close();
        }
    }

    @Test
    void an_accounts_table_is_read_through_the_rest_catalog_with_its_key() throws Exception {
        String key = TestAccounts.create();
        String prefix = "lake-" + UUID.randomUUID();
        addDestination(key, prefix);
        Committed committed = commitTable(accountOf(key), prefix, List.of(row(101L, "Maple Court"), row(202L, null)));

        try (RESTCatalog catalog = restCatalog(key)) {
            assertThat(catalog.listNamespaces()).containsExactly(DAILY);
            assertThat(catalog.namespaceExists(DAILY)).isTrue();
            assertThat(catalog.listTables(DAILY)).containsExactly(UNITS);
            assertThat(catalog.tableExists(UNITS)).isTrue();
            assertThat(catalog.tableExists(TableIdentifier.of(DAILY, "floorplans"))).isFalse();

            Table table = catalog.loadTable(UNITS);
            assertThat(table.currentSnapshot().snapshotId()).isEqualTo(committed.snapshotId());
            assertThat(table.schema().sameSchema(SCHEMA)).isTrue();
            assertThat(table.location()).isEqualTo(committed.location());
            List<String> rows = new ArrayList<>();
            try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
                records.forEach(record -> rows.add(record.getField("property_id") + ":" + record.getField("name")));
            }
            assertThat(rows).containsExactlyInAnyOrder("101:Maple Court", "202:null");
        }
    }

    @Test
    void another_accounts_key_sees_no_namespace_and_no_table() throws Exception {
        String owner = TestAccounts.create();
        String prefix = "lake-" + UUID.randomUUID();
        addDestination(owner, prefix);
        commitTable(accountOf(owner), prefix, List.of(row(1L, "one")));

        try (RESTCatalog other = restCatalog(TestAccounts.create())) {
            assertThat(other.listNamespaces()).isEmpty();
            assertThat(other.tableExists(UNITS)).isFalse();
            assertThatThrownBy(() -> other.loadTable(UNITS)).isInstanceOf(NoSuchTableException.class);
        }
        given().auth().oauth2(TestAccounts.create()).get("/iceberg/v1/namespaces/daily").then().statusCode(404)
                .contentType(ContentType.JSON).header("Cache-Control", "no-store").body("error.code", equalTo(404))
                .body("error.type", equalTo("NoSuchNamespaceException"));
    }

    @Test
    void a_table_that_no_destination_holds_is_not_found() throws Exception {
        String key = TestAccounts.create();
        addDestination(key, "lake-" + UUID.randomUUID());
        commitTable(accountOf(key), "elsewhere-" + UUID.randomUUID(), List.of(row(1L, "one")));

        try (RESTCatalog catalog = restCatalog(key)) {
            assertThat(catalog.listTables(DAILY)).containsExactly(UNITS);
            assertThatThrownBy(() -> catalog.loadTable(UNITS)).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("No destination of this account holds");
        }
    }

    @Test
    void a_bucket_that_refuses_the_metadata_file_is_a_503_naming_the_stores_answer() throws Exception {
        String key = TestAccounts.create();
        String bucket = "lake-" + UUID.randomUUID().toString().substring(0, 8);
        customer.createBucket(bucket);
        addDestination(key, bucket, "tables");
        commitTable(accountOf(key), bucket, "tables", List.of(row(1L, "one")));
        customer.deleteBucket(bucket);

        try (RESTCatalog catalog = restCatalog(key)) {
            assertThatThrownBy(() -> catalog.loadTable(UNITS)).isInstanceOf(ServiceUnavailableException.class)
                    .hasMessageContaining("HTTP 404 NoSuchBucket");
        }
    }

    @Test
    void without_a_usable_key_the_catalog_answers_401_in_the_specs_error_shape() {
        assertThatThrownBy(() -> restCatalog(null)).isInstanceOf(NotAuthorizedException.class);
        assertThatThrownBy(() -> restCatalog("pbe_test_unknown_" + UUID.randomUUID()))
                .isInstanceOf(NotAuthorizedException.class);
        String body = given().get("/iceberg/v1/namespaces").then().statusCode(401).contentType(ContentType.JSON)
                .body("error.code", equalTo(401)).body("error.type", equalTo("NotAuthorizedException"))
                .body("error.message", containsString("bearer token")).extract().asString();
        assertThat(body).doesNotContain("stack").doesNotContain("Exception:");
    }

    @Test
    void writes_are_refused_as_the_catalog_is_read_only() throws Exception {
        String key = TestAccounts.create();
        try (RESTCatalog catalog = restCatalog(key)) {
            // The config answer lists the read endpoints only, so Iceberg's client refuses before sending.
            assertThatThrownBy(() -> catalog.createNamespace(Namespace.of("mine")))
                    .isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> catalog.dropTable(UNITS)).isInstanceOf(UnsupportedOperationException.class);
        }
        given().auth().oauth2(key).contentType(ContentType.JSON).body("{\"namespace\":[\"mine\"]}")
                .post("/iceberg/v1/namespaces").then().statusCode(403).contentType(ContentType.JSON)
                .body("error.code", equalTo(403)).body("error.type", equalTo("ForbiddenException"))
                .body("error.message", containsString("read-only"));
        given().auth().oauth2(key).delete("/iceberg/v1/namespaces/daily/tables/units").then().statusCode(403)
                .body("error.type", equalTo("ForbiddenException"));
        given().delete("/iceberg/v1/namespaces/daily/tables/units").then().statusCode(401)
                .body("error.type", equalTo("NotAuthorizedException"));
    }

    private RESTCatalog restCatalog(String key) {
        Map<String, String> properties = new HashMap<>(s3Properties());
        properties.put(CatalogProperties.URI, catalogUri.toString());
        properties.put("rest.auth.type", "oauth2");
        if (key != null) {
            properties.put("token", key);
        }
        RESTCatalog catalog = new RESTCatalog();
        catalog.initialize("bulk-export", properties);
        return catalog;
    }

    /** What a client reads the data files with: its own S3 settings and credentials. */
    private static Map<String, String> s3Properties() {
        return Map.of(CatalogProperties.FILE_IO_IMPL, S3FileIO.class.getName(),
                // S3FileIO's own client factory of S3 alone (its default one needs the whole AWS SDK, as
                // iceberg-aws-bundle brings it to engines).
                "s3.client-factory-impl", "org.apache.iceberg.aws.s3.DefaultS3FileIOAwsClientFactory",
                "http-client.type", "urlconnection",
                "s3.endpoint", customer.endpoint(),
                "s3.path-style-access", "true",
                "s3.access-key-id", CustomerBucket.ACCESS_KEY,
                "s3.secret-access-key", CustomerBucket.SECRET_KEY,
                "client.region", "us-east-1");
    }

    private static void addDestination(String key, String prefix) {
        addDestination(key, CustomerBucket.BUCKET, prefix);
    }

    private static void addDestination(String key, String bucket, String prefix) {
        given().auth().oauth2(key).contentType(ContentType.JSON).body("{\"type\":\"s3\",\"name\":\"lake\",\"bucket\":\""
                        + bucket + "\",\"prefix\":\"" + prefix + "\",\"region\":\"us-east-1\","
                        + "\"endpoint\":\"" + customer.endpoint() + "\",\"access_key_id\":\"" + CustomerBucket.ACCESS_KEY
                        + "\",\"secret_access_key\":\"" + CustomerBucket.SECRET_KEY + "\"}")
                .post("/api/v1/bulk_api/destinations").then().statusCode(201);
    }

    private record Committed(String location, long snapshotId) {
    }

    /** Creates the table and appends one data file, as a worker commits a job's snapshot. */
    private static Committed commitTable(UUID account, String prefix, List<Record> rows) throws IOException {
        return commitTable(account, CustomerBucket.BUCKET, prefix, rows);
    }

    private static Committed commitTable(UUID account, String bucket, String prefix, List<Record> rows)
            throws IOException {
        String location = "s3://" + bucket + "/" + prefix + "/iceberg/daily/units";
        S3Client s3 = S3Client.builder().region(Region.US_EAST_1).endpointOverride(URI.create(customer.endpoint()))
                .forcePathStyle(true).credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(CustomerBucket.ACCESS_KEY, CustomerBucket.SECRET_KEY))).build();
        var config = ConfigProvider.getConfig();
        JdbcCatalog workers = new JdbcCatalog(properties -> {
            S3FileIO io = new S3FileIO(() -> s3, () -> {
                throw new UnsupportedOperationException("no asynchronous writes");
            });
            io.initialize(Map.of());
            return io;
        }, null, false);
        workers.initialize(account.toString(), Map.of(
                CatalogProperties.URI, config.getValue("quarkus.datasource.jdbc.url", String.class)
                        + "?currentSchema=api",
                CatalogProperties.WAREHOUSE_LOCATION, "s3://" + bucket + "/" + prefix + "/iceberg",
                "jdbc.schema-version", "V1",
                "jdbc.user", config.getValue("quarkus.datasource.username", String.class),
                "jdbc.password", config.getValue("quarkus.datasource.password", String.class)));
        try (workers) {
            Table table = workers.buildTable(UNITS, SCHEMA).withLocation(location).create();
            DataWriter<Record> writer = Avro.writeData(table.io().newOutputFile(location + "/data/"
                            + UUID.randomUUID() + ".avro"))
                    .schema(SCHEMA).withSpec(PartitionSpec.unpartitioned())
                    .createWriterFunc(org.apache.iceberg.data.avro.DataWriter::create).overwrite().build();
            try (writer) {
                rows.forEach(writer::write);
            }
            table.newAppend().appendFile(writer.toDataFile()).commit();
            return new Committed(location, table.currentSnapshot().snapshotId());
        }
    }

    private static Record row(long propertyId, String name) {
        Record record = GenericRecord.create(SCHEMA);
        record.setField("property_id", propertyId);
        record.setField("name", name);
        return record;
    }

    private static UUID accountOf(String key) throws Exception {
        try (var db = TestAccounts.connect();
                var query = db.prepareStatement("SELECT account_id FROM api.api_keys WHERE key_hash = ?")) {
            query.setString(1, ApiKey.hash(key));
            try (var rs = query.executeQuery()) {
                rs.next();
                return rs.getObject(1, UUID.class);
            }
        }
    }
}
