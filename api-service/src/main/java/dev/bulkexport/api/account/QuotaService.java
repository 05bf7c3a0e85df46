package dev.bulkexport.api.account;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/** Each distinct property an account exports counts once per calendar month (UTC). */
@ApplicationScoped
public class QuotaService {
    private final QuotaRows usage;
    private final Pool pool;

    QuotaService(QuotaRows usage, Pool pool) {
        this.usage = usage;
        this.pool = pool;
    }

    /** What exporting the properties would consume of the account's quota this month; nothing is written. */
    public Uni<QuotaImpact> impact(UUID accountId, List<Long> propertyIds) {
        LocalDate month = currentMonth();
        return Uni.combine().all().unis(usage.usage(pool, accountId, month),
                        usage.alreadyCounted(pool, accountId, month, propertyIds))
                .with((now, counted) -> new QuotaImpact(now.limit(), now.consumed(), propertyIds.size(),
                        propertyIds.size() - counted, counted));
    }

    /**
     * Charges the records the job newly exports this month and fails with {@link QuotaExceededException} if
     * that takes the account past its limit (the caller's transaction then rolls back). Sends its three
     * statements at once on {@code sql}: the charge; the account lock, taken only if the job charged
     * anything; the limit and the month's count, which the database reads after the lock is granted, so it
     * holds every charge committed before plus this one. Every create that adds records locks before it
     * counts and keeps the lock until it ends, so two creates cannot both pass a limit that only one fits,
     * while creates that add nothing never wait for one another.
     */
    public Uni<Void> chargeWithinLimit(SqlClient sql, UUID accountId, List<Long> propertyIds, UUID jobId) {
        LocalDate month = currentMonth();
        return Uni.combine().all().unis(
                        usage.charge(sql, accountId, month, propertyIds, jobId),
                        usage.lockAccountIfCharged(sql, accountId, jobId),
                        usage.usage(sql, accountId, month))
                .with((charged, locked, after) -> {
                    if (after.consumed() > after.limit()) {
                        throw new QuotaExceededException(after.limit(), after.consumed() - charged, charged);
                    }
                    return charged;
                })
                .replaceWithVoid();
    }

    /**
     * Gives back what a failed or cancelled job was charged, in the caller's transaction. A property that another
     * live job of the same month also exported stays counted, now charged to the earliest such job.
     */
    public Uni<Void> giveBack(SqlClient sql, UUID jobId) {
        return usage.giveBack(sql, jobId).replaceWithVoid();
    }

    private static LocalDate currentMonth() {
        return LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1);
    }
}
