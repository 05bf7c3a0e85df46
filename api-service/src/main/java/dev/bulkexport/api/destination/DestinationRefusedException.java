package dev.bulkexport.api.destination;

import dev.bulkexport.api.platform.ApiProblem;

/**
 * A destination that cannot be used as given: the access check failed (unknown bucket, refused credentials,
 * unreachable endpoint), or a job or schedule names a destination the account does not have. A 400 whose message
 * names what failed; never holds a secret.
 */
public class DestinationRefusedException extends ApiProblem {
    public DestinationRefusedException(String message) {
        super(400, message);
    }
}
