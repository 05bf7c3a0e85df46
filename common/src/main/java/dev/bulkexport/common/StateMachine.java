package dev.bulkexport.common;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The table of allowed moves between the states of one kind of thing (a job, a webhook; shards and schedule
 * runs later). Every change of a state goes through it: a move the table does not list is refused, never
 * written. Built once per kind, immutable.
 */
public final class StateMachine<S extends Enum<S>> {
    private final String subject;
    private final Map<S, Set<S>> allowed;

    private StateMachine(String subject, Map<S, Set<S>> allowed) {
        this.subject = subject;
        this.allowed = allowed;
    }

    /** A table for states of type {@code type}; {@code subject} names them in messages ("job", "webhook"). */
    public static <S extends Enum<S>> Builder<S> of(Class<S> type, String subject) {
        return new Builder<>(type, subject);
    }

    /** Whether the table lists the move from {@code from} to {@code to}. */
    public boolean allows(S from, S to) {
        return allowed.get(from).contains(to);
    }

    /** The states reachable from {@code from} in one move; none for a terminal state. */
    public Set<S> next(S from) {
        return allowed.get(from);
    }

    /** {@code to}, if the table allows the move; else an {@link IllegalTransitionException} naming {@code id}. */
    public S move(Object id, S from, S to) {
        if (!allows(from, to)) {
            throw new IllegalTransitionException(subject, id, WireEnum.wireName(from), WireEnum.wireName(to),
                    allowed.entrySet().stream().filter(e -> e.getValue().contains(to))
                            .map(e -> WireEnum.wireName(e.getKey())).sorted().collect(Collectors.toList()));
        }
        return to;
    }

    public static final class Builder<S extends Enum<S>> {
        private final Class<S> type;
        private final String subject;
        private final Map<S, EnumSet<S>> allowed;

        private Builder(Class<S> type, String subject) {
            this.type = type;
            this.subject = subject;
            this.allowed = new EnumMap<>(type);
            for (S state : type.getEnumConstants()) {
                allowed.put(state, EnumSet.noneOf(type));
            }
        }

        /** Allows the moves from {@code from} to each of {@code to}. */
        @SafeVarargs
        public final Builder<S> allow(S from, S... to) {
            for (S next : to) {
                allowed.get(from).add(next);
            }
            return this;
        }

        public StateMachine<S> build() {
            Map<S, Set<S>> frozen = new EnumMap<>(type);
            allowed.forEach((state, next) -> frozen.put(state, Collections.unmodifiableSet(EnumSet.copyOf(next))));
            return new StateMachine<>(subject, Collections.unmodifiableMap(frozen));
        }
    }
}
