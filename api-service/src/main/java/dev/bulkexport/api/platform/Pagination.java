package dev.bulkexport.api.platform;

/** The reference API's paging object. */
public record Pagination(int currentPage, int totalPages, long totalCount, int perPage) {

    public static Pagination of(int page, int perPage, long totalCount) {
        return new Pagination(page, (int) ((totalCount + perPage - 1) / perPage), totalCount, perPage);
    }
}
