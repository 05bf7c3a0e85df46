package dev.bulkexport.common.callback;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The SSRF guard for callback URLs (OWASP API7), used at job creation and again before every delivery: the
 * scheme must be https (or http where allowed), and the host must neither be nor resolve to a loopback,
 * private, link-local, multicast or unspecified address, in whatever numeric form it is written. Hosts on
 * the configured allowlist are the only way around the address rules. Plain JDK, no framework.
 */
public final class CallbackUrlGuard {
    /** Resolves a host name to all its addresses; replaceable so that tests can fake DNS. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final boolean allowHttp;
    private final Set<String> allowedHosts;
    private final Resolver resolver;

    public CallbackUrlGuard(boolean allowHttp, Collection<String> allowedHosts, Resolver resolver) {
        this.allowHttp = allowHttp;
        this.allowedHosts = allowedHosts.stream().map(h -> h.trim().toLowerCase(Locale.ROOT))
                .filter(h -> !h.isEmpty()).collect(Collectors.toUnmodifiableSet());
        this.resolver = resolver;
    }

    public CallbackUrlGuard(boolean allowHttp, Collection<String> allowedHosts) {
        this(allowHttp, allowedHosts, InetAddress::getAllByName);
    }

    /**
     * @return the parsed URL when every rule holds
     * @throws RefusedCallbackUrl naming the rule that the URL breaks
     */
    public URI check(String url) {
        URI uri = parse(url);
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
            throw new RefusedCallbackUrl(Rule.SCHEME, allowHttp ? "callback_url must use http or https"
                    : "callback_url must use https");
        }
        String host = host(uri).toLowerCase(Locale.ROOT);
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (allowedHosts.contains(host) || allowedHosts.contains(bare)) {
            return uri;
        }
        InetAddress literal = IpLiterals.parse(bare);
        if (literal != null) {
            refuseForbidden(literal, host);
            if (!IpLiterals.isCanonical(bare)) {
                throw new RefusedCallbackUrl(Rule.NON_CANONICAL_IP, "callback_url host " + host
                        + " is an IP address in a non-canonical form; write it as dotted decimal");
            }
            return uri;
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(bare);
        } catch (UnknownHostException e) {
            throw new RefusedCallbackUrl(Rule.UNRESOLVABLE, "callback_url host " + host + " does not resolve");
        }
        for (InetAddress address : addresses) {
            refuseForbidden(address, host);
        }
        return uri;
    }

    private static URI parse(String url) {
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null || host(uri) == null || !uri.isAbsolute()) {
                throw new RefusedCallbackUrl(Rule.MALFORMED, "callback_url must be an absolute URL with a host");
            }
            if (uri.getRawUserInfo() != null) {
                throw new RefusedCallbackUrl(Rule.USER_INFO, "callback_url must not contain user info");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new RefusedCallbackUrl(Rule.MALFORMED, "callback_url must be an absolute URL with a host");
        }
    }

    /** java.net.URI has no host for some numeric forms (e.g. {@code 0x7f.1}); read those from the authority. */
    private static String host(URI uri) {
        if (uri.getHost() != null || uri.getRawAuthority() == null || uri.getRawAuthority().contains("@")) {
            return uri.getHost();
        }
        String authority = uri.getRawAuthority();
        int colon = authority.lastIndexOf(':');
        String host = colon < 0 || authority.endsWith("]") ? authority : authority.substring(0, colon);
        return host.isEmpty() ? null : host;
    }

    private static void refuseForbidden(InetAddress address, String host) {
        Rule rule = classify(address);
        if (rule != null) {
            String article = "aeiou".indexOf(rule.description.charAt(0)) >= 0 ? "an " : "a ";
            throw new RefusedCallbackUrl(rule, "callback_url host " + host + " is or resolves to " + article
                    + rule.description + " address, which is not allowed");
        }
    }

    /** The rule an address breaks, or null for a public unicast address. */
    static Rule classify(InetAddress address) {
        InetAddress effective = embeddedIpv4(address);
        byte[] b = effective.getAddress();
        if (effective.isAnyLocalAddress() || (effective instanceof Inet4Address && b[0] == 0)) {
            return Rule.UNSPECIFIED;
        }
        if (effective.isLoopbackAddress()) {
            return Rule.LOOPBACK;
        }
        if (effective.isLinkLocalAddress()) {
            return Rule.LINK_LOCAL;
        }
        if (effective.isMulticastAddress() || (effective instanceof Inet4Address && Arrays.equals(b,
                new byte[] {-1, -1, -1, -1}))) {
            return Rule.MULTICAST;
        }
        if (effective.isSiteLocalAddress() || (effective instanceof Inet6Address && (b[0] & 0xfe) == 0xfc)) {
            return Rule.PRIVATE;
        }
        return null;
    }

    /** IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible (::a.b.c.d) IPv6 addresses count as their IPv4. */
    private static InetAddress embeddedIpv4(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] b = address.getAddress();
            boolean zeroPrefix = true;
            for (int i = 0; i < 10; i++) {
                zeroPrefix &= b[i] == 0;
            }
            boolean mapped = zeroPrefix && b[10] == -1 && b[11] == -1;
            boolean compatible = zeroPrefix && b[10] == 0 && b[11] == 0 && (b[12] | b[13]) != 0;
            if (mapped || compatible) {
                try {
                    return InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16));
                } catch (UnknownHostException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return address;
    }

    /** The rules, each with the short name that a refusal shows. */
    public enum Rule {
        MALFORMED("malformed"), USER_INFO("user info"), SCHEME("scheme"), LOOPBACK("loopback"),
        PRIVATE("private"), LINK_LOCAL("link-local"), MULTICAST("multicast"), UNSPECIFIED("unspecified"),
        NON_CANONICAL_IP("non-canonical IP"), UNRESOLVABLE("unresolvable");

        private final String description;

        Rule(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    /** A callback URL that breaks a rule; the message names the rule and is safe to show the account. */
    public static final class RefusedCallbackUrl extends RuntimeException {
        private final Rule rule;

        public RefusedCallbackUrl(Rule rule, String message) {
            super(message, null, false, false);
            this.rule = rule;
        }

        public Rule rule() {
            return rule;
        }
    }
}
