package dev.bulkexport.testsupport;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The api-service's admin API (management port) with its bearer token: accounts and keys, as an operator. */
public record AdminApi(String baseUrl, String token) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Calls the admin API ({@code body} null: none). */
    public HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * A new webhook signing secret for the account, as an operator gets it (the api stores it only sealed): the
     * previous one keeps signing beside it for {@code overlapHours}.
     */
    public String rotateWebhookSecret(String accountId, int overlapHours) throws IOException, InterruptedException {
        HttpResponse<String> rotated = send("POST", "/accounts/" + accountId + "/webhook-secret",
                "{\"overlap_hours\":" + overlapHours + "}");
        if (rotated.statusCode() != 200) {
            throw new IllegalStateException("webhook secret not rotated: " + rotated.statusCode() + " "
                    + rotated.body());
        }
        return JSON.readTree(rotated.body()).get("webhook_secret").asText();
    }

    /** An account just created, and a key of it. */
    public record Account(String accountId, String apiKey) {
    }

    /** Creates an account (its JSON: name, limits...) and returns a new key of it. */
    public String createAccountKey(String accountJson) throws IOException, InterruptedException {
        return createAccount(accountJson).apiKey();
    }

    /** Creates an account (its JSON: name, limits...) and a key of it. */
    public Account createAccount(String accountJson) throws IOException, InterruptedException {
        HttpResponse<String> account = send("POST", "/accounts", accountJson);
        if (account.statusCode() != 201) {
            throw new IllegalStateException("account not created: " + account.statusCode() + " " + account.body());
        }
        String accountId = JSON.readTree(account.body()).get("account_id").asText();
        HttpResponse<String> key = send("POST", "/accounts/" + accountId + "/keys", "{}");
        if (key.statusCode() != 201) {
            throw new IllegalStateException("key not issued: " + key.statusCode() + " " + key.body());
        }
        return new Account(accountId, JSON.readTree(key.body()).get("api_key").asText());
    }
}
