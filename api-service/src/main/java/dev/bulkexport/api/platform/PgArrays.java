package dev.bulkexport.api.platform;

import java.util.Collection;

/** Ids bound as one PostgreSQL {@code bigint[]} parameter, however many there are. */
public final class PgArrays {
    private PgArrays() {
    }

    public static Long[] bigintArray(Collection<Long> ids) {
        return ids.toArray(Long[]::new);
    }
}
