package dev.bulkexport.common;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Helpers for enums spelled in lower case on the wire. */
final class WireEnum {
    private WireEnum() {
    }

    static String wireName(Enum<?> value) {
        return value.name().toLowerCase(java.util.Locale.ROOT);
    }

    static <E extends Enum<E>> E parse(Class<E> type, String wire, String field) {
        for (E value : type.getEnumConstants()) {
            if (wireName(value).equals(wire)) {
                return value;
            }
        }
        throw new IllegalArgumentException(field + " must be one of " + allowed(type));
    }

    static <E extends Enum<E>> String allowed(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(WireEnum::wireName).collect(Collectors.joining(", "));
    }
}
