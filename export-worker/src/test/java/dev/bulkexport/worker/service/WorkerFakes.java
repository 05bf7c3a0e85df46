package dev.bulkexport.worker.service;

import dev.bulkexport.common.config.ServiceSecrets;
import dev.bulkexport.common.events.JobEvent;
import dev.bulkexport.common.report.ColumnSelection;
import dev.bulkexport.worker.config.WorkerConfig;
import dev.bulkexport.worker.messaging.WorkerUpdatePublisher;
import dev.bulkexport.common.report.ReportDefinition;
import dev.bulkexport.worker.report.ReportReader;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/** Stand-ins for Kafka, S3 and PostgreSQL that record what the worker did to them. */
final class WorkerFakes {
    private WorkerFakes() {
    }

    record Config(Duration retryBudget, int partSizeMib, int maxRowsPerSecond) implements WorkerConfig {
        static Config defaults() {
            return new Config(Duration.ofMinutes(5), 5, 0);
        }

        @Override
        public String bucket() {
            return "exports";
        }

        @Override
        public ServiceSecrets secrets() {
            throw new UnsupportedOperationException("the export service never reads the secrets");
        }

        @Override
        public Destinations destinations() {
            throw new UnsupportedOperationException("the export service never reads the destination rules");
        }

        @Override
        public boolean createBucket() {
            return false;
        }

        @Override
        public int parquetRowGroupMib() {
            return 16;
        }

        @Override
        public boolean fromCopy() {
            return true;
        }

        @Override
        public int fetchSize() {
            return 100;
        }

        @Override
        public Duration progressInterval() {
            return Duration.ofSeconds(2);
        }

        @Override
        public Duration shardDeadline() {
            return Duration.ofHours(6);
        }

        @Override
        public Duration drainTimeout() {
            return Duration.ZERO;
        }

        @Override
        public int cancellationsRemembered() {
            return 100;
        }

        @Override
        public long maxFileSizeMib() {
            return 4096;
        }

        @Override
        public int maxPartsPerFile() {
            return 10_000;
        }

        @Override
        public int maxPartSizeMib() {
            return 64;
        }
    }

    /** Records every event it is asked to publish; those matching {@code failing} are not acknowledged. */
    static final class Publisher extends WorkerUpdatePublisher {
        final List<JobEvent> attempted = new CopyOnWriteArrayList<>();
        final List<JobEvent> published = new CopyOnWriteArrayList<>();
        volatile Predicate<JobEvent> failing = event -> false;

        Publisher() {
            super(null);
        }

        @Override
        public void publish(JobEvent event) {
            attempted.add(event);
            if (failing.test(event)) {
                throw new IllegalStateException("delivery timed out");
            }
            published.add(event);
        }

        @Override
        public CompletionStage<Void> send(JobEvent event) {
            try {
                publish(event);
                return CompletableFuture.completedFuture(null);
            } catch (IllegalStateException e) {
                return CompletableFuture.failedFuture(e);
            }
        }

        @Override
        public void publishWithoutWaiting(JobEvent event) {
            published.add(event);
        }

        <T extends JobEvent> List<T> published(Class<T> type) {
            return published.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }

    /** A multipart upload store whose part uploads can be made to hang until the uploading thread is interrupted. */
    static final class S3 implements S3Client {
        final List<String> calls = new CopyOnWriteArrayList<>();
        volatile boolean partUploadsHang;

        @Override
        public PutObjectResponse putObject(PutObjectRequest request, RequestBody body) {
            calls.add("put " + request.key());
            return PutObjectResponse.builder().build();
        }

        @Override
        public DeleteObjectResponse deleteObject(DeleteObjectRequest request) {
            calls.add("delete " + request.key());
            return DeleteObjectResponse.builder().build();
        }

        @Override
        public CreateMultipartUploadResponse createMultipartUpload(CreateMultipartUploadRequest request) {
            calls.add("create " + request.key());
            return CreateMultipartUploadResponse.builder().uploadId("upload-1").build();
        }

        @Override
        public UploadPartResponse uploadPart(UploadPartRequest request, RequestBody body) {
            calls.add("part " + request.partNumber());
            if (partUploadsHang) {
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw AbortedException.builder().message("thread interrupted").cause(e).build();
                }
            }
            return UploadPartResponse.builder().eTag("etag-" + request.partNumber()).build();
        }

        @Override
        public CompleteMultipartUploadResponse completeMultipartUpload(CompleteMultipartUploadRequest request) {
            calls.add("complete " + request.uploadId());
            return CompleteMultipartUploadResponse.builder().build();
        }

        @Override
        public AbortMultipartUploadResponse abortMultipartUpload(AbortMultipartUploadRequest request) {
            if (Thread.currentThread().isInterrupted()) {
                throw new IllegalStateException("the real client refuses to start a request on an interrupted thread");
            }
            calls.add("abort " + request.uploadId());
            return AbortMultipartUploadResponse.builder().build();
        }

        @Override
        public String serviceName() {
            return "s3";
        }

        @Override
        public void close() {
        }
    }

    /** PostgreSQL's COPY of a report: {@code rows} CSV records, or endless ones when {@code rows} is negative. */
    static final class Reader extends ReportReader {
        private static final byte[] RECORD = "7,2024-01-01,101,2,1,850,1900.00,1850.00,t\n"
                .getBytes(StandardCharsets.UTF_8);
        final AtomicBoolean reading = new AtomicBoolean();
        private final long rows;
        private final CountDownLatch gate;

        Reader(long rows) {
            this(rows, new CountDownLatch(0));
        }

        /** Writes its rows only once the gate opens. */
        Reader(long rows, CountDownLatch gate) {
            super(null, Config.defaults());
            this.rows = rows;
            this.gate = gate;
        }

        @Override
        public long copyCsv(ReportDefinition report, ColumnSelection selection, List<Long> propertyIds,
                LocalDate start, LocalDate end, CsvRecordSink sink) throws IOException {
            reading.set(true);
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted before the gate opened");
            }
            long written = 0;
            for (; rows < 0 || written < rows; written++) {
                sink.accept(RECORD, RECORD.length);
            }
            return written;
        }
    }

    /** A Kafka record as the consumer sees it, remembering whether it was acknowledged or nacked. */
    static final class Record {
        final AtomicBoolean acked = new AtomicBoolean();
        final AtomicBoolean nacked = new AtomicBoolean();
        final Message<String> message;

        Record(String payload) {
            this(payload, Metadata.empty());
        }

        /** A record read from that partition of the topic. */
        Record(String payload, String topic, int partition) {
            this(payload, Metadata.of(new IncomingKafkaRecordMetadata<>(
                    new ConsumerRecord<>(topic, partition, 0L, (String) null, payload), "shard-submitted")));
        }

        private Record(String payload, Metadata metadata) {
            message = Message.of(payload, metadata, () -> {
                acked.set(true);
                return CompletableFuture.completedFuture(null);
            }, failure -> {
                nacked.set(true);
                return CompletableFuture.<Void>completedFuture(null);
            });
        }
    }
}
