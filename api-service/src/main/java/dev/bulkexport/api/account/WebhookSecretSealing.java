package dev.bulkexport.api.account;

import dev.bulkexport.common.secrets.SecretCipher;
import dev.bulkexport.common.secrets.WebhookSecrets;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Keeps every webhook signing secret in {@code api.accounts} sealed with the current key ({@link SecretCipher}, bound
 * to its account): seals the ones still in plain text (current and previous) and seals again those sealed with a
 * previous key. Every replica runs it to the end at start, before it serves, and again every
 * {@code export.destinations.reseal-interval} (for a value an older replica wrote during a rolling upgrade); each
 * column changes only if it still holds the value read, so two replicas starting at once never undo each other or
 * a rotation.
 */
@ApplicationScoped
public class WebhookSecretSealing {
    private static final Logger LOG = Logger.getLogger(WebhookSecretSealing.class);
    private static final int BATCH = 100;

    private final Pool pool;
    private final AccountRows accounts;
    private final SecretCipher cipher;

    WebhookSecretSealing(Pool pool, AccountRows accounts, SecretCipher cipher) {
        this.pool = pool;
        this.accounts = accounts;
        this.cipher = cipher;
    }

    void onStart(@Observes StartupEvent event) throws Throwable {
        VertxContextSupport.subscribeAndAwait(this::logged);
    }

    @Scheduled(every = "${export.destinations.reseal-interval:10m}", delay = 10,
            delayUnit = java.util.concurrent.TimeUnit.SECONDS,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return logged();
    }

    private Uni<Void> logged() {
        return sealAll().invoke(count -> {
            if (count > 0) {
                LOG.infof("sealed %d webhook signing secrets with key %s, bound to their accounts", count,
                        cipher.currentKeyId());
            }
        }).onFailure().invoke(e -> LOG.warnf("sealing webhook signing secrets failed: %s", e.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** One pass over every account; the number of secrets sealed (again). */
    public Uni<Integer> sealAll() {
        return sealAfter(null, 0);
    }

    private Uni<Integer> sealAfter(UUID after, int sealed) {
        return accounts.webhookSecretsNotSealedWith(pool, cipher.currentPrefix(), after, BATCH)
                .chain(found -> {
                    if (found.isEmpty()) {
                        return Uni.createFrom().item(sealed);
                    }
                    List<Uni<Boolean>> changes = new ArrayList<>();
                    for (AccountRows.StoredWebhookSecrets row : found) {
                        change(row.accountId(), false, row.current(), changes);
                        change(row.accountId(), true, row.previous(), changes);
                    }
                    UUID last = found.get(found.size() - 1).accountId();
                    Uni<Integer> done = changes.isEmpty() ? Uni.createFrom().item(0)
                            : Uni.join().all(changes).andFailFast()
                                    .map(results -> (int) results.stream().filter(Boolean::booleanValue).count());
                    return done.chain(count -> found.size() < BATCH ? Uni.createFrom().item(sealed + count)
                            : sealAfter(last, sealed + count));
                });
    }

    private void change(UUID account, boolean previous, String stored, List<Uni<Boolean>> changes) {
        if (stored == null || cipher.isCurrent(stored)) {
            return;
        }
        String context = WebhookSecrets.context(account);
        String plaintext;
        if (stored.startsWith(WebhookSecrets.PREFIX)) {
            plaintext = stored;
        } else {
            try {
                plaintext = cipher.decrypt(stored, context);
            } catch (SecretCipher.UnreadableSecretException e) {
                LOG.errorf("the %s webhook signing secret of account %s cannot be opened with the configured keys: %s",
                        previous ? "previous" : "current", account, e.getMessage());
                return;
            }
        }
        changes.add(accounts.replaceWebhookSecret(pool, account, previous, stored,
                cipher.encrypt(plaintext, context)));
    }
}
