package dev.bulkexport.api.platform;

import jakarta.enterprise.context.RequestScoped;

/** The authenticated caller of the current request, set by {@link BearerAuthFilter}. */
@RequestScoped
public class CurrentCaller {
    private Caller caller;

    public void set(Caller caller) {
        this.caller = caller;
    }

    /** The caller, who must hold the permission (403 otherwise). */
    public Caller require(Permission permission) {
        if (caller == null) {
            throw ApiProblem.unauthorized();
        }
        if (!caller.permissions().contains(permission)) {
            throw new ApiProblem(403, "This API key lacks the " + permission.wireName() + " permission");
        }
        return caller;
    }
}
