package dev.bulkexport.api.iceberg;

import dev.bulkexport.api.platform.ApiProblem;
import dev.bulkexport.messaging.ReactiveDatabase;
import jakarta.ws.rs.core.Response;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.ForbiddenException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.exceptions.ServiceUnavailableException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.jdbc.UncheckedSQLException;
import org.jboss.logging.Logger;

/**
 * A failure of a catalog request as the REST spec's ErrorResponse, with the status and the type (the name of
 * Iceberg's exception) that Iceberg's clients turn back into that exception: never a stack trace, class path or SQL.
 */
final class IcebergErrors {
    private static final Logger LOG = Logger.getLogger(IcebergErrors.class);

    private IcebergErrors() {
    }

    static Response response(Throwable failure) {
        if (failure instanceof NoSuchNamespaceException) {
            return IcebergJson.error(404, "NoSuchNamespaceException", failure.getMessage());
        }
        if (failure instanceof NoSuchTableException) {
            return IcebergJson.error(404, "NoSuchTableException", failure.getMessage());
        }
        if (failure instanceof DestinationFileIO.UnreadableFileException) {
            LOG.infof("iceberg catalog: %s", failure.getMessage());
            return IcebergJson.error(503, "ServiceUnavailableException", failure.getMessage());
        }
        if (failure instanceof NotFoundException) {
            return IcebergJson.error(404, "NotFoundException", failure.getMessage());
        }
        if (failure instanceof ForbiddenException) {
            return IcebergJson.error(403, "ForbiddenException", failure.getMessage());
        }
        if (failure instanceof BadRequestException) {
            return IcebergJson.error(400, "BadRequestException", failure.getMessage());
        }
        if (failure instanceof ValidationException) {
            return IcebergJson.error(400, "ValidationException", failure.getMessage());
        }
        if (failure instanceof IllegalArgumentException) {
            return IcebergJson.error(400, "IllegalArgumentException", failure.getMessage());
        }
        if (failure instanceof ServiceUnavailableException) {
            LOG.warnf("iceberg catalog: %s", failure.getMessage());
            return IcebergJson.error(503, "ServiceUnavailableException", failure.getMessage());
        }
        if (failure instanceof ApiProblem problem) {
            return IcebergJson.error(problem.status(), typeOf(problem.status()), problem.getMessage());
        }
        if (failure instanceof UncheckedSQLException || ReactiveDatabase.unavailable(failure)) {
            return unavailable(failure);
        }
        return unexpected(failure);
    }

    /** The type of an answer the platform gave (authentication, rate limits, routes) in Iceberg's names. */
    static String typeOf(int status) {
        return switch (status) {
            case 400 -> "BadRequestException";
            case 401 -> "NotAuthorizedException";
            case 403 -> "ForbiddenException";
            case 404 -> "NotFoundException";
            case 500 -> "ServiceFailureException";
            case 503 -> "ServiceUnavailableException";
            default -> Response.Status.fromStatusCode(status) == null ? "RESTException"
                    : Response.Status.fromStatusCode(status).getReasonPhrase().replace(" ", "") + "Exception";
        };
    }

    private static Response unavailable(Throwable e) {
        LOG.warnf("iceberg catalog: database unreachable: %s", e.getMessage());
        return IcebergJson.error(503, "ServiceUnavailableException",
                "The catalog is briefly unavailable; retry in a few seconds");
    }

    private static Response unexpected(Throwable e) {
        LOG.error("iceberg catalog: unexpected failure", e);
        return IcebergJson.error(500, "ServiceFailureException", "An unexpected error occurred; please retry");
    }
}
