package dev.bulkexport.api.rest;

/** Validated {@code page} (from 1) and {@code per_page} (1 to 100, default 50) query parameters. */
public record PageRequest(int page, int perPage) {
    static final int DEFAULT_PER_PAGE = 50;
    static final int MAX_PER_PAGE = 100;

    public static PageRequest of(String page, String perPage) {
        return new PageRequest(parse("page", page, 1, 1, Integer.MAX_VALUE),
                parse("per_page", perPage, DEFAULT_PER_PAGE, 1, MAX_PER_PAGE));
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
        throw ApiProblem.badRequest(field + " must be an integer from " + min
                + (max == Integer.MAX_VALUE ? " up" : " to " + max));
    }
}
