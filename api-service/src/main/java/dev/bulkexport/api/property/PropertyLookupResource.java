package dev.bulkexport.api.property;

import dev.bulkexport.api.platform.ApiProblem;
import dev.bulkexport.api.platform.CurrentCaller;
import dev.bulkexport.api.platform.PageRequest;
import dev.bulkexport.api.platform.Pagination;
import dev.bulkexport.api.platform.Permission;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestQuery;

/** Finds property ids to export by name or address text, city, state and ZIP code. */
@Path("/api/v1/properties/lookup")
@Produces(MediaType.APPLICATION_JSON)
public class PropertyLookupResource {
    private static final int MAX_FILTER_LENGTH = 200;

    private final PropertyLookupService lookup;
    private final CurrentCaller caller;

    public PropertyLookupResource(PropertyLookupService lookup, CurrentCaller caller) {
        this.lookup = lookup;
        this.caller = caller;
    }

    @GET
    public Uni<PropertyLookupResponse> lookup(@RestQuery("query") String query, @RestQuery("city") String city,
            @RestQuery("state") String state, @RestQuery("zip_code") String zipCode, @RestQuery("page") String page,
            @RestQuery("per_page") String perPage) {
        UUID accountId = caller.require(Permission.PROPERTIES_READ).accountId();
        PageRequest paging = PageRequest.of(page, perPage);
        PropertyQuery parsed = new PropertyQuery(filter("query", query), filter("city", city), filter("state", state),
                filter("zip_code", zipCode), paging.page(), paging.perPage());
        return lookup.lookup(accountId, parsed)
                .map(found -> new PropertyLookupResponse(found.properties(),
                        Pagination.of(paging.page(), paging.perPage(), found.totalCount())));
    }

    /** A filter: absent or blank means none. */
    private static String filter(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > MAX_FILTER_LENGTH) {
            throw ApiProblem.badRequest(name + " must be at most " + MAX_FILTER_LENGTH + " characters");
        }
        // PostgreSQL refuses a NUL in text (a 500 before): control characters name no property anyway.
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw ApiProblem.badRequest(name + " must not contain control characters");
        }
        return value.strip();
    }
}
