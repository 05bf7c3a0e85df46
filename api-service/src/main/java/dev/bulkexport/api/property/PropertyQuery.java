package dev.bulkexport.api.property;

/**
 * A property lookup: optional filters (null when not given) and a page. {@code text} matches the name or the
 * address anywhere, case-insensitively; city and state match whole, case-insensitively; zip_code exactly.
 */
public record PropertyQuery(String text, String city, String state, String zipCode, int page, int perPage) {

    public long offset() {
        return (long) (page - 1) * perPage;
    }
}
