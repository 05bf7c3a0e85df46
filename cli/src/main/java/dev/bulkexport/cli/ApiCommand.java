package dev.bulkexport.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/** A command that talks to the API: resolves the connection, prints JSON answers on stdout. */
abstract class ApiCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    ApiClient api() {
        Connection resolved = Connection.resolve(connection.url, connection.apiKey, connection.profile,
                BulkExportCli.environment());
        return new ApiClient(resolved.url(), resolved.apiKey(), BulkExportCli::notice);
    }

    static void print(JsonNode answer) {
        try {
            PrintStream out = System.out;
            out.println(ApiClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(answer));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
