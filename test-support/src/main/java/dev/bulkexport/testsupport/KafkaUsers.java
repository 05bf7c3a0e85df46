package dev.bulkexport.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The Kafka users the deployment declares (Strimzi {@code KafkaUser} documents of deploy/base) with their ACLs as
 * the broker applies them: the test broker grants exactly these, so that what the manifests allow is what the
 * tests run with.
 */
public final class KafkaUsers {
    /** The services' users, one per service, named as the service. */
    public static final Path SERVICES = Path.of("deploy/base/kafka-users.yaml");

    private KafkaUsers() {
    }

    /** Each user's ACLs (principal {@code User:<name>}, any host, allow), by user name, in the file's order. */
    public static Map<String, List<AclBinding>> declaredIn(Path manifest) {
        try {
            return declaredIn(Files.readString(ProjectLayout.root().resolve(manifest)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Each user's ACLs in KafkaUser documents (YAML, a stream of documents). */
    public static Map<String, List<AclBinding>> declaredIn(String yaml) {
        Map<String, List<AclBinding>> users = new LinkedHashMap<>();
        for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(yaml)) {
            Map<String, Object> doc = map(document);
            if ("KafkaUser".equals(doc.get("kind"))) {
                String name = map(doc.get("metadata")).get("name").toString();
                users.put(name, acls(name, map(map(doc.get("spec")).get("authorization"))));
            }
        }
        return users;
    }

    /** The topic names of the KafkaTopic documents in {@code yaml}. */
    public static List<String> topicsIn(String yaml) {
        List<String> topics = new ArrayList<>();
        for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(yaml)) {
            Map<String, Object> doc = map(document);
            if ("KafkaTopic".equals(doc.get("kind"))) {
                topics.add(map(doc.get("spec")).get("topicName").toString());
            }
        }
        return topics;
    }

    private static List<AclBinding> acls(String user, Map<String, Object> authorization) {
        List<AclBinding> bindings = new ArrayList<>();
        for (Object entry : list(authorization.get("acls"))) {
            Map<String, Object> acl = map(entry);
            Map<String, Object> resource = map(acl.get("resource"));
            ResourceType type = ResourceType.fromString(constant(resource.get("type").toString()));
            String name = type == ResourceType.CLUSTER ? "kafka-cluster" : resource.get("name").toString();
            PatternType pattern = "prefix".equals(resource.get("patternType")) ? PatternType.PREFIXED : PatternType.LITERAL;
            for (Object operation : list(acl.get("operations"))) {
                AclOperation op = AclOperation.fromString(constant(operation.toString()));
                if (op == AclOperation.UNKNOWN || type == ResourceType.UNKNOWN) {
                    throw new IllegalArgumentException("unknown ACL of " + user + ": " + acl);
                }
                bindings.add(new AclBinding(new ResourcePattern(type, name, pattern),
                        new AccessControlEntry("User:" + user, "*", op, AclPermissionType.ALLOW)));
            }
        }
        return bindings;
    }

    /** Strimzi's camel case ({@code IdempotentWrite}, {@code transactionalId}) as Kafka's constant names. */
    private static String constant(String camel) {
        return camel.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return value == null ? List.of() : (List<Object>) value;
    }
}
