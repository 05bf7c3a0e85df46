package dev.bulkexport.examples.subscriber;

import java.util.LinkedHashMap;
import java.util.Map;

/** The event ids handled lately, oldest forgotten first: enough to drop redeliveries within a session. */
final class SeenEvents {
    private final Map<String, Boolean> ids;

    SeenEvents(int capacity) {
        this.ids = new LinkedHashMap<>(1024, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** True the first time an id is seen. */
    boolean firstTime(String eventId) {
        return ids.put(eventId, Boolean.TRUE) == null;
    }
}
