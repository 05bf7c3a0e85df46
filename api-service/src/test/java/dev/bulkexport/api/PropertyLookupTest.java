package dev.bulkexport.api;

import dev.bulkexport.api.property.PropertyPage;
import dev.bulkexport.api.property.PropertyQuery;
import dev.bulkexport.api.property.PropertyRows;
import dev.bulkexport.api.account.PropertyScope;
import dev.bulkexport.api.property.PropertySummary;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.bulkexport.testsupport.KafkaTestResource;
import dev.bulkexport.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The property lookup against the demo data set in a real PostgreSQL. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = true)
class PropertyLookupTest {
    private static final String KEY = JobLifecycleTest.KEY;
    private static final String LOOKUP = "/api/v1/properties/lookup";

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @Inject
    PropertyRows repository;

    @Test
    void without_filters_the_first_page_holds_every_demo_property_with_its_details_and_the_pagination() {
        JsonPath body = given().auth().oauth2(KEY).when().get(LOOKUP)
                .then().statusCode(200).extract().jsonPath();

        assertThat(body.getList("properties.id", Integer.class)).hasSize(25).isSorted();
        assertThat(body.getMap("pagination")).containsEntry("current_page", 1).containsEntry("total_pages", 1)
                .containsEntry("total_count", 25).containsEntry("per_page", 50);
        assertThat(body.getMap("properties[0]")).containsKeys("id", "property_name", "address", "city", "state",
                "zip_code", "total_units", "year_built", "latitude", "longitude");
        assertThat(body.getString("properties[6].property_name")).isEqualTo("Bayside\nTowers 7");
    }

    @Test
    void city_and_state_filters_page_through_exactly_the_matching_properties() throws Exception {
        String[] city = busiestCity();
        List<Integer> matching = ids("SELECT id FROM property_data.properties WHERE city = '" + city[0]
                + "' AND state = '" + city[1] + "' ORDER BY id");
        assertThat(matching).hasSizeGreaterThan(2);
        int pages = (matching.size() + 1) / 2;

        JsonPath first = lookup("?city=" + city[0].toLowerCase() + "&state=" + city[1].toLowerCase() + "&per_page=2");
        JsonPath last = lookup("?city=" + city[0] + "&state=" + city[1] + "&per_page=2&page=" + pages);

        assertThat(first.getList("properties.id", Integer.class)).isEqualTo(matching.subList(0, 2));
        assertThat(first.getMap("pagination")).containsEntry("current_page", 1).containsEntry("total_pages", pages)
                .containsEntry("total_count", matching.size()).containsEntry("per_page", 2);
        assertThat(last.getList("properties.id", Integer.class))
                .isEqualTo(matching.subList(2 * (pages - 1), matching.size()));
    }

    @Test
    void query_text_matches_the_name_or_the_address_and_wildcards_are_taken_literally() throws Exception {
        assertThat(lookup("?query=LOFTS").getList("properties.id", Integer.class)).isEqualTo(
                ids("SELECT id FROM property_data.properties WHERE property_name LIKE '%Lofts%' ORDER BY id"));
        assertThat(lookup("?query=harbor%20blvd").getList("properties.id", Integer.class)).isNotEmpty().isEqualTo(
                ids("SELECT id FROM property_data.properties WHERE address LIKE '%Harbor Blvd%' ORDER BY id"));
        assertThat(lookup("?query=%25").getInt("pagination.total_count")).isZero();
    }

    @Test
    void a_zip_code_matches_whole_and_a_page_past_the_end_is_empty() throws Exception {
        String zip = zipOf(1);
        JsonPath body = lookup("?zip_code=" + zip);
        assertThat(body.getList("properties.zip_code", String.class)).isNotEmpty().allMatch(zip::equals);
        assertThat(lookup("?zip_code=" + zip.substring(0, 3)).getInt("pagination.total_count")).isZero();
        assertThat(lookup("?page=9").getList("properties")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"per_page,0", "per_page,101", "per_page,ten", "page,0", "page,-1", "page,1.5"})
    void bad_paging_is_a_400_naming_the_field(String field, String value) {
        given().auth().oauth2(KEY).when().get(LOOKUP + "?" + field + "=" + value)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("error", equalTo("Bad Request"))
                .body("message", containsString(field))
                .body("status", equalTo(400));
    }

    @Test
    void an_account_limited_to_listed_properties_finds_only_those() {
        PropertyPage page = repository.find(new PropertyQuery(null, null, null, null, 1, 50),
                PropertyScope.only(List.of(2L, 5L, 999L))).await().atMost(Duration.ofSeconds(10));

        assertThat(page.properties()).extracting(PropertySummary::id).containsExactly(2, 5);
        assertThat(page.totalCount()).isEqualTo(2);
    }

    @Test
    void an_account_entitled_to_listed_properties_finds_only_those_through_the_api() throws Exception {
        String key = TestAccounts.create(10_000, List.of(2L, 5L, 999L), TestAccounts.ALL_PERMISSIONS);

        JsonPath body = given().auth().oauth2(key).when().get(LOOKUP).then().statusCode(200).extract().jsonPath();

        assertThat(body.getList("properties.id", Integer.class)).containsExactly(2, 5);
        assertThat(body.getInt("pagination.total_count")).isEqualTo(2);
    }

    @Test
    void a_key_without_the_lookup_permission_is_refused() throws Exception {
        String key = TestAccounts.create(10_000, null, List.of("exports:read"));
        given().auth().oauth2(key).when().get(LOOKUP)
                .then().statusCode(403).body("message", containsString("properties:read"));
    }

    @Test
    void a_lookup_without_a_key_is_refused() {
        given().when().get(LOOKUP).then().statusCode(401).body("error", equalTo("Unauthorized"));
    }

    private static JsonPath lookup(String queryString) {
        return given().auth().oauth2(KEY).urlEncodingEnabled(false).when().get(LOOKUP + queryString)
                .then().statusCode(200).extract().jsonPath();
    }

    /** The city and state with the most demo properties. */
    private String[] busiestCity() throws Exception {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
                ResultSet rs = connection.createStatement().executeQuery("SELECT city, state FROM"
                        + " property_data.properties GROUP BY city, state ORDER BY count(*) DESC, city LIMIT 1")) {
            rs.next();
            return new String[] {rs.getString(1), rs.getString(2)};
        }
    }

    private String zipOf(int id) throws Exception {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
                ResultSet rs = connection.createStatement().executeQuery(
                        "SELECT zip_code FROM property_data.properties WHERE id = " + id)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private List<Integer> ids(String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
                PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet rs = statement.executeQuery()) {
            List<Integer> ids = new ArrayList<>();
            while (rs.next()) {
                ids.add(rs.getInt(1));
            }
            return ids;
        }
    }
}
