package dev.bulkexport.api.account;

import dev.bulkexport.api.platform.ApiProblem;
import dev.bulkexport.api.platform.Permission;
import dev.bulkexport.messaging.ReactiveDatabase;
import io.quarkus.vertx.http.ManagementInterface;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The admin API, on the management port only (never on the public one), behind its own bearer token:
 * <pre>
 * GET    /admin/v1/accounts
 * POST   /admin/v1/accounts                    {"name", "monthly_quota"?, "rate_limit_per_minute"?, "property_ids"?}
 * PUT    /admin/v1/accounts/{id}/entitlement   {"property_ids": [..] | null (all properties)}  (required)
 * PUT    /admin/v1/accounts/{id}/limits        {"monthly_quota"?, "rate_limit_per_minute"?,
 *                                              "max_unfinished_jobs"?, "max_running_shards"? (null: the default)}
 * POST   /admin/v1/accounts/{id}/keys          {"permissions"?, "expires_at"?}  (the secret is shown once)
 * POST   /admin/v1/accounts/{id}/webhook-secret  rotates the whsec_ signing secret (shown once)
 * DELETE /admin/v1/keys/{key_id}               revokes the key
 * </pre>
 */
@ApplicationScoped
public class AdminResource {
    private static final Logger LOG = Logger.getLogger(AdminResource.class);
    private static final String JSON = "application/json";
    private static final int MAX_ENTITLED = 100_000;
    /** How long a rotated-out webhook secret keeps signing beside the new one, unless the body says otherwise. */
    private static final int DEFAULT_OVERLAP_HOURS = 24;
    private static final int MAX_OVERLAP_HOURS = 7 * 24;

    void register(@Observes ManagementInterface management, AdminService admin, AccountConfig config) {
        Router router = management.router();
        // The management interface reads every body (up to quarkus.management.limits.max-body-size) before
        // any route of ours runs; the token is checked first of ours.
        // The public port's answers get these from quarkus.http.header; the management router does not.
        router.route("/admin/*").handler(context -> {
            context.response().putHeader("X-Content-Type-Options", "nosniff").putHeader("Cache-Control", "no-store");
            context.next();
        });
        router.route("/admin/*").handler(context -> authorize(context, config));
        router.route("/admin/*").failureHandler(context -> fail(context, context.failure()));
        router.get("/admin/v1/accounts").handler(context -> answer(context, 200, admin.listAccounts()));
        router.post("/admin/v1/accounts").handler(context -> {
            JsonObject body = body(context, "name", "monthly_quota", "rate_limit_per_minute", "property_ids");
            answer(context, 201, admin.createAccount(name(body), integer(body, "monthly_quota", 10_000, 0),
                    integer(body, "rate_limit_per_minute", 600, 1), entitled(body)));
        });
        router.put("/admin/v1/accounts/:id/entitlement").handler(context -> {
            JsonObject body = members(requiredBody(context), "property_ids");
            if (!body.containsKey("property_ids")) {
                throw ApiProblem.badRequest("property_ids is required: an array of property ids, or null for every"
                        + " property");
            }
            answer(context, 200, admin.setEntitlement(id(context), entitled(body)));
        });
        router.put("/admin/v1/accounts/:id/limits").handler(context -> {
            JsonObject body = body(context, "monthly_quota", "rate_limit_per_minute", "max_unfinished_jobs",
                    "max_running_shards");
            answer(context, 200, admin.setLimits(id(context), integer(body, "monthly_quota", null, 0),
                    integer(body, "rate_limit_per_minute", null, 1), cap(body, "max_unfinished_jobs"),
                    cap(body, "max_running_shards")));
        });
        router.post("/admin/v1/accounts/:id/keys").handler(context -> {
            JsonObject body = body(context, "permissions", "expires_at");
            answer(context, 201, admin.issueKey(id(context), permissions(body), expiresAt(body)));
        });
        router.post("/admin/v1/accounts/:id/webhook-secret").handler(context -> {
            JsonObject body = body(context, "overlap_hours");
            if (body.containsKey("overlap_hours") && body.getValue("overlap_hours") == null) {
                throw ApiProblem.badRequest("overlap_hours must be an integer of at least 0 (leave it out for "
                        + DEFAULT_OVERLAP_HOURS + ")");
            }
            int hours = integer(body, "overlap_hours", DEFAULT_OVERLAP_HOURS, 0);
            if (hours > MAX_OVERLAP_HOURS) {
                throw ApiProblem.badRequest("overlap_hours must be at most " + MAX_OVERLAP_HOURS);
            }
            answer(context, 200, admin.rotateWebhookSecret(id(context), java.time.Duration.ofHours(hours)));
        });
        router.delete("/admin/v1/keys/:id").handler(context -> answer(context, 204, admin.revokeKey(id(context))));
    }

    private static void authorize(RoutingContext context, AccountConfig config) {
        String header = context.request().getHeader("Authorization");
        boolean allowed = config.admin().token().isPresent() && header != null && header.startsWith("Bearer ")
                && MessageDigest.isEqual(header.substring(7).getBytes(StandardCharsets.UTF_8),
                        config.admin().token().get().getBytes(StandardCharsets.UTF_8));
        if (allowed) {
            context.next();
        } else {
            problem(context, 401, "Missing or invalid admin token");
        }
    }

    private static void answer(RoutingContext context, int status, Uni<?> result) {
        result.subscribe().with(value -> {
            if (value == null) {
                context.response().setStatusCode(status).end();
            } else {
                context.response().setStatusCode(status).putHeader("Content-Type", JSON)
                        .end(value instanceof JsonArray array ? array.encode() : ((JsonObject) value).encode());
            }
        }, failure -> fail(context, failure));
    }

    /**
     * Handler code throws ApiProblem for bad input; the router's own refusals (no route, a body over the
     * limit) keep their status; anything else is logged and hidden.
     */
    private static void fail(RoutingContext context, Throwable failure) {
        int status = failure instanceof HttpException http ? http.getStatusCode() : context.statusCode();
        if (failure == null || failure instanceof HttpException && status < 500) {
            switch (status) {
                case 404 -> problem(context, 404, "No such admin resource");
                case 413 -> problem(context, 413, "Request body too large");
                default -> problem(context, status >= 400 && status < 500 ? status : 500, "Request refused");
            }
        } else if (failure instanceof ApiProblem problem) {
            problem(context, problem.status(), problem.getMessage());
        } else if (ReactiveDatabase.unavailable(failure)) {
            // Nothing was written: the request may be sent again as it was.
            LOG.warnf("admin request: database unreachable: %s", failure.getMessage());
            context.response().putHeader("Retry-After", "5");
            problem(context, 503, "The account store is briefly unavailable; retry in a few seconds");
        } else {
            LOG.error("admin request failed", failure);
            problem(context, 500, "An unexpected error occurred");
        }
    }

    private static void problem(RoutingContext context, int status, String message) {
        String error = switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 404 -> "Not Found";
            case 409 -> "Conflict";
            case 413 -> "Payload Too Large";
            case 503 -> "Service Unavailable";
            default -> status < 500 ? "Bad Request" : "Internal Server Error";
        };
        context.response().setStatusCode(status).putHeader("Content-Type", "application/problem+json")
                .end(new JsonObject().put("error", error).put("message", message).put("type", "about:blank")
                        .put("title", error).put("status", status).put("detail", message).encode());
    }

    /**
     * The body's JSON object with no members but {@code allowed}; no body at all reads as {@code {}}, while any other
     * non-object (null too) is a 400.
     */
    private static JsonObject body(RoutingContext context, String... allowed) {
        if (context.body().length() <= 0) {
            return new JsonObject();
        }
        return members(requiredBody(context), allowed);
    }

    /** An unknown member is a 400 naming it: a misspelt limit must not pass as "keep the current one". */
    private static JsonObject members(JsonObject body, String... allowed) {
        List<String> known = List.of(allowed);
        for (String member : body.fieldNames()) {
            if (!known.contains(member)) {
                throw ApiProblem.badRequest("Unknown member '" + member + "'; this body takes " + known);
            }
        }
        return body;
    }

    /** The body's JSON object; a missing body, {@code null} or any other JSON value is a 400. */
    private static JsonObject requiredBody(RoutingContext context) {
        try {
            JsonObject body = context.body().asJsonObject();
            if (body != null) {
                return body;
            }
        } catch (DecodeException | ClassCastException e) {
            // reported below
        }
        throw ApiProblem.badRequest("Request body must be a JSON object");
    }

    private static UUID id(RoutingContext context) {
        try {
            return UUID.fromString(context.pathParam("id"));
        } catch (IllegalArgumentException e) {
            throw new ApiProblem(404, "No such id " + context.pathParam("id"));
        }
    }

    private static String name(JsonObject body) {
        Object name = body.getValue("name");
        if (!(name instanceof String text) || text.isBlank() || text.length() > 200) {
            throw ApiProblem.badRequest("name must be a non-empty string of at most 200 characters");
        }
        return text.strip();
    }

    private static Integer integer(JsonObject body, String field, Integer fallback, int min) {
        Object value = body.getValue(field);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Integer number && number >= min) {
            return number;
        }
        throw ApiProblem.badRequest(field + " must be an integer from " + min + " to " + Integer.MAX_VALUE);
    }

    /** An account's own cap: absent (kept), null (the configured default again) or a positive integer. */
    private static AccountRows.Cap cap(JsonObject body, String field) {
        return body.containsKey(field) ? AccountRows.Cap.of(integer(body, field, null, 1)) : AccountRows.Cap.KEEP;
    }

    /** {@code property_ids}: absent or null for every property, else the listed ones. */
    private static List<Long> entitled(JsonObject body) {
        Object value = body.getValue("property_ids");
        if (value == null) {
            return null;
        }
        if (!(value instanceof JsonArray array) || array.size() > MAX_ENTITLED) {
            throw ApiProblem.badRequest("property_ids must be null or an array of at most " + MAX_ENTITLED
                    + " positive integers");
        }
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            if (!(array.getValue(i) instanceof Number id) || id instanceof Double || id.longValue() <= 0) {
                throw ApiProblem.badRequest("property_ids[" + i + "] must be a positive integer");
            }
            ids.add(id.longValue());
        }
        return ids;
    }

    private static List<String> permissions(JsonObject body) {
        List<String> known = Arrays.stream(Permission.values()).map(Permission::wireName).toList();
        Object value = body.getValue("permissions");
        if (value == null) {
            return known;
        }
        if (value instanceof JsonArray array && !array.isEmpty()
                && array.stream().allMatch(known::contains)) {
            return array.stream().map(String.class::cast).distinct().toList();
        }
        throw ApiProblem.badRequest("permissions must be a non-empty array of " + known);
    }

    private static OffsetDateTime expiresAt(JsonObject body) {
        Object value = body.getValue("expires_at");
        if (value == null) {
            return null;
        }
        try {
            OffsetDateTime at = OffsetDateTime.parse((String) value);
            if (at.isAfter(OffsetDateTime.now())) {
                return at;
            }
        } catch (ClassCastException | DateTimeParseException e) {
            // reported below
        }
        throw ApiProblem.badRequest("expires_at must be a future ISO-8601 date-time such as 2027-01-01T00:00:00Z");
    }
}
