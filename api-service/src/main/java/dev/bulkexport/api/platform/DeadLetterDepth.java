package dev.bulkexport.api.platform;

import dev.bulkexport.common.Topics;
import dev.bulkexport.messaging.Gauges;
import dev.bulkexport.messaging.KafkaAdminSettings;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.jboss.logging.Logger;

/**
 * How many records each dead-letter topic holds ({@code bulk_export_dead_letters{topic}}): its partitions'
 * end offsets less their start offsets, read with the Kafka admin client every
 * {@code export.platform.dead-letters-check-interval}. Nothing consumes a dead-letter topic, so a rise is a new dead letter;
 * a topic not created yet holds none. The api-service measures the topics of every service (each api replica
 * alike: dashboards take the max), so its Kafka user may Describe each of them; while Kafka cannot answer the
 * gauges keep their last values. A topic the broker refuses to describe (an ACL missing) is no number at all:
 * its depth reads NaN, {@code bulk_export_dead_letters_unreadable{topic}} reads 1 and a WARN says so, so that a
 * missing right never passes for an empty topic.
 */
@Startup // its meters exist from the start, at zero, not from its first scheduled run
@ApplicationScoped
public class DeadLetterDepth {
    private static final Logger LOG = Logger.getLogger(DeadLetterDepth.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final List<String> TOPICS = Topics.ALL.stream().map(topic -> topic + ".dlq").toList();

    private final Map<String, AtomicReference<Double>> depths = new ConcurrentHashMap<>();
    private final Map<String, AtomicBoolean> refused = new ConcurrentHashMap<>();
    private final Map<String, Object> kafka;
    private final Gauges gauges;
    private volatile Admin admin;

    public DeadLetterDepth(@Identifier("default-kafka-broker") Map<String, Object> kafka, MeterRegistry registry) {
        this.kafka = kafka;
        this.gauges = new Gauges(registry);
        for (String topic : TOPICS) {
            AtomicReference<Double> depth = depths.computeIfAbsent(topic, t -> new AtomicReference<>(0.0));
            AtomicBoolean unreadable = refused.computeIfAbsent(topic, t -> new AtomicBoolean());
            gauges.add(Gauge.builder("bulk_export.dead.letters", depth, AtomicReference::get).tag("topic", topic)
                    .description("Records in the dead-letter topic (end offsets less start offsets); NaN when the broker refuses to describe it"));
            gauges.add(Gauge.builder("bulk_export.dead.letters.unreadable", unreadable, r -> r.get() ? 1 : 0)
                    .tag("topic", topic)
                    .description("1 while the broker refuses this service's Kafka user to describe the dead-letter topic"));
        }
    }

    @Scheduled(every = "${export.platform.dead-letters-check-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void measure() {
        try {
            Map<String, KafkaFuture<TopicDescription>> described = admin().describeTopics(TOPICS).topicNameValues();
            Map<TopicPartition, String> partitions = new HashMap<>();
            for (String topic : TOPICS) {
                try {
                    TopicDescription description = existing(described.get(topic));
                    readable(topic);
                    if (description == null) {
                        depths.get(topic).set(0.0);
                    } else {
                        description.partitions().forEach(p -> partitions.put(new TopicPartition(topic, p.partition()), topic));
                    }
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof AuthorizationException)) {
                        throw e;
                    }
                    refused(topic, e.getCause());
                }
            }
            Map<TopicPartition, ListOffsetsResultInfo> ends = offsets(partitions, OffsetSpec.latest());
            Map<TopicPartition, ListOffsetsResultInfo> starts = offsets(partitions, OffsetSpec.earliest());
            Map<String, Long> sums = new HashMap<>();
            partitions.forEach((partition, topic) -> sums.merge(topic,
                    ends.get(partition).offset() - starts.get(partition).offset(), Long::sum));
            sums.forEach((topic, depth) -> depths.get(topic).set(depth.doubleValue()));
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.debugf("dead-letter depths not measured now: %s", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void refused(String topic, Throwable cause) {
        depths.get(topic).set(Double.NaN);
        if (!refused.get(topic).getAndSet(true)) {
            LOG.warnf("the broker refuses to describe %s to this service's Kafka user (%s): its dead letters are not "
                    + "counted until an ACL allows Describe on it", topic, cause.toString());
        }
    }

    private void readable(String topic) {
        if (refused.get(topic).getAndSet(false)) {
            LOG.infof("%s is readable again: its dead letters are counted", topic);
        }
    }

    private static TopicDescription existing(KafkaFuture<TopicDescription> description)
            throws InterruptedException, ExecutionException, TimeoutException {
        try {
            return description.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return null;
            }
            throw e;
        }
    }

    private Map<TopicPartition, ListOffsetsResultInfo> offsets(Map<TopicPartition, String> partitions, OffsetSpec spec)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.keySet().forEach(partition -> request.put(partition, spec));
        return admin().listOffsets(request).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Created on first use: the api starts, and answers, while Kafka is down. */
    private Admin admin() {
        if (admin == null) {
            synchronized (this) {
                if (admin == null) {
                    Map<String, Object> config = KafkaAdminSettings.of(kafka, "dead-letter-depth");
                    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
                    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
                    admin = Admin.create(config);
                }
            }
        }
        return admin;
    }

    void onShutdown(@Observes ShutdownEvent event) {
        gauges.removeAll();
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }
}
