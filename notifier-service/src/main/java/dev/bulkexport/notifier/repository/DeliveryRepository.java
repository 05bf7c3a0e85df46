package dev.bulkexport.notifier.repository;

import dev.bulkexport.common.events.EventCodec;
import dev.bulkexport.common.events.WebhookAttempted;
import dev.bulkexport.notifier.domain.Delivery;
import dev.bulkexport.common.WebhookStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The notifier's tables, and the one view of the api schema it may read (the signing secrets). */
@ApplicationScoped
public class DeliveryRepository {
    private final Pool pool;

    public DeliveryRepository(Pool pool) {
        this.pool = pool;
    }

    /** Records a delivery due now; false when one with this webhook id exists already (a redelivered event). */
    public Uni<Boolean> insertIfAbsent(String webhookId, UUID jobId, UUID accountId, String callbackUrl,
            String payload, Instant now) {
        return pool.preparedQuery("INSERT INTO notifier.deliveries (webhook_id, job_id, account_id, callback_url,"
                        + " payload, status, attempts, round_attempts, next_attempt_at, created_at, updated_at)"
                        + " VALUES ($1, $2, $3, $4, $5, 'pending', 0, 0, $6, $6, $6) ON CONFLICT DO NOTHING")
                .execute(Tuple.from(List.of(webhookId, jobId, accountId, callbackUrl, payload, time(now))))
                .map(rows -> rows.rowCount() == 1);
    }

    /**
     * Claims up to {@code limit} due deliveries for this replica: rows locked by another replica are skipped,
     * and the claimed ones are leased by moving their next attempt past the lease, so no other replica takes
     * them while this one sends.
     */
    public Uni<List<Delivery>> claimDue(int limit, Duration lease, Instant now) {
        return pool.preparedQuery("UPDATE notifier.deliveries SET next_attempt_at = $3, updated_at = $2"
                        + " WHERE webhook_id IN (SELECT webhook_id FROM notifier.deliveries"
                        + " WHERE status = 'pending' AND next_attempt_at <= $2 ORDER BY next_attempt_at LIMIT $1"
                        + " FOR UPDATE SKIP LOCKED)"
                        + " RETURNING webhook_id, job_id, account_id, callback_url, payload, attempts, round_attempts")
                .execute(Tuple.of(limit, time(now), time(now.plus(lease))))
                .map(rows -> {
                    List<Delivery> claimed = new ArrayList<>();
                    for (Row row : rows) {
                        claimed.add(new Delivery(row.getString("webhook_id"), row.getUUID("job_id"),
                                row.getUUID("account_id"), row.getString("callback_url"), row.getString("payload"),
                                row.getInteger("attempts"), row.getInteger("round_attempts")));
                    }
                    return claimed;
                });
    }

    /**
     * Hands back a claimed delivery unsent, due again at {@code at} (the lease ends early); no attempt is
     * counted. Changes nothing when the delivery has moved on since the claim.
     */
    public Uni<Void> release(Delivery delivery, Instant at) {
        return pool.preparedQuery("UPDATE notifier.deliveries SET next_attempt_at = $2, updated_at = $2"
                        + " WHERE webhook_id = $1 AND status = 'pending' AND attempts = $3")
                .execute(Tuple.of(delivery.webhookId(), time(at), delivery.attempts()))
                .replaceWithVoid();
    }

    /** Makes a delivery of the account due now on a fresh schedule; false when there is no such delivery. */
    public Uni<Boolean> restartSchedule(String webhookId, UUID accountId, Instant now) {
        return pool.preparedQuery("UPDATE notifier.deliveries SET status = 'pending', round_attempts = 0,"
                        + " next_attempt_at = $3, updated_at = $3 WHERE webhook_id = $1 AND account_id = $2")
                .execute(Tuple.of(webhookId, accountId, time(now)))
                .map(rows -> rows.rowCount() == 1);
    }

    /**
     * The account's signing secrets from the api's published view as stored (sealed, see {@code SigningSecrets}):
     * the current one, then the previous one while a rotation's overlap lasts; empty when the account has none.
     */
    public Uni<List<String>> signingSecrets(UUID accountId) {
        return pool.preparedQuery("SELECT secret, previous_secret FROM api.webhook_signing_keys WHERE account_id = $1")
                .execute(Tuple.of(accountId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return List.of();
                    }
                    Row row = rows.iterator().next();
                    return java.util.stream.Stream.of(row.getString("secret"), row.getString("previous_secret"))
                            .filter(java.util.Objects::nonNull).toList();
                });
    }

    /**
     * Stores an attempt's outcome and its event in one transaction, if the delivery is still where the claim
     * left it; false when another replica recorded this attempt already (only after an expired lease).
     */
    public Uni<Boolean> recordAttempt(Delivery delivery, WebhookAttempted attempt) {
        // A claimed delivery is pending; the attempt moves it on (or leaves it pending for the next one).
        WebhookStatus status = WebhookStatus.moves().move(delivery.webhookId(), WebhookStatus.PENDING,
                attempt.deliveryStatus());
        return pool.withTransaction(connection -> connection.preparedQuery("UPDATE notifier.deliveries"
                                + " SET status = $2, attempts = $3, round_attempts = round_attempts + 1,"
                                + " next_attempt_at = $4, last_attempt_at = $5, last_response_status = $6,"
                                + " last_error = $7, updated_at = $5 WHERE webhook_id = $1 AND attempts = $8")
                        .execute(Tuple.from(new Object[] {delivery.webhookId(), status.wireName(), attempt.attempt(),
                                time(attempt.nextAttemptAt()), time(attempt.occurredAt()), attempt.responseStatus(),
                                attempt.error(), delivery.attempts()}))
                        .chain(updated -> updated.rowCount() == 0 ? Uni.createFrom().item(false)
                                : connection.preparedQuery("INSERT INTO notifier.attempts (event_id, webhook_id,"
                                                + " job_id, account_id, attempt, attempted_at, response_status, error,"
                                                + " delivery_status, next_attempt_at, payload)"
                                                + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)")
                                        .execute(Tuple.from(new Object[] {attempt.eventId(), attempt.webhookId(),
                                                attempt.jobId(), attempt.accountId(), attempt.attempt(),
                                                time(attempt.occurredAt()), attempt.responseStatus(), attempt.error(),
                                                status.wireName(), time(attempt.nextAttemptAt()),
                                                EventCodec.encode(attempt)}))
                                        .map(inserted -> true)));
    }

    private static OffsetDateTime time(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
