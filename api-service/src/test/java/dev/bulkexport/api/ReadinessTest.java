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
 * With no Kafka broker at all the api is ready and takes jobs: readiness is PostgreSQL only, so a broker
 * outage never empties the Service (the outbox holds the events).
 */
@QuarkusTest
@TestProfile(NoBrokerProfile.class)
class ReadinessTest {

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Test
    void the_api_is_ready_and_creates_jobs_while_no_broker_answers() throws Exception {
        String ready = given().baseUri(management.toString()).get("health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Reactive PostgreSQL connections health check"))
                .extract().asString();
        // The messaging check is there but speaks for no Kafka channel.
        assertThat(ready).doesNotContain("worker-updates", "webhook-attempts", "\"outbox\"");
        given().baseUri(management.toString()).get("health/live").then().statusCode(200);

        given().auth().oauth2(TestAccounts.create()).contentType(ContentType.JSON).body(aJob().json())
                .post("/api/v1/bulk_api/jobs")
                .then().statusCode(201);
    }
}
