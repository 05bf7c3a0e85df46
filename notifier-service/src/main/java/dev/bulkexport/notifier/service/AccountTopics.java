package dev.bulkexport.notifier.service;

import dev.bulkexport.messaging.KafkaAdminSettings;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The accounts' topics, created on first use: one partition (an account's events in the order they happened),
 * the cluster's replication factor, 7 days' retention as the internal status topic. A topic this replica
 * created or found is remembered; an operator may also create it beforehand (deploy/subscribers).
 */
@ApplicationScoped
public class AccountTopics {
    static final Map<String, String> CONFIG = Map.of("retention.ms", String.valueOf(Duration.ofDays(7).toMillis()));

    private final Set<String> known = ConcurrentHashMap.newKeySet();
    private final Map<String, Object> kafka;
    private volatile Admin admin;

    public AccountTopics(@Identifier("default-kafka-broker") Map<String, Object> kafka) {
        this.kafka = kafka;
    }

    /** Completes once {@code topic} exists. */
    public Uni<Void> ensure(String topic) {
        if (known.contains(topic)) {
            return Uni.createFrom().voidItem();
        }
        NewTopic created = new NewTopic(topic, Optional.of(1), Optional.empty()).configs(CONFIG);
        // The admin client is made on first use, off the event loop: it resolves the bootstrap address.
        return Uni.createFrom().item(this::admin).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(admin -> Uni.createFrom().completionStage(admin.createTopics(List.of(created)).all()
                        .toCompletionStage()))
                .onFailure(e -> unwrap(e) instanceof TopicExistsException).recoverWithNull()
                .invoke(() -> known.add(topic))
                .replaceWithVoid();
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    private Admin admin() {
        if (admin == null) {
            synchronized (this) {
                if (admin == null) {
                    Map<String, Object> config = KafkaAdminSettings.of(kafka, "account-topics");
                    admin = Admin.create(config);
                }
            }
        }
        return admin;
    }

    void onShutdown(@Observes ShutdownEvent event) {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }
}
