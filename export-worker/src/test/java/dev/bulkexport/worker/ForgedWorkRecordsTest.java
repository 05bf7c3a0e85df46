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
import dev.bulkexport.common.events.ShardSubmitted;
import dev.bulkexport.common.secrets.SecretCipher;
import dev.bulkexport.common.secrets.WorkSignature;
import dev.bulkexport.testsupport.CustomerBucket;
import dev.bulkexport.testsupport.KafkaRecords;
import dev.bulkexport.testsupport.WorkRecords;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Work records the api-service did not sign as they are, on real Kafka, with our S3Proxy and a customer's: each
 * lands on the dead-letter topic and no object of its job appears in any bucket, while a signed record behind
 * them runs.
 */
@QuarkusTest
class ForgedWorkRecordsTest {
    private static final LocalDate JANUARY_1 = LocalDate.of(2024, 1, 1);
    private static final LocalDate JANUARY_31 = LocalDate.of(2024, 1, 31);
    private static CustomerBucket customer;

    @Inject
    S3Client s3;

    @BeforeAll
    static void startCustomerBucket() throws Exception {
        customer = CustomerBucket.start(Files.createTempDirectory("worker-customer-bucket"));
    }

    @AfterAll
    static void stopCustomerBucket() {
        if (customer != null) {
            customer.close();
        }
    }

    @Test
    void forged_work_records_write_nothing_in_any_bucket_and_go_to_the_dead_letter_topic() throws Exception {
        UUID accountA = UUID.randomUUID();
        ShardSubmitted signedForA = WorkRecords.SIGNATURE.sign(ShardSubmitted.of(UUID.randomUUID(), accountA, 1, 1,
                spec(List.of(3L), null), null));
        UUID destinationId = UUID.randomUUID();
        ExportDestination customersBucket = toCustomer(accountA, destinationId);
        ShardSubmitted signedToCustomer = WorkRecords.SIGNATURE.sign(ShardSubmitted.of(UUID.randomUUID(), accountA,
                1, 1, spec(List.of(3L), destinationId), customersBucket));

        Map<String, ShardSubmitted> forged = Map.of(
                "another account's folder", copy(signedForA, UUID.randomUUID(), signedForA.spec(), null),
                "other properties", copy(signedForA, accountA, signedForA.spec().withPropertyIds(List.of(1L, 2L, 3L)),
                        null),
                "another bucket", copy(signedForA, accountA, spec(List.of(3L), destinationId), customersBucket),
                "the customer's bucket for another account", copy(signedToCustomer, UUID.randomUUID(),
                        signedToCustomer.spec(), toCustomer(UUID.randomUUID(), destinationId)),
                "no signature", ShardSubmitted.of(UUID.randomUUID(), accountA, 1, 1, spec(List.of(3L), destinationId),
                        customersBucket),
                "signed with another key", WorkSignature.of("not-the-api-services-work-signing-key-0123", List.of())
                        .sign(ShardSubmitted.of(UUID.randomUUID(), accountA, 1, 1, spec(List.of(3L), null), null)));
        Map<String, String> payloads = new java.util.HashMap<>();
        for (var entry : forged.entrySet()) {
            // Each forgery as a job of its own, so that what lands anywhere is traced to it.
            ShardSubmitted record = entry.getValue();
            String payload = EventCodec.encode(record);
            payloads.put(record.jobId().toString(), payload);
            KafkaRecords.send(Topics.SHARD_SUBMITTED, record.jobId().toString(), payload);
        }
        ShardSubmitted genuine = WorkRecords.SIGNATURE.sign(ShardSubmitted.of(UUID.randomUUID(), accountA, 1, 1,
                spec(List.of(3L), destinationId), customersBucket));
        KafkaRecords.send(Topics.SHARD_SUBMITTED, genuine.jobId().toString(), EventCodec.encode(genuine));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                KafkaRecords.readAll(Topics.SHARD_SUBMITTED + ".dlq").stream()
                        .filter(record -> payloads.containsKey(record.key()))
                        .map(record -> Map.entry(record.key(), record.value())).distinct().toList())
                .containsExactlyInAnyOrderElementsOf(payloads.entrySet()));
        JobCompleted outcome = await().atMost(Duration.ofSeconds(120)).until(() -> outcomeOf(genuine.jobId()),
                found -> found != null);
        assertThat(outcome.outcome()).as("the signed record behind the forged ones runs").isEqualTo(JobStatus.SUCCEEDED);
        assertThat(customer.keys()).as("the signed record's files").anyMatch(key -> key.contains(
                genuine.jobId().toString()));

        for (String jobId : payloads.keySet()) {
            assertThat(customer.keys()).as("the customer's bucket").noneMatch(key -> key.contains(jobId));
            assertThat(ourKeys()).as("our buckets").noneMatch(key -> key.contains(jobId));
            assertThat(outcomeOf(UUID.fromString(jobId))).as("no outcome for a forged record").isNull();
        }
    }

    private static JobSpec spec(List<Long> propertyIds, UUID destinationId) {
        return new JobSpec(ReportType.PROPERTY, OutputFormat.CSV, propertyIds, JANUARY_1, JANUARY_31, null, null,
                null, destinationId, null, null);
    }

    /** The customer's bucket with its secret sealed, by the destination key of the test profile, for that account. */
    private static ExportDestination toCustomer(UUID accountId, UUID destinationId) {
        SecretCipher cipher = SecretCipher.of(ConfigProvider.getConfig().getValue("export.secrets.destination-key",
                String.class), List.of());
        return new ExportDestination(destinationId, CustomerBucket.BUCKET, "forged", "us-east-1", customer.endpoint(),
                CustomerBucket.ACCESS_KEY, cipher.encrypt(CustomerBucket.SECRET_KEY, ExportDestination.secretContext(
                        accountId, destinationId, CustomerBucket.BUCKET, customer.endpoint(), CustomerBucket.ACCESS_KEY)));
    }

    /** The signed record with members changed after signing, its signature kept, as a new job. */
    private static ShardSubmitted copy(ShardSubmitted signed, UUID accountId, JobSpec spec,
            ExportDestination destination) {
        return new ShardSubmitted(UUID.randomUUID(), signed.occurredAt(), signed.schemaVersion(), UUID.randomUUID(),
                accountId, signed.shardIndex(), signed.shardCount(), spec, null, destination, signed.signature());
    }

    private static JobCompleted outcomeOf(UUID jobId) {
        return KafkaRecords.readAll(Topics.WORKER_UPDATES).stream().filter(record -> jobId.toString()
                .equals(record.key())).map(ConsumerRecord::value).map(EventCodec::decode)
                .filter(JobCompleted.class::isInstance).map(JobCompleted.class::cast).findFirst().orElse(null);
    }

    /** Every object key in every bucket of our S3Proxy. */
    private List<String> ourKeys() {
        return s3.listBuckets().buckets().stream().map(Bucket::name)
                .flatMap(bucket -> s3.listObjectsV2Paginator(list -> list.bucket(bucket)).contents().stream())
                .map(S3Object::key).toList();
    }
}
