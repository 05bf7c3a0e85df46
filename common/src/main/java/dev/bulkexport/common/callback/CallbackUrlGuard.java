package dev.bulkexport.common.callback;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The SSRF guard for callback URLs (OWASP API7), used at job creation and again before every delivery: the
 * scheme must be https (or http where allowed), and the host must be and resolve to global unicast addresses
 * only (no loopback, private, link-local, multicast, unspecified, shared, reserved, documentation, NAT64 or
 * 6to4 address), in whatever numeric form it is written. Hosts on the configured allowlist are the only way
 * around the address rules. Plain JDK, no framework.
 */
public final class CallbackUrlGuard {
    /** Resolves a host name to all its addresses; replaceable so that tests can fake DNS. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final String field;
    private final boolean allowHttp;
    private final Set<String> allowedHosts;
    private final Resolver resolver;

    public CallbackUrlGuard(boolean allowHttp, Collection<String> allowedHosts, Resolver resolver) {
        this("callback_url", allowHttp, allowedHosts, resolver);
    }

    /**
     * The same rules for another URL that the service connects to (a destination's S3 {@code endpoint}), its
     * refusals naming {@code field}, with its own allowlist.
     */
    public CallbackUrlGuard(String field, boolean allowHttp, Collection<String> allowedHosts, Resolver resolver) {
        this.field = field;
        this.allowHttp = allowHttp;
        this.allowedHosts = allowedHosts.stream().map(h -> h.trim().toLowerCase(Locale.ROOT))
                .filter(h -> !h.isEmpty()).collect(Collectors.toUnmodifiableSet());
        this.resolver = resolver;
    }

    public CallbackUrlGuard(boolean allowHttp, Collection<String> allowedHosts) {
        this(allowHttp, allowedHosts, InetAddress::getAllByName);
    }

    public CallbackUrlGuard(String field, boolean allowHttp, Collection<String> allowedHosts) {
        this(field, allowHttp, allowedHosts, InetAddress::getAllByName);
    }

    /**
     * @return the parsed URL when every rule holds
     * @throws RefusedCallbackUrl naming the rule that the URL breaks
     */
    public URI check(String url) {
        return vet(url).uri();
    }

    /**
     * Checks every rule, resolving the host once, and returns the addresses that passed: connect to one of
     * those (pin it) and never resolve the name again, or a DNS answer that changes between the check and the
     * connection (rebinding) would reach whatever the second answer names. A host name that does not resolve
     * or resolves to any non-public address gets one generic refusal, so that the answer does not tell which
     * internal names exist.
     *
     * @throws RefusedCallbackUrl naming the rule that the URL breaks
     */
    public Vetted vet(String url) {
        URI uri = checkWithoutResolving(url);
        String bare = bareHost(uri);
        InetAddress literal = IpLiterals.parse(bare);
        if (literal != null) {
            return new Vetted(uri, List.of(literal));
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(bare);
        } catch (UnknownHostException e) {
            throw notPublic(uri);
        }
        if (addresses.length == 0) {
            throw notPublic(uri);
        }
        if (!isAllowlisted(uri)) {
            for (InetAddress address : addresses) {
                if (classify(address) != null) {
                    throw notPublic(uri);
                }
            }
        }
        return new Vetted(uri, List.of(addresses));
    }

    /**
     * A DNS lookup that keeps to the rules, for an HTTP client's own resolver hook (Apache HttpClient's
     * {@code DnsResolver}, under the S3 clients of destinations): every connection's lookup is vetted, so a name
     * re-pointed at an internal address after an earlier check (DNS rebinding) is refused at the connection.
     *
     * @throws RefusedAddress (an {@link UnknownHostException}, so the client fails as for a name that does not
     *         resolve) naming the rule
     */
    public InetAddress[] lookup(String host) throws UnknownHostException {
        String authority = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        try {
            return vet("https://" + authority).addresses().toArray(InetAddress[]::new);
        } catch (RefusedCallbackUrl e) {
            throw new RefusedAddress(e.getMessage());
        }
    }

    /** A lookup that {@link #lookup} refused; the message names the rule, as {@link RefusedCallbackUrl}'s. */
    public static final class RefusedAddress extends UnknownHostException {
        public RefusedAddress(String message) {
            super(message);
        }

        /** The refusal among a failure's causes (an HTTP client wraps it), or null. */
        public static RefusedAddress among(Throwable failure) {
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                if (cause instanceof RefusedAddress refused) {
                    return refused;
                }
            }
            return null;
        }
    }

    /**
     * The rules that need no DNS: syntax, scheme, user info, and the address rules for a host written as an IP
     * literal. A host name passes unresolved; {@link #vet} must still run before anything is sent to it.
     *
     * @throws RefusedCallbackUrl naming the rule that the URL breaks
     */
    public URI checkWithoutResolving(String url) {
        URI uri = parse(url);
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
            throw new RefusedCallbackUrl(Rule.SCHEME, allowHttp ? field + " must use http or https"
                    : field + " must use https");
        }
        if (isAllowlisted(uri)) {
            return uri;
        }
        String bare = bareHost(uri);
        InetAddress literal = IpLiterals.parse(bare);
        if (literal != null) {
            refuseForbidden(literal, host(uri).toLowerCase(Locale.ROOT));
            if (!IpLiterals.isCanonical(bare)) {
                throw new RefusedCallbackUrl(Rule.NON_CANONICAL_IP, field + " host " + host(uri)
                        + " is an IP address in a non-canonical form; write it as dotted decimal");
            }
        }
        return uri;
    }

    private boolean isAllowlisted(URI uri) {
        String host = host(uri).toLowerCase(Locale.ROOT);
        return allowedHosts.contains(host) || allowedHosts.contains(bareHost(uri));
    }

    private static String bareHost(URI uri) {
        String host = host(uri).toLowerCase(Locale.ROOT);
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    private RefusedCallbackUrl notPublic(URI uri) {
        return new RefusedCallbackUrl(Rule.NOT_PUBLIC, field + " host " + host(uri)
                + " must resolve to public internet addresses only");
    }

    private URI parse(String url) {
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null || host(uri) == null || !uri.isAbsolute()) {
                throw new RefusedCallbackUrl(Rule.MALFORMED, field + " must be an absolute URL with a host");
            }
            if (uri.getRawUserInfo() != null) {
                throw new RefusedCallbackUrl(Rule.USER_INFO, field + " must not contain user info");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new RefusedCallbackUrl(Rule.MALFORMED, field + " must be an absolute URL with a host");
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

    private void refuseForbidden(InetAddress address, String host) {
        Rule rule = classify(address);
        if (rule != null) {
            String article = "aeiou".indexOf(rule.description.charAt(0)) >= 0 ? "an " : "a ";
            throw new RefusedCallbackUrl(rule, field + " host " + host + " is or resolves to " + article
                    + rule.description + " address, which is not allowed");
        }
    }

    /**
     * The rule an address breaks, or null for a global unicast address. IPv6 is an allow-list: only 2000::/3
     * (global unicast) passes, minus the special-purpose blocks inside it; so NAT64 (64:ff9b::/96), unique
     * local, link-local and every future non-global range are refused without being named here.
     */
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
        if (effective instanceof Inet4Address) {
            // an IPv4 address written inside IPv6 (::a.b.c.d) is not global IPv6 whatever the IPv4 is
            boolean global = address instanceof Inet4Address && !NonGlobalRanges.IPV4.contains(b);
            return global ? null : Rule.NON_GLOBAL;
        }
        boolean globalUnicast = (b[0] & 0xe0) == 0x20;
        return !globalUnicast || NonGlobalRanges.IPV6_IN_GLOBAL.contains(b) ? Rule.NON_GLOBAL : null;
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
        NON_GLOBAL("non-global"), NON_CANONICAL_IP("non-canonical IP"),
        /** A host name that does not resolve, or resolves to any address another rule refuses: one answer for both. */
        NOT_PUBLIC("public addresses only");

        private final String description;

        Rule(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    /** A vetted callback URL and the addresses its host had when it passed; connect only to these. */
    public record Vetted(URI uri, List<InetAddress> addresses) {
        public Vetted {
            addresses = List.copyOf(addresses);
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
