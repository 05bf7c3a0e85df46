package dev.bulkexport.api.rest;

import dev.bulkexport.api.service.PropertySummary;
import java.util.List;

/** {@code {"properties": [...], "pagination": {...}}}, as the reference API answers a lookup. */
public record PropertyLookupResponse(List<PropertySummary> properties, Pagination pagination) {
}
