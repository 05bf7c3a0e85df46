package dev.bulkexport.common.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulkexport.common.callback.CallbackUrlGuard.RefusedCallbackUrl;
import dev.bulkexport.common.callback.CallbackUrlGuard.Rule;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class CallbackUrlGuardTest {
    /** Fake DNS: names that resolve to forbidden addresses, as an attacker's zone would. */
    private static final Map<String, String> DNS = Map.of(
            "hooks.example.com", "93.184.216.34",
            "metadata.attacker.test", "169.254.169.254",
            "internal.attacker.test", "10.1.2.3",
            "v6.attacker.test", "fd00::1",
            "cgnat.attacker.test", "100.64.1.1",
            "nat64.attacker.test", "64:ff9b::a9fe:a9fe",
            "v6.example.com", "2606:2800:220:1:248:1893:25c8:1946");

    private final CallbackUrlGuard guard = new CallbackUrlGuard(false, List.of(), CallbackUrlGuardTest::resolve);

    @ParameterizedTest(name = "{0} is refused as {1}")
    @CsvSource({
        "https://127.0.0.1/hook, LOOPBACK",
        "https://127.1.2.3/hook, LOOPBACK",
        "https://localhost/hook, NOT_PUBLIC",
        "https://2130706433/hook, LOOPBACK",
        "https://0x7f000001/hook, LOOPBACK",
        "https://0177.0.0.1/hook, LOOPBACK",
        "https://0x7f.1/hook, LOOPBACK",
        "https://[::1]/hook, LOOPBACK",
        "https://[::ffff:127.0.0.1]/hook, LOOPBACK",
        "https://[::ffff:7f00:1]/hook, LOOPBACK",
        "https://10.0.0.1/hook, PRIVATE",
        "https://172.16.5.4/hook, PRIVATE",
        "https://172.31.255.255/hook, PRIVATE",
        "https://192.168.1.1/hook, PRIVATE",
        "https://3232235777/hook, PRIVATE",
        "https://[fc00::1]/hook, PRIVATE",
        "https://[fd12:3456::1]/hook, PRIVATE",
        "https://[::ffff:10.0.0.1]/hook, PRIVATE",
        "https://internal.attacker.test/hook, NOT_PUBLIC",
        "https://v6.attacker.test/hook, NOT_PUBLIC",
        "https://169.254.169.254/latest/meta-data, LINK_LOCAL",
        "https://0xa9fea9fe/, LINK_LOCAL",
        "https://[fe80::1]/hook, LINK_LOCAL",
        "https://metadata.attacker.test/hook, NOT_PUBLIC",
        "https://224.0.0.1/hook, MULTICAST",
        "https://[ff02::1]/hook, MULTICAST",
        "https://255.255.255.255/hook, MULTICAST",
        "https://0.0.0.0/hook, UNSPECIFIED",
        "https://0/hook, UNSPECIFIED",
        "https://[::]/hook, UNSPECIFIED",
        "https://8.8.8.010/hook, NON_CANONICAL_IP",
        "https://100.64.0.1/hook, NON_GLOBAL",
        "https://100.127.255.254/hook, NON_GLOBAL",
        "https://198.18.0.1/hook, NON_GLOBAL",
        "https://198.19.255.1/hook, NON_GLOBAL",
        "https://240.0.0.1/hook, NON_GLOBAL",
        "https://192.0.2.1/hook, NON_GLOBAL",
        "https://203.0.113.9/hook, NON_GLOBAL",
        "https://[64:ff9b::a00:1]/hook, NON_GLOBAL",
        "https://[64:ff9b::808:808]/hook, NON_GLOBAL",
        "https://[2002:a00:1::1]/hook, NON_GLOBAL",
        "https://[2001:db8::1]/hook, NON_GLOBAL",
        "https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/hook, NON_GLOBAL",
        "https://[::8.8.8.8]/hook, NON_GLOBAL",
        "https://[100::1]/hook, NON_GLOBAL",
        "https://cgnat.attacker.test/hook, NOT_PUBLIC",
        "https://nat64.attacker.test/hook, NOT_PUBLIC",
        "https://nowhere.invalid/hook, NOT_PUBLIC",
        "http://hooks.example.com/hook, SCHEME",
        "ftp://hooks.example.com/hook, SCHEME",
        "https://user:pw@hooks.example.com/hook, USER_INFO",
        "/relative/hook, MALFORMED",
    })
    void forbidden_callback_urls_are_refused_naming_the_rule(String url, Rule rule) {
        assertThatThrownBy(() -> guard.check(url))
                .isInstanceOfSatisfying(RefusedCallbackUrl.class, e -> assertThat(e.rule()).isEqualTo(rule))
                .hasMessageContaining("callback_url");
    }

    @Test
    void public_https_urls_pass() {
        assertThat(guard.check("https://hooks.example.com/hook?x=1")).hasHost("hooks.example.com");
        assertThat(guard.check("https://93.184.216.34:8443/hook")).hasPort(8443);
        assertThat(guard.check("https://172.32.0.1/hook")).hasHost("172.32.0.1");
        assertThat(guard.check("https://100.128.0.1/hook")).hasHost("100.128.0.1");
        assertThat(guard.check("https://v6.example.com/hook")).hasHost("v6.example.com");
        assertThat(guard.check("https://[2606:4700::1111]/hook")).hasPort(-1);
    }

    @Test
    void a_name_that_does_not_resolve_and_one_that_resolves_inside_get_the_same_answer() {
        String unresolvable = refusal("https://nowhere.invalid/hook");
        String internal = refusal("https://internal.attacker.test/hook");

        assertThat(internal.replace("internal.attacker.test", "nowhere.invalid")).isEqualTo(unresolvable);
        assertThat(internal).doesNotContain("private").doesNotContain("10.1.2.3");
    }

    @Test
    void vetting_resolves_once_and_returns_the_addresses_to_connect_to() {
        List<String> lookups = new java.util.ArrayList<>();
        CallbackUrlGuard counting = new CallbackUrlGuard(false, List.of(), host -> {
            lookups.add(host);
            return resolve(host);
        });

        CallbackUrlGuard.Vetted vetted = counting.vet("https://hooks.example.com/hook");

        assertThat(lookups).containsExactly("hooks.example.com");
        assertThat(vetted.addresses()).extracting(InetAddress::getHostAddress).containsExactly("93.184.216.34");
    }

    @Test
    void the_check_without_resolving_never_calls_dns_but_refuses_forbidden_literals() {
        CallbackUrlGuard noDns = new CallbackUrlGuard(false, List.of(), host -> {
            throw new AssertionError("DNS lookup of " + host);
        });

        assertThat(noDns.checkWithoutResolving("https://slow-dns.example.net/hook")).hasHost("slow-dns.example.net");
        assertThatThrownBy(() -> noDns.checkWithoutResolving("https://10.0.0.1/hook"))
                .isInstanceOfSatisfying(RefusedCallbackUrl.class, e -> assertThat(e.rule()).isEqualTo(Rule.PRIVATE));
    }

    @Test
    void every_lookup_is_vetted_so_a_name_rebound_to_an_internal_address_is_refused_at_the_next_connection()
            throws Exception {
        List<String> answers = new java.util.ArrayList<>(List.of("93.184.216.34", "169.254.169.254"));
        CallbackUrlGuard rebinding = new CallbackUrlGuard("endpoint", true, List.of(),
                host -> new InetAddress[] {InetAddress.getByName(answers.remove(0))});

        assertThat(rebinding.lookup("s3.rebind.test")).extracting(InetAddress::getHostAddress)
                .containsExactly("93.184.216.34");
        assertThatThrownBy(() -> rebinding.lookup("s3.rebind.test"))
                .isInstanceOf(UnknownHostException.class)
                .hasMessage("endpoint host s3.rebind.test must resolve to public internet addresses only");
        assertThat(guard.lookup("2606:4700::1111")).extracting(InetAddress::getHostAddress)
                .containsExactly("2606:4700:0:0:0:0:0:1111");
        assertThatThrownBy(() -> guard.lookup("10.0.0.1")).isInstanceOf(CallbackUrlGuard.RefusedAddress.class);
    }

    private String refusal(String url) {
        try {
            guard.check(url);
        } catch (RefusedCallbackUrl e) {
            return e.getMessage();
        }
        throw new AssertionError(url + " passed");
    }

    @Test
    void the_allowlist_is_the_only_way_to_a_loopback_host_and_http_needs_its_own_switch() {
        CallbackUrlGuard local = new CallbackUrlGuard(true, List.of("127.0.0.1", "LOCALHOST"),
                CallbackUrlGuardTest::resolve);

        assertThat(local.check("http://127.0.0.1:8099/hook")).hasPort(8099);
        assertThat(local.check("http://localhost:8099/hook")).hasHost("localhost");
        assertThatThrownBy(() -> local.check("http://127.0.0.2/hook")).isInstanceOf(RefusedCallbackUrl.class);
        assertThatThrownBy(() -> new CallbackUrlGuard(false, List.of("127.0.0.1")).check("http://127.0.0.1/"))
                .isInstanceOfSatisfying(RefusedCallbackUrl.class, e -> assertThat(e.rule()).isEqualTo(Rule.SCHEME));
    }

    private static InetAddress[] resolve(String host) throws UnknownHostException {
        if (host.equals("localhost")) {
            return new InetAddress[] {InetAddress.getByName("127.0.0.1"), InetAddress.getByName("::1")};
        }
        String address = DNS.get(host);
        if (address == null) {
            throw new UnknownHostException(host);
        }
        return new InetAddress[] {InetAddress.getByName(address)};
    }
}
