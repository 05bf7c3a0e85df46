package dev.bulkexport.api.rest;

import dev.bulkexport.api.service.PropertyLookupService;
import dev.bulkexport.api.service.PropertyQuery;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestQuery;

/** Finds property ids to export by name or address text, city, state and ZIP code. */
@Path("/api/v1/properties/lookup")
@Produces(MediaType.APPLICATION_JSON)
public class PropertyLookupResource {
    private static final int DEFAULT_PER_PAGE = 50;
    private static final int MAX_PER_PAGE = 100;
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
        PropertyQuery parsed = new PropertyQuery(filter("query", query), filter("city", city), filter("state", state),
                filter("zip_code", zipCode), number("page", page, 1, 1, Integer.MAX_VALUE),
                number("per_page", perPage, DEFAULT_PER_PAGE, 1, MAX_PER_PAGE));
        return lookup.lookup(caller.get().accountId(), parsed)
                .map(found -> new PropertyLookupResponse(found.properties(),
                        PropertyLookupResponse.Pagination.of(parsed.page(), parsed.perPage(), found.totalCount())));
    }

    /** A filter: absent or blank means none. */
    private static String filter(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > MAX_FILTER_LENGTH) {
            throw ApiProblem.badRequest(name + " must be at most " + MAX_FILTER_LENGTH + " characters");
        }
        return value.strip();
    }

    private static int number(String name, String value, int fallback, int min, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value.strip());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // answered below with the rule
        }
        throw ApiProblem.badRequest(name + " must be an integer from " + min
                + (max == Integer.MAX_VALUE ? " up" : " to " + max) + ", not '" + abbreviated(value) + "'");
    }

    private static String abbreviated(String value) {
        return value.length() > 20 ? value.substring(0, 20) + "..." : value;
    }
}
