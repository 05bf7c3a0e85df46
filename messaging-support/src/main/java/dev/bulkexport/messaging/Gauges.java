package dev.bulkexport.messaging;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The gauges of one bean, removed from the registry again when the bean goes. Micrometer hands back an existing
 * gauge to whoever registers its name again, and a gauge holds what it reads only weakly: a second application in
 * the same JVM (Quarkus tests start one per set of test resources) would get the first one's gauge, reading a
 * collected object, and its own values would never show.
 */
public final class Gauges {
    private final MeterRegistry registry;
    private final List<Meter> registered = new CopyOnWriteArrayList<>();

    public Gauges(MeterRegistry registry) {
        this.registry = registry;
    }

    public void add(Gauge.Builder<?> gauge) {
        registered.add(gauge.register(registry));
    }

    /** Call when the bean goes (at shutdown). */
    public void removeAll() {
        registered.forEach(registry::remove);
        registered.clear();
    }
}
