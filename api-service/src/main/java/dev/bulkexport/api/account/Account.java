package dev.bulkexport.api.account;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A customer account: owns jobs and API keys. */
@Entity
@Table(name = "accounts", schema = "api")
public class Account extends PanacheEntityBase {
    @Id
    public UUID id;
    public String name;
    public Instant createdAt;
    /** True when the account may export every property; otherwise only those in account_properties. */
    public boolean allProperties = true;
    /** Distinct property records the account may export per calendar month (UTC). */
    public int monthlyQuota = 10000;
    /** Requests per minute each of the account's keys may make. */
    public int rateLimitPerMinute = 600;

    public static Account named(String name) {
        Account account = new Account();
        account.id = UUID.randomUUID();
        account.name = name;
        account.createdAt = Instant.now();
        return account;
    }
}
