package dev.bulkexport.api.destination;

import dev.bulkexport.api.platform.ApiProblem;

/** No such destination for this account (another account's destinations do not exist for it): 404. */
public class DestinationNotFoundException extends ApiProblem {
    public DestinationNotFoundException(Object id) {
        super(404, "No destination " + id + " for this account");
    }
}
