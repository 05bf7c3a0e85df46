package dev.bulkexport.api.service;

import dev.bulkexport.api.domain.Account;
import dev.bulkexport.api.repository.QuotaRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/** Each distinct property an account exports counts once per calendar month (UTC). */
@ApplicationScoped
public class QuotaService {
    private final QuotaRepository usage;

    public QuotaService(QuotaRepository usage) {
        this.usage = usage;
    }

    public Uni<QuotaImpact> impact(Account account, List<Long> propertyIds) {
        LocalDate month = currentMonth();
        return usage.usage(account.id, month).chain(consumed -> usage.alreadyCounted(account.id, month, propertyIds)
                .map(counted -> new QuotaImpact(account.monthlyQuota, consumed, propertyIds.size(),
                        propertyIds.size() - counted.size(), counted.size())));
    }

    public Uni<Void> charge(UUID accountId, List<Long> propertyIds, UUID jobId) {
        return usage.charge(accountId, currentMonth(), propertyIds, jobId).replaceWithVoid();
    }

    public Uni<Void> giveBack(UUID jobId) {
        return usage.giveBack(jobId).replaceWithVoid();
    }

    private static LocalDate currentMonth() {
        return LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1);
    }
}
