package dev.bulkexport.common.secrets;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulkexport.common.JobSpec;
import dev.bulkexport.common.OutputFormat;
import dev.bulkexport.common.ReportType;
import dev.bulkexport.common.events.EventCodec;
import dev.bulkexport.common.events.ExportDestination;
import dev.bulkexport.common.events.ShardSubmitted;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class WorkSignatureTest {
    private static final String KEY = "work-signing-key-for-tests-0123456789";
    private static final String OTHER_KEY = "another-work-signing-key-0123456789abc";
    private final WorkSignature signature = WorkSignature.of(KEY, List.of());
    private final ShardSubmitted work = ShardSubmitted.of(UUID.randomUUID(), UUID.randomUUID(), 1, 1,
            new JobSpec(ReportType.UNITS, OutputFormat.CSV, List.of(1L, 2L), LocalDate.of(2024, 1, 1),
                    LocalDate.of(2024, 1, 31), null, null, null, null, null, null),
            new ExportDestination(UUID.randomUUID(), "acme", "daily", "us-east-1", null, "AKID", "v2:k:AAAA"));

    @Test
    void a_signed_record_verifies_whatever_the_order_of_its_members() {
        String json = EventCodec.encode(signature.sign(work));
        assertThatCode(() -> signature.verify(json)).doesNotThrowAnyException();
        String reordered = "{\"signature\":" + json.substring(json.indexOf("\"signature\":") + 12, json.length() - 1)
                + "," + json.substring(1, json.indexOf(",\"signature\":")) + "}";
        assertThatCode(() -> signature.verify(reordered)).doesNotThrowAnyException();
    }

    @Test
    void an_unsigned_record_is_refused() {
        assertThatThrownBy(() -> signature.verify(EventCodec.encode(work)))
                .isInstanceOf(WorkSignature.ForgedWorkException.class).hasMessageContaining("no signature");
    }

    @Test
    void a_record_altered_after_signing_is_refused_account_properties_or_bucket() {
        ShardSubmitted signed = signature.sign(work);
        List<ShardSubmitted> forgeries = List.of(
                new ShardSubmitted(signed.eventId(), signed.occurredAt(), 1, signed.jobId(), UUID.randomUUID(), 1, 1,
                        signed.spec(), null, signed.destination(), signed.signature()),
                new ShardSubmitted(signed.eventId(), signed.occurredAt(), 1, signed.jobId(), signed.accountId(), 1, 1,
                        signed.spec().withPropertyIds(List.of(1L, 2L, 3L)), null, signed.destination(),
                        signed.signature()),
                new ShardSubmitted(signed.eventId(), signed.occurredAt(), 1, signed.jobId(), signed.accountId(), 1, 1,
                        signed.spec(), null, new ExportDestination(signed.destination().destinationId(), "elsewhere",
                                "daily", "us-east-1", null, "AKID", "v2:k:AAAA"), signed.signature()));
        for (ShardSubmitted forged : forgeries) {
            assertThatThrownBy(() -> signature.verify(EventCodec.encode(forged)))
                    .isInstanceOf(WorkSignature.ForgedWorkException.class).hasMessageContaining("does not match");
        }
    }

    @Test
    void a_record_signed_with_another_key_is_refused_unless_that_key_is_a_previous_one() {
        String json = EventCodec.encode(WorkSignature.of(OTHER_KEY, List.of()).sign(work));
        assertThatThrownBy(() -> signature.verify(json)).isInstanceOf(WorkSignature.ForgedWorkException.class);
        assertThatCode(() -> WorkSignature.of(KEY, List.of(OTHER_KEY)).verify(json)).doesNotThrowAnyException();
    }

    @Test
    void short_keys_are_refused_without_showing_them() {
        assertThatThrownBy(() -> WorkSignature.of("short-key", List.of())).hasMessageContaining("32 characters")
                .hasMessageNotContaining("short-key");
    }
}
