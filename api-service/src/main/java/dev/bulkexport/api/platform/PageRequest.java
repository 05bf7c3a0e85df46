package dev.bulkexport.api.platform;

/**
 * Validated {@code page} (1 to {@value #MAX_PAGE}) and {@code per_page} (1 to 100, default 50) query
 * parameters. The page is bounded so that its offset always fits the database's row numbers; the offset
 * itself is computed in {@code long} (an {@code int} product overflowed to a negative first result).
 */
public record PageRequest(int page, int perPage) {
    static final int DEFAULT_PER_PAGE = 50;
    static final int MAX_PER_PAGE = 100;
    /** Deepest page: 1,000,000 pages of 100 rows is far beyond any account's jobs or the property catalogue. */
    static final int MAX_PAGE = 1_000_000;

    public static PageRequest of(String page, String perPage) {
        return new PageRequest(parse("page", page, 1, 1, MAX_PAGE),
                parse("per_page", perPage, DEFAULT_PER_PAGE, 1, MAX_PER_PAGE));
    }

    /** Rows before this page. */
    public long offset() {
        return (long) (page - 1) * perPage;
    }

    private static int parse(String field, String value, int fallback, int min, int max) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiProblem.badRequest(field + " must be an integer from " + min + " to " + max);
    }
}
