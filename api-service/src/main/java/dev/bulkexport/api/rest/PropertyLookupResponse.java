package dev.bulkexport.api.rest;

import dev.bulkexport.api.service.PropertySummary;
import java.util.List;

/** {@code {"properties": [...], "pagination": {...}}}, as the reference API answers a lookup. */
public record PropertyLookupResponse(List<PropertySummary> properties, Pagination pagination) {

    /** The reference API's pagination object. */
    public record Pagination(int currentPage, long totalPages, long totalCount, int perPage) {
        static Pagination of(int page, int perPage, long totalCount) {
            return new Pagination(page, (totalCount + perPage - 1) / perPage, totalCount, perPage);
        }
    }
}
