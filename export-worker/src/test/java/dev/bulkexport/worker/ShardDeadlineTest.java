package dev.bulkexport.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulkexport.common.JobSpec;
import dev.bulkexport.common.JobStatus;
import dev.bulkexport.common.OutputFormat;
import dev.bulkexport.common.ReportType;
import dev.bulkexport.common.Topics;
import dev.bulkexport.common.events.EventCodec;
import dev.bulkexport.common.events.ExportDestination;
import dev.bulkexport.common.events.JobCompleted;
import dev.bulkexport.common.events.JobEvent;
import dev.bulkexport.common.events.JobStarted;
import dev.bulkexport.common.events.ShardSubmitted;
import dev.bulkexport.common.secrets.SecretCipher;
import dev.bulkexport.testsupport.KafkaRecords;
import dev.bulkexport.testsupport.WorkRecords;
import dev.bulkexport.worker.service.ShardDeadlines;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A destination that answers one byte every 50 seconds cannot hold a worker's slot: its shards fail at their
 * deadline naming the destination, and the next record runs in the freed slot.
 */
@QuarkusTest
class ShardDeadlineTest {
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final String BUCKET = "trickle-bucket";
    private TricklingStore store;

    @BeforeEach
    void shortDeadlineAndATricklingStore() throws IOException {
        QuarkusMock.installMockForType(new ShardDeadlines(DEADLINE), ShardDeadlines.class);
        store = new TricklingStore();
    }

    @AfterEach
    void stopTheStore() {
        store.close();
    }

    @Test
    void a_destination_that_trickles_fails_its_shard_at_the_deadline_and_the_slot_is_used_again() throws Exception {
        int slots = ConfigProvider.getConfig().getValue("smallrye.messaging.worker.export-jobs.max-concurrency",
                Integer.class);
        UUID account = UUID.randomUUID();
        List<ShardSubmitted> trickling = new java.util.ArrayList<>();
        long sent = System.nanoTime();
        for (int i = 0; i < slots; i++) {
            ShardSubmitted job = ShardSubmitted.of(UUID.randomUUID(), account, 1, 1, spec(), toTheStore(account));
            trickling.add(job);
            KafkaRecords.send(Topics.SHARD_SUBMITTED, job.jobId().toString(), WorkRecords.signed(job));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> store.connections.get() >= slots);
        ShardSubmitted next = WorkRecords.job(ReportType.PROPERTY, OutputFormat.CSV, List.of(3L),
                LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 7));
        KafkaRecords.send(Topics.SHARD_SUBMITTED, next.jobId().toString(), WorkRecords.signed(next));

        for (ShardSubmitted job : trickling) {
            JobCompleted failed = await().atMost(Duration.ofSeconds(90)).until(() -> first(job, JobCompleted.class),
                    outcome -> outcome != null);
            assertThat(failed.outcome()).isEqualTo(JobStatus.FAILED);
            assertThat(failed.errorMessage()).isEqualTo("The export did not finish within its deadline of PT10S:"
                    + " the destination s3://" + BUCKET + "/trickle/" + job.jobId() + "/ at " + store.endpoint()
                    + " was too slow to answer");
        }
        // Failed at the deadline, not after the store's next byte (50 s) nor the 2-minute attempt timeout.
        assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofSeconds(45));

        JobCompleted done = await().atMost(Duration.ofSeconds(90)).until(() -> first(next, JobCompleted.class),
                outcome -> outcome != null);
        assertThat(done.outcome()).as("the next record, in a slot the trickling ones freed").isEqualTo(JobStatus.SUCCEEDED);
        JobStarted nextStarted = first(next, JobStarted.class);
        assertThat(trickling).allSatisfy(job -> assertThat(nextStarted.occurredAt())
                .isAfterOrEqualTo(first(job, JobStarted.class).occurredAt()));
        assertThat(trickling).anySatisfy(job -> assertThat(nextStarted.occurredAt())
                .isAfterOrEqualTo(first(job, JobCompleted.class).occurredAt()));
    }

    private static JobSpec spec() {
        return new JobSpec(ReportType.PROPERTY, OutputFormat.CSV, List.of(3L), LocalDate.of(2024, 1, 1),
                LocalDate.of(2024, 1, 7), null, null, null, null, null, null);
    }

    private ExportDestination toTheStore(UUID account) {
        SecretCipher cipher = SecretCipher.of(ConfigProvider.getConfig().getValue("export.secrets.destination-key",
                String.class), List.of());
        UUID id = UUID.randomUUID();
        return new ExportDestination(id, BUCKET, "trickle", "us-east-1", store.endpoint(), "AKIDTRICKLE",
                cipher.encrypt("secret", ExportDestination.secretContext(account, id, BUCKET, store.endpoint(),
                        "AKIDTRICKLE")));
    }

    private static <T extends JobEvent> T first(ShardSubmitted job, Class<T> type) {
        return KafkaRecords.readAll(Topics.WORKER_UPDATES).stream()
                .filter(record -> job.jobId().toString().equals(record.key())).map(ConsumerRecord::value)
                .map(EventCodec::decode).filter(type::isInstance).map(type::cast).findFirst().orElse(null);
    }

    /** An S3 endpoint that reads a request, then answers one byte every 50 seconds, never finishing. */
    private static final class TricklingStore implements AutoCloseable {
        final AtomicInteger connections = new AtomicInteger();
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final ExecutorService threads = Executors.newCachedThreadPool();
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();

        TricklingStore() throws IOException {
            threads.execute(this::accept);
        }

        String endpoint() {
            return "http://127.0.0.1:" + server.getLocalPort();
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    sockets.add(socket);
                    connections.incrementAndGet();
                    threads.execute(() -> trickle(socket));
                } catch (IOException e) {
                    return; // closed
                }
            }
        }

        private void trickle(Socket socket) {
            byte[] answer = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
                readHeaders(in);
                for (byte b : answer) {
                    out.write(b);
                    out.flush();
                    Thread.sleep(50_000);
                }
            } catch (IOException | InterruptedException e) {
                // the client gave up, or the test ended
            }
        }

        private static void readHeaders(InputStream in) throws IOException {
            int matched = 0;
            byte[] end = {'\r', '\n', '\r', '\n'};
            for (int b = in.read(); b >= 0; b = in.read()) {
                matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
                if (matched == end.length) {
                    return;
                }
            }
        }

        @Override
        public void close() {
            try {
                server.close();
            } catch (IOException e) {
                // closing
            }
            sockets.forEach(socket -> {
                try {
                    socket.close();
                } catch (IOException e) {
                    // closing
                }
            });
            threads.shutdownNow();
            try {
                threads.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
