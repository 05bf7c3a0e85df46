package dev.bulkexport.api.repository;

import java.util.Collection;

/** Ids bound as one PostgreSQL {@code bigint[]} parameter, however many there are. */
final class PgArrays {
    private PgArrays() {
    }

    static Long[] bigintArray(Collection<Long> ids) {
        return ids.toArray(Long[]::new);
    }
}
