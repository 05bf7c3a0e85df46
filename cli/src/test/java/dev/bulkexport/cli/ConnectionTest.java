package dev.bulkexport.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionTest {
    @TempDir
    Path dir;

    @Test
    void flags_win_over_the_environment_which_wins_over_the_profile_file() throws Exception {
        Path profiles = Files.writeString(dir.resolve("profiles.properties"),
                "default.url=http://profile:1\ndefault.api_key=profile-key\nprod.api_key=prod-key\n");
        Map<String, String> env = Map.of(Connection.PROFILE_FILE_ENV, profiles.toString());
        assertThat(Connection.resolve(null, null, null, env))
                .isEqualTo(new Connection(URI.create("http://profile:1"), "profile-key"));
        assertThat(Connection.resolve(null, null, "prod", env))
                .isEqualTo(new Connection(URI.create(Connection.LOCAL_RUN), "prod-key"));
        Map<String, String> withEnv = Map.of(Connection.PROFILE_FILE_ENV, profiles.toString(),
                Connection.KEY_ENV, "env-key", Connection.URL_ENV, "http://env:2");
        assertThat(Connection.resolve(null, null, null, withEnv))
                .isEqualTo(new Connection(URI.create("http://env:2"), "env-key"));
        assertThat(Connection.resolve("http://flag:3", "flag-key", null, withEnv))
                .isEqualTo(new Connection(URI.create("http://flag:3"), "flag-key"));
    }

    @Test
    void no_key_anywhere_is_an_authentication_error_that_says_where_to_put_one() {
        Map<String, String> env = Map.of(Connection.PROFILE_FILE_ENV, dir.resolve("none").toString());
        assertThatThrownBy(() -> Connection.resolve(null, null, null, env))
                .isInstanceOf(Connection.MissingKeyException.class).hasMessageContaining("BULK_EXPORT_API_KEY");
        assertThat(BulkExportCli.exitCode(new Connection.MissingKeyException("x"))).isEqualTo(ExitCode.AUTH);
    }

    @Test
    void api_errors_map_to_the_documented_exit_codes() {
        assertThat(ExitCode.forStatus(400)).isEqualTo(ExitCode.USAGE);
        assertThat(ExitCode.forStatus(401)).isEqualTo(ExitCode.AUTH);
        assertThat(ExitCode.forStatus(403)).isEqualTo(ExitCode.AUTH);
        assertThat(ExitCode.forStatus(404)).isEqualTo(ExitCode.ERROR);
    }
}
