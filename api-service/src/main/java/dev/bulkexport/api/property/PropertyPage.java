package dev.bulkexport.api.property;

import java.util.List;

/** One page of a property lookup and the number of properties matching it in total. */
public record PropertyPage(List<PropertySummary> properties, long totalCount) {
}
