package dev.bulkexport.faults;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A webhook endpoint that accepts the connection, reads the request, then answers its status line and headers
 * one byte a second and never ends them: only the sender's own deadline ends the attempt. Records, for every
 * attempt, its webhook-id and how long the sender held on before it hung up.
 */
final class TricklingReceiver implements AutoCloseable {
    /** One attempt held open: its webhook-id header, and how long until the sender closed the connection. */
    record Held(String webhookId, Duration held) {
    }

    /** Longer than any sane request timeout; an attempt still open then is closed (no answer) and shows it. */
    private static final Duration HOLD_AT_MOST = Duration.ofSeconds(60);
    private static final byte[] ANSWER = ("HTTP/1.1 204 No Content\r\n" + "X-Trickle: 1\r\n".repeat(8))
            .getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket server;
    private final ExecutorService connections = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "trickling-receiver");
        thread.setDaemon(true);
        return thread;
    });
    private final Thread acceptor = new Thread(this::accept, "trickling-receiver-accept");
    private final List<Held> held;

    /** Listens on the port and adds every attempt it held to {@code held}. */
    TricklingReceiver(int port, List<Held> held) {
        this.held = held;
        try {
            server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress("127.0.0.1", port));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + port, e);
        }
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket connection = server.accept();
                connections.execute(() -> trickle(connection));
            } catch (IOException e) {
                // closed: no more connections
            }
        }
    }

    private void trickle(Socket connection) {
        Instant accepted = Instant.now();
        String webhookId = "";
        try (connection) {
            connection.setSoTimeout(250);
            InputStream in = connection.getInputStream();
            OutputStream out = connection.getOutputStream();
            webhookId = webhookId(in);
            Instant nextByte = Instant.now();
            byte[] ignored = new byte[4096];
            int sent = 0;
            while (Duration.between(accepted, Instant.now()).compareTo(HOLD_AT_MOST) < 0) {
                if (!Instant.now().isBefore(nextByte)) {
                    out.write(ANSWER[sent++ % ANSWER.length]);
                    out.flush();
                    nextByte = nextByte.plusSeconds(1);
                }
                try {
                    if (in.read(ignored) < 0) {
                        break; // the sender hung up
                    }
                } catch (SocketTimeoutException e) {
                    // nothing from the sender within the poll: it still waits for the answer
                }
            }
        } catch (SocketException e) {
            // the sender reset the connection: it hung up
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        held.add(new Held(webhookId, Duration.between(accepted, Instant.now())));
    }

    /** Reads the request's head (its small body stays unread) and returns its webhook-id header. */
    private static String webhookId(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        Instant giveUp = Instant.now().plusSeconds(5);
        while (!head.toString(StandardCharsets.US_ASCII).contains("\r\n\r\n") && Instant.now().isBefore(giveUp)) {
            try {
                int next = in.read();
                if (next < 0) {
                    break;
                }
                head.write(next);
            } catch (SocketTimeoutException e) {
                // the head is still on its way
            }
        }
        return head.toString(StandardCharsets.US_ASCII).lines()
                .filter(line -> line.toLowerCase(Locale.ROOT).startsWith("webhook-id:"))
                .map(line -> line.substring("webhook-id:".length()).trim()).findFirst().orElse("");
    }

    /**
     * Stops listening; returns once the port is free again (a socket closed while a thread accepts on it is
     * released only when that thread has left accept). Attempts still held end when their senders hang up.
     */
    @Override
    public void close() {
        try {
            server.close();
            acceptor.join(Duration.ofSeconds(10).toMillis());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            connections.shutdown();
        }
    }
}
