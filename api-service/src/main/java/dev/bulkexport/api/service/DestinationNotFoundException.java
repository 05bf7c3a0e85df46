package dev.bulkexport.api.service;

/** No such destination for this account (another account's destinations do not exist for it): 404. */
public class DestinationNotFoundException extends RuntimeException {
    public DestinationNotFoundException(Object id) {
        super("No destination " + id + " for this account", null, false, false);
    }
}
