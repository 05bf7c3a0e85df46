package dev.bulkexport.api.account;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Refuses to start with a weak admin token ({@code ADMIN_TOKEN}): one shorter than {@value #MIN_LENGTH}
 * characters, a well-known default, or one of too few distinct characters. The admin API grants every property and
 * issues keys of every account, so a guessable token is worse than none (none keeps the admin API shut).
 */
@Singleton
public class AdminTokenCheck {
    static final int MIN_LENGTH = 32;
    private static final int MIN_DISTINCT_CHARACTERS = 8;
    /** Defaults found in examples, composes and tutorials, ours (before it required a token) included. */
    private static final Set<String> WELL_KNOWN = Set.of("local-admin-token", "test-admin-token", "admin-token",
            "admin", "changeme", "change-me", "changeit", "password", "secret", "token");

    void onStart(@Observes StartupEvent event, AccountConfig config) {
        check(config.admin().token());
    }

    /** @throws IllegalStateException naming ADMIN_TOKEN and the rule it breaks; never the token itself */
    public static void check(Optional<String> token) {
        if (token.isEmpty()) {
            return;
        }
        String value = token.get();
        if (WELL_KNOWN.contains(value.strip().toLowerCase(Locale.ROOT))) {
            throw weak("is a well-known default");
        }
        if (value.length() < MIN_LENGTH) {
            throw weak("is shorter than " + MIN_LENGTH + " characters");
        }
        if (value.chars().distinct().count() < MIN_DISTINCT_CHARACTERS) {
            throw weak("has fewer than " + MIN_DISTINCT_CHARACTERS + " distinct characters");
        }
    }

    private static IllegalStateException weak(String rule) {
        return new IllegalStateException("ADMIN_TOKEN (export.accounts.admin.token) " + rule + "; set at least "
                + MIN_LENGTH + " random characters, e.g. $(openssl rand -base64 32), or leave it unset to keep the"
                + " admin API shut");
    }
}
