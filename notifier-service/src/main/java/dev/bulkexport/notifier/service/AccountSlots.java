package dev.bulkexport.notifier.service;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** How many attempts of each account run on this replica, capped per account. */
final class AccountSlots {
    private final int perAccount;
    private final Map<UUID, Integer> running = new ConcurrentHashMap<>();

    AccountSlots(int perAccount) {
        this.perAccount = perAccount;
    }

    /** Takes a slot of the account; false (and nothing taken) when all of its slots are in use. */
    boolean tryStart(UUID account) {
        boolean[] started = new boolean[1];
        running.compute(account, (id, count) -> {
            int now = count == null ? 0 : count;
            started[0] = now < perAccount;
            return started[0] ? now + 1 : now == 0 ? null : now;
        });
        return started[0];
    }

    /** Gives back a slot taken by {@link #tryStart}. */
    void end(UUID account) {
        running.computeIfPresent(account, (id, count) -> count <= 1 ? null : count - 1);
    }
}
