package dev.bulkexport.api.account;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class AdminTokenCheckTest {

    @Test
    void a_short_token_stops_the_start_naming_the_variable_and_the_rule_but_not_the_token() {
        assertThatThrownBy(() -> AdminTokenCheck.check(Optional.of("s3cr3t-but-only-31-characters!!")))
                .hasMessageContaining("ADMIN_TOKEN").hasMessageContaining("shorter than 32 characters")
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void a_well_known_default_or_a_repeated_character_stops_the_start() {
        assertThatThrownBy(() -> AdminTokenCheck.check(Optional.of("local-admin-token")))
                .hasMessageContaining("well-known default");
        assertThatThrownBy(() -> AdminTokenCheck.check(Optional.of("CHANGEME")))
                .hasMessageContaining("well-known default");
        assertThatThrownBy(() -> AdminTokenCheck.check(Optional.of("a".repeat(40))))
                .hasMessageContaining("distinct characters");
    }

    @Test
    void a_long_random_token_or_none_starts() {
        assertThatCode(() -> AdminTokenCheck.check(Optional.of("q8Zt0vX1mYb4Kc7Lr2Nw5Pd9Hs3Fj6Ge"))).doesNotThrowAnyException();
        assertThatCode(() -> AdminTokenCheck.check(Optional.empty())).doesNotThrowAnyException();
    }
}
