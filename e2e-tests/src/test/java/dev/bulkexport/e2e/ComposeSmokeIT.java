package dev.bulkexport.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkexport.testsupport.ProjectLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The compose smoke test (docker/compose-smoke.sh) from Maven: docker-compose.yml on the local Docker engine,
 * the seed walk through it, Kafka and PostgreSQL recreated without losing anything. Off by default (it needs
 * a Docker engine): {@code mvn -B verify -pl e2e-tests -am -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=ComposeSmokeIT -Dcompose.smoke=true}.
 */
@EnabledIfSystemProperty(named = "compose.smoke", matches = "true")
class ComposeSmokeIT {

    @Test
    void the_seed_walk_succeeds_through_compose_and_survives_recreating_kafka_and_postgres() throws Exception {
        Path root = ProjectLayout.root();
        Path output = Files.createTempFile("compose-smoke", ".log");
        // test-support is built by this reactor already: the script skips its own host build.
        Process smoke = new ProcessBuilder(root.resolve("docker/compose-smoke.sh").toString(), "--no-build")
                .directory(root.toFile()).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        boolean exited = smoke.waitFor(40, TimeUnit.MINUTES);
        if (!exited) {
            smoke.destroy(); // SIGTERM: the script still tears the stack down
            smoke.waitFor(2, TimeUnit.MINUTES);
        }
        String log = Files.readString(output);
        System.out.println(log);
        assertThat(exited).as("the smoke script ended within 40 minutes").isTrue();
        assertThat(smoke.exitValue()).as("exit status of the smoke script").isZero();
        assertThat(log).contains("signature valid").contains("is still succeeded")
                .contains("walk ended: succeeded");
        Files.delete(output);
    }
}
