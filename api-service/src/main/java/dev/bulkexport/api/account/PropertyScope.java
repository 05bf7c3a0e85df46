package dev.bulkexport.api.account;

import java.util.List;

/** The properties an account may see and export: all of them, or the listed ids. */
public record PropertyScope(boolean all, List<Long> ids) {
    public static final PropertyScope ALL = new PropertyScope(true, List.of());

    public static PropertyScope only(List<Long> ids) {
        return new PropertyScope(false, List.copyOf(ids));
    }
}
