package dev.bulkexport.api;

import static dev.bulkexport.testsupport.JobRequests.aJob;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.net.URL;
import org.junit.jupiter.api.Test;

/**
 * With no Kafka broker at all the api starts, is ready and takes jobs: no probe depends on Kafka or PostgreSQL, so
 * an outage of either never empties the Service nor restarts a replica (the outbox holds the events; a database
 * outage is a 503 with Retry-After). The database's state is reported apart, in the "dependencies" group.
 */
@QuarkusTest
@TestProfile(NoBrokerProfile.class)
class ReadinessTest {

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Test
    void the_api_is_started_ready_and_creates_jobs_while_no_broker_answers() throws Exception {
        String started = given().baseUri(management.toString()).get("health/started")
                .then().statusCode(200).body("status", equalTo("UP")).extract().asString();
        String ready = given().baseUri(management.toString()).get("health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .extract().asString();
        // The messaging checks are there but speak for no Kafka channel; the database is no probe's criterion.
        assertThat(started + ready).doesNotContain("worker-updates", "webhook-attempts", "\"outbox\"", "PostgreSQL");
        String live = given().baseUri(management.toString()).get("health/live").then().statusCode(200)
                .extract().asString();
        assertThat(live).doesNotContain("PostgreSQL", "postgresql");
        given().baseUri(management.toString()).get("health/group/dependencies").then().statusCode(200)
                .body("checks.name", hasItem("postgresql"));

        given().auth().oauth2(TestAccounts.create()).contentType(ContentType.JSON).body(aJob().json())
                .post("/api/v1/bulk_api/jobs")
                .then().statusCode(201);
    }
}
