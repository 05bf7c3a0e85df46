package dev.bulkexport.api.account;

import dev.bulkexport.api.platform.ApiProblem;
import java.util.List;
import java.util.stream.Collectors;

/** Some requested properties are outside the account's entitlement. */
public class NotEntitledException extends ApiProblem {
    private static final int LISTED = 20;

    public NotEntitledException(List<Long> propertyIds) {
        super(403, "property_ids outside your entitlement: " + propertyIds.stream().limit(LISTED).map(String::valueOf)
                .collect(Collectors.joining(", "))
                + (propertyIds.size() > LISTED ? " and " + (propertyIds.size() - LISTED) + " more" : ""));
    }
}
