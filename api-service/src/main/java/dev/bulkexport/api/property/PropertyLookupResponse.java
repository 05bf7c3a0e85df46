package dev.bulkexport.api.property;

import dev.bulkexport.api.platform.Pagination;

import java.util.List;

/** {@code {"properties": [...], "pagination": {...}}}, as the reference API answers a lookup. */
public record PropertyLookupResponse(List<PropertySummary> properties, Pagination pagination) {
}
