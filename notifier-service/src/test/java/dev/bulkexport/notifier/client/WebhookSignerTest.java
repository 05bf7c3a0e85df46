package dev.bulkexport.notifier.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WebhookSignerTest {

    @Test
    void signs_the_standard_webhooks_reference_example() {
        // The example of the Standard Webhooks reference libraries' tests.
        String signature = WebhookSigner.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1614265330, "{\"test\": 2432232314}");

        assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void several_secrets_give_one_signature_each_in_order_separated_by_spaces() {
        String current = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        String previous = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]);

        String header = WebhookSigner.sign(java.util.List.of(current, previous), "msg_1", 1614265330, "{}");

        assertThat(header.split(" ")).containsExactly(WebhookSigner.sign(current, "msg_1", 1614265330, "{}"),
                WebhookSigner.sign(previous, "msg_1", 1614265330, "{}"));
    }

    @Test
    void a_secret_without_the_whsec_prefix_is_refused() {
        assertThatThrownBy(() -> WebhookSigner.sign("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_1", 1, "{}"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
