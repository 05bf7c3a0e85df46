package dev.bulkexport.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkexport.testsupport.ExportStack;
import dev.bulkexport.testsupport.JavaProcess;
import dev.bulkexport.testsupport.ProjectLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A packaged service (the prod profile, as in a container) started without one of its secrets stops at once
 * and names the missing variable: it never runs on the well-known local values the dev and test profiles use.
 */
class MissingSecretsIT {
    @TempDir
    Path logs;

    @ParameterizedTest
    @CsvSource({
        ExportStack.API + ", DB_PASSWORD", ExportStack.API + ", S3_ACCESS_KEY", ExportStack.API + ", S3_SECRET_KEY",
        ExportStack.WORKER + ", DB_PASSWORD", ExportStack.WORKER + ", S3_ACCESS_KEY",
        ExportStack.WORKER + ", S3_SECRET_KEY", ExportStack.NOTIFIER + ", DB_PASSWORD",
        ExportStack.API + ", DESTINATION_KEY", ExportStack.WORKER + ", DESTINATION_KEY",
        ExportStack.NOTIFIER + ", DESTINATION_KEY",
        ExportStack.API + ", WORK_SIGNING_KEY", ExportStack.WORKER + ", WORK_SIGNING_KEY"})
    void a_service_without_a_secret_stops_at_start_naming_it(String module, String missing) throws IOException {
        Map<String, String> env = new HashMap<>(Map.of("DB_PASSWORD", "not-the-default",
                "S3_ACCESS_KEY", "not-the-default", "S3_SECRET_KEY", "not-the-default", "LOG_JSON", "false",
                "DESTINATION_KEY", ExportStack.DESTINATION_KEY, "WORK_SIGNING_KEY", ExportStack.WORK_SIGNING_KEY,
                // Nothing listens here: were the secret not checked first, the service would try to connect.
                "DB_PORT", "1", "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1"));
        env.put(missing, null);
        Path log = logs.resolve(module + ".log");

        List<String> jvm = new ArrayList<>(List.of("-Xmx128m"));
        jvm.addAll(ExportStack.QUICK_START_JVM);
        jvm.addAll(List.of("-jar", ProjectLayout.serviceJar(module).toString()));
        try (JavaProcess service = JavaProcess.start(module, jvm, env, log)) {
            OptionalInt exit = service.awaitExit(Duration.ofMinutes(1));

            assertThat(exit).as("%s without %s must stop by itself; log:%n%s", module, missing, service.logTail())
                    .isPresent().hasValue(1);
        }
        assertThat(Files.readString(log)).contains("Could not expand value " + missing)
                .doesNotContain("Connection refused");
    }
}
