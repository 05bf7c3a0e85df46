package dev.bulkexport.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real single-node KRaft broker inside the test JVM, on a free loopback port, deleted when closed. Started
 * {@linkplain #startAuthenticated() authenticated}, its listener takes SASL only (SCRAM-SHA-512 for users, PLAIN
 * for its super user) and its authorizer (StandardAuthorizer) allows nothing that an ACL does not.
 */
public final class InJvmKafkaBroker implements KafkaBroker {
    /** The super user of an authenticated broker: creates topics, users and ACLs. */
    public static final String ADMIN = "admin";
    private static final String LISTENER = "EXTERNAL";
    private static final String CONTROLLER = "CONTROLLER";

    private final KafkaClusterTestKit cluster;
    /** Null for a broker without authentication. */
    private final String adminPassword;
    private final Map<String, String> passwords = new ConcurrentHashMap<>();

    private InJvmKafkaBroker(KafkaClusterTestKit cluster, String adminPassword) {
        this.cluster = cluster;
        this.adminPassword = adminPassword;
    }

    /** A broker without authentication or authorization. */
    public static InJvmKafkaBroker start() {
        return start(null);
    }

    /** A broker that authenticates every client (SASL_PLAINTEXT) and authorizes every request by its ACLs. */
    public static InJvmKafkaBroker startAuthenticated() {
        return start(UUID.randomUUID().toString());
    }

    private static InJvmKafkaBroker start(String adminPassword) {
        try {
            // A directory of our own: the test kit's default one is deleted by a shutdown hook of its own, which
            // at JVM exit may run while the broker still writes there, and a broker without its log directory
            // halts the JVM (exit code 1). Closing the cluster deletes it.
            Path dir = Files.createTempDirectory("kafka-");
            TestKitNodes.Builder nodes = new TestKitNodes.Builder()
                    .setBaseDirectory(dir)
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1);
            if (adminPassword != null) {
                nodes.setBrokerListenerName(new ListenerName(LISTENER))
                        .setBrokerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT)
                        .setControllerListenerName(new ListenerName(CONTROLLER))
                        .setControllerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT);
            }
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes.build())
                    .setConfigProp("offsets.topic.num.partitions", "1")
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0");
            if (adminPassword != null) {
                secure(builder, adminPassword);
            }
            KafkaClusterTestKit cluster = builder.build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            InJvmKafkaBroker broker = new InJvmKafkaBroker(cluster, adminPassword);
            broker.createTopics();
            return broker;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start Kafka", e);
        }
    }

    /**
     * The super user signs in with PLAIN, checked against the listener's own configuration (SCRAM users live in
     * the cluster's metadata, which needs a running cluster and a signed-in user to be written); everyone else
     * with SCRAM-SHA-512. The broker reaches its controller as the super user.
     */
    private static void secure(KafkaClusterTestKit.Builder builder, String adminPassword) {
        String plain = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"%s\" password=\"%s\" user_%s=\"%s\";"
                .formatted(ADMIN, adminPassword, ADMIN, adminPassword);
        for (String listener : List.of(LISTENER, CONTROLLER)) {
            builder.setConfigProp("listener.name." + listener.toLowerCase() + ".plain.sasl.jaas.config", plain);
        }
        builder.setConfigProp("listener.name." + LISTENER.toLowerCase() + ".scram-sha-512.sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required;")
                .setConfigProp("listener.name." + LISTENER.toLowerCase() + ".sasl.enabled.mechanisms",
                        "PLAIN,SCRAM-SHA-512")
                .setConfigProp("listener.name." + CONTROLLER.toLowerCase() + ".sasl.enabled.mechanisms", "PLAIN")
                .setConfigProp("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-512")
                .setConfigProp("sasl.mechanism.inter.broker.protocol", "PLAIN")
                .setConfigProp("sasl.mechanism.controller.protocol", "PLAIN")
                .setConfigProp("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                .setConfigProp("allow.everyone.if.no.acl.found", "false")
                .setConfigProp("super.users", "User:" + ADMIN);
    }

    @Override
    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    @Override
    public boolean authenticated() {
        return adminPassword != null;
    }

    @Override
    public Map<String, Object> adminConfig() {
        Map<String, Object> config = new java.util.HashMap<>(KafkaBroker.super.adminConfig());
        if (authenticated()) {
            config.putAll(Map.of(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT",
                    SaslConfigs.SASL_MECHANISM, "PLAIN", SaslConfigs.SASL_JAAS_CONFIG,
                    "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"%s\" password=\"%s\";"
                            .formatted(ADMIN, adminPassword)));
        }
        return config;
    }

    /**
     * Adds a SCRAM-SHA-512 user with a new password and grants it {@code acls} (as they name it); the broker
     * applies both within moments (its metadata follows the controller's). A user added before keeps its password.
     */
    @Override
    public synchronized String addUser(String user, Collection<AclBinding> acls) {
        if (!authenticated()) {
            throw new IllegalStateException("this broker does not authenticate");
        }
        String known = passwords.get(user);
        String password = known != null ? known : UUID.randomUUID().toString();
        try (Admin admin = Admin.create(adminConfig())) {
            if (known == null) {
                admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password))).all().get();
            }
            if (!acls.isEmpty()) {
                admin.createAcls(acls).all().get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot add Kafka user " + user, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        passwords.put(user, password);
        return password;
    }

    @Override
    public Map<String, String> clientSecurity(String user) {
        return authenticated() ? scram(user, password(user)) : Map.of();
    }

    @Override
    public String password(String user) {
        String password = passwords.get(user);
        if (password == null) {
            throw new IllegalArgumentException("no such Kafka user: " + user);
        }
        return password;
    }

    /** The client settings of a SCRAM-SHA-512 user on an authenticated broker. */
    public static Map<String, String> scram(String user, String password) {
        return Map.of(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT",
                SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512", SaslConfigs.SASL_JAAS_CONFIG,
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"%s\" password=\"%s\";"
                        .formatted(user, password));
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
