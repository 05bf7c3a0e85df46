package dev.bulkexport.testsupport;

import java.util.function.Supplier;

/**
 * A server started once per test JVM and shared by every application Quarkus boots in it (one per test profile).
 * Quarkus may load a test resource's class anew for each application, so the server's address is kept in a
 * JVM-wide system property rather than a static field; a shutdown hook stops the server when the JVM exits.
 */
final class OnePerJvm {
    private OnePerJvm() {
    }

    /** A server just started, and the address its users need. */
    record Started(String address, AutoCloseable server) {
    }

    /** The address of this JVM's server called {@code name}, started by {@code start} if there is none yet. */
    static String address(String name, Supplier<Started> start) {
        String property = "bulkexport.test-server." + name;
        // An interned string is one object whatever the class loader: a lock for the whole JVM.
        synchronized (property.intern()) {
            String address = System.getProperty(property);
            if (address == null) {
                Started started = start.get();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(name, started.server()), "stop-" + name));
                address = started.address();
                System.setProperty(property, address);
            }
            return address;
        }
    }

    private static void stop(String name, AutoCloseable server) {
        try {
            server.close();
        } catch (Exception e) {
            System.err.println("cannot stop the test " + name + ": " + e);
        }
    }
}
