package dev.bulkexport.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.bulkexport.testsupport.CustomerBucket;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.nio.file.Files;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The option {@code iceberg_table} of jobs and schedules as the API takes it: a month of Parquet into a destination,
 * a schedule whose runs are whole months, and a schedule that keeps its table's shape. What the workers commit is
 * proven end to end (IcebergSyncIT).
 */
@QuarkusTest
class IcebergSyncApiTest {
    private static final String JOBS = "/api/v1/bulk_api/jobs";
    private static final String SCHEDULES = "/api/v1/bulk_api/schedules";
    private static CustomerBucket customer;

    @BeforeAll
    static void startTheCustomersBucket() throws Exception {
        customer = CustomerBucket.start(Files.createTempDirectory("customer-bucket"));
    }

    @AfterAll
    static void stopTheCustomersBucket() {
        if (customer != null) {
            customer.close();
        }
    }

    @Test
    void a_job_names_its_table_and_a_broken_rule_is_a_400_naming_the_member() throws Exception {
        String key = TestAccounts.create();
        String destination = destination(key);
        LocalDate month = LocalDate.now(ZoneOffset.UTC).minusMonths(2).withDayOfMonth(1);
        String body = "{\"report_type\":\"units\",\"output_format\":\"parquet\",\"start_date\":\"" + month
                + "\",\"end_date\":\"" + month.withDayOfMonth(month.lengthOfMonth()) + "\",\"property_ids\":[1,2],"
                + "\"destination_id\":\"" + destination + "\",\"iceberg_table\":\"rentals.units_daily\"}";

        String id = post(key, JOBS, body).statusCode(201).body("iceberg_table", equalTo("rentals.units_daily"))
                .extract().path("job_id");
        given().auth().oauth2(key).get(JOBS + "/" + id).then().statusCode(200)
                .body("iceberg_table", equalTo("rentals.units_daily"));

        refused(key, JOBS, body.replace("\"parquet\"", "\"csv\""), "output_format must be parquet for iceberg_table");
        refused(key, JOBS, body.replace("rentals.units_daily", "rentals"), "iceberg_table must be namespace.table");
        refused(key, JOBS, body.replace("\"iceberg_table\":\"rentals.units_daily\"", "\"iceberg_table\":7"),
                "iceberg_table");
        refused(key, JOBS, body.replace("\"start_date\":\"" + month, "\"start_date\":\"" + month.plusDays(3)),
                "start_date and end_date must be the first and the last day of one calendar month");
        refused(key, JOBS, body.replace("\"property_ids\"", "\"fields\":[\"date\",\"asking_rent\"],\"property_ids\""),
                "fields must include property_id, unit_id for iceberg_table");
    }

    @Test
    void a_schedule_into_a_table_runs_monthly_over_the_previous_period_and_keeps_the_tables_columns()
            throws Exception {
        String key = TestAccounts.create();
        String destination = destination(key);
        String body = "{\"name\":\"rentals sync\",\"report_type\":\"units\",\"output_format\":\"parquet\","
                + "\"property_ids\":[1,2],\"destination_id\":\"" + destination + "\",\"iceberg_table\":\"rentals.units\","
                + "\"fields\":[\"property_id\",\"unit_id\",\"date\",\"asking_rent\"],"
                + "\"cadence\":\"monthly\",\"time_zone\":\"Europe/Berlin\",\"window\":\"previous_period\"}";

        refused(key, SCHEDULES, body.replace("\"monthly\"", "\"weekly\""),
                "cadence must run once a month, on the first day, for iceberg_table");
        refused(key, SCHEDULES, body.replace("\"monthly\"", "\"0 6 15 * *\""),
                "cadence must run once a month, on the first day, for iceberg_table");
        refused(key, SCHEDULES, body.replace("\"previous_period\"", "{\"last_days\":31}"),
                "window must be \"previous_period\" for iceberg_table");
        String id = post(key, SCHEDULES, body).statusCode(201).body("iceberg_table", equalTo("rentals.units"))
                .extract().path("schedule_id");

        patch(key, id, "{\"fields\":[\"property_id\",\"unit_id\",\"date\"]}").statusCode(400)
                .body("message", containsString("fields must keep asking_rent: iceberg_table rentals.units has"));
        patch(key, id, "{\"report_type\":\"floorplans\",\"fields\":null}").statusCode(400)
                .body("message", containsString("report_type must stay units"));
        patch(key, id, "{\"fields\":[\"property_id\",\"unit_id\",\"date\",\"asking_rent\",\"bedroom_count\"]}")
                .statusCode(200).body("fields.size()", equalTo(5));
        patch(key, id, "{\"fields\":null}").statusCode(200);
        patch(key, id, "{\"iceberg_table\":\"rentals.units_v2\",\"fields\":[\"property_id\",\"unit_id\",\"date\"]}")
                .statusCode(200).body("iceberg_table", equalTo("rentals.units_v2"));
    }

    private static String destination(String key) {
        String body = "{\"type\":\"s3\",\"name\":\"warehouse\",\"bucket\":\"" + CustomerBucket.BUCKET
                + "\",\"prefix\":\"lake\",\"region\":\"us-east-1\",\"endpoint\":\"" + customer.endpoint()
                + "\",\"access_key_id\":\"" + CustomerBucket.ACCESS_KEY + "\",\"secret_access_key\":\""
                + CustomerBucket.SECRET_KEY + "\"}";
        return post(key, "/api/v1/bulk_api/destinations", body).statusCode(201).extract().path("destination_id");
    }

    private static ValidatableResponse post(String key, String path, String body) {
        return given().auth().oauth2(key).contentType(ContentType.JSON).body(body).post(path).then();
    }

    private static ValidatableResponse patch(String key, String id, String body) {
        return given().auth().oauth2(key).contentType(ContentType.JSON).body(body).patch(SCHEDULES + "/" + id).then();
    }

    private static void refused(String key, String path, String body, String message) {
        post(key, path, body).statusCode(400).contentType("application/problem+json")
                .body("message", containsString(message));
    }
}
