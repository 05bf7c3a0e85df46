package dev.bulkexport.worker.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulkexport.common.JobSpec;
import dev.bulkexport.common.OutputFormat;
import dev.bulkexport.common.ReportType;
import dev.bulkexport.common.callback.CallbackUrlGuard;
import dev.bulkexport.common.events.ExportDestination;
import dev.bulkexport.common.events.ShardSubmitted;
import dev.bulkexport.common.secrets.SecretCipher;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The worker's own SSRF check of a destination's endpoint, with a DNS that an attacker controls (a fake resolver)
 * and a real listener on the internal address the name is rebound to.
 */
class ExportTargetsTest {
    private static final String KEY = "test:" + java.util.Base64.getEncoder().encodeToString(new byte[32]);
    private final SecretCipher cipher = SecretCipher.of(KEY, List.of());

    private ShardSubmitted jobTo(String endpoint) {
        UUID accountId = UUID.randomUUID();
        UUID destinationId = UUID.randomUUID();
        ExportDestination destination = new ExportDestination(destinationId, "warehouse", "daily", "us-east-1",
                endpoint, "AKIDEXAMPLE", cipher.encrypt("secret", ExportDestination.secretContext(accountId,
                        destinationId, "warehouse", endpoint, "AKIDEXAMPLE")));
        return ShardSubmitted.of(UUID.randomUUID(), accountId, 1, 1, new JobSpec(ReportType.PROPERTY,
                OutputFormat.CSV, List.of(1L), LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 31), null, null, null,
                destinationId, null, null), destination);
    }

    @Test
    void a_secret_sealed_for_one_accounts_destination_does_not_open_for_another_account_or_bucket() {
        ExportTargets targets = new ExportTargets(null, "ours", cipher, new CallbackUrlGuard("endpoint", true,
                List.of("127.0.0.1")));
        ShardSubmitted job = jobTo("http://127.0.0.1:9/");
        try (ExportTargets.Target target = targets.of(job)) {
            assertThat(target.bucket()).isEqualTo("warehouse");
        }
        ExportDestination to = job.destination();
        ShardSubmitted otherAccount = ShardSubmitted.of(job.jobId(), UUID.randomUUID(), 1, 1, job.spec(), to);
        ShardSubmitted otherBucket = ShardSubmitted.of(job.jobId(), job.accountId(), 1, 1, job.spec(),
                new ExportDestination(to.destinationId(), "elsewhere", to.prefix(), to.region(), to.endpoint(),
                        to.accessKeyId(), to.sealedSecretAccessKey()));
        for (ShardSubmitted moved : List.of(otherAccount, otherBucket)) {
            assertThatThrownBy(() -> targets.of(moved)).isInstanceOf(ExportTargets.DestinationUnusableException.class)
                    .hasMessageContaining("cannot be opened");
        }
    }

    @Test
    void a_name_rebound_to_an_internal_address_after_the_jobs_check_is_refused_at_the_connection() throws Exception {
        try (ServerSocket internal = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            internal.setSoTimeout(500);
            // The first answer (the job's check) is public, every later one (the connections) is the loopback.
            List<String> answers = new ArrayList<>(List.of("93.184.216.34"));
            CallbackUrlGuard guard = new CallbackUrlGuard("endpoint", true, List.of(), host -> new InetAddress[] {
                    InetAddress.getByName(answers.isEmpty() ? "127.0.0.1" : answers.remove(0))});
            ExportTargets targets = new ExportTargets(null, "ours", cipher, guard);

            try (ExportTargets.Target target = targets.of(jobTo("http://s3.rebind.test:" + internal.getLocalPort()))) {
                assertThatThrownBy(() -> target.s3().putObject(put -> put.bucket(target.bucket()).key("daily/x.csv"),
                        RequestBody.fromString("rows")))
                        .isInstanceOf(SdkClientException.class)
                        .hasRootCauseInstanceOf(CallbackUrlGuard.RefusedAddress.class)
                        .rootCause().hasMessage("endpoint host s3.rebind.test must resolve to public internet "
                                + "addresses only");
            }
            assertThatThrownBy(internal::accept).as("nothing connected to the internal address")
                    .isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void an_endpoint_the_rules_refuse_fails_the_job_at_its_start_naming_the_rule() {
        CallbackUrlGuard guard = new CallbackUrlGuard("endpoint", false, List.of());
        ExportTargets targets = new ExportTargets(null, "ours", cipher, guard);

        assertThatThrownBy(() -> targets.of(jobTo("https://169.254.169.254/")))
                .isInstanceOf(ExportTargets.DestinationUnusableException.class)
                .hasMessage("The destination's endpoint host 169.254.169.254 is or resolves to a link-local address, "
                        + "which is not allowed");
        assertThatThrownBy(() -> targets.of(jobTo("http://s3.example.com/")))
                .isInstanceOf(ExportTargets.DestinationUnusableException.class)
                .hasMessage("The destination's endpoint must use https");
    }
}
