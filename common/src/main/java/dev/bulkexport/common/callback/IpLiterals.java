package dev.bulkexport.common.callback;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads IP literals the way C resolvers (inet_aton) and browsers do, so that {@code 2130706433},
 * {@code 0x7f.1} and {@code 0177.0.0.1} are all seen as 127.0.0.1 even where Java would read them otherwise.
 */
final class IpLiterals {
    private static final Pattern IPV4_PART = Pattern.compile("0[xX][0-9a-fA-F]*|0[0-7]*|[1-9][0-9]*");
    private static final Pattern DOTTED_DECIMAL =
            Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");

    private IpLiterals() {
    }

    /** The address a host written as an IP literal stands for, or null when the host is a name. */
    static InetAddress parse(String host) {
        try {
            if (host.contains(":")) {
                return InetAddress.getByName("[" + host + "]");
            }
            byte[] ipv4 = parseIpv4(host);
            return ipv4 == null ? null : InetAddress.getByAddress(ipv4);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** True for dotted decimal IPv4 and any IPv6 literal (which has no ambiguous forms). */
    static boolean isCanonical(String host) {
        return host.contains(":") || DOTTED_DECIMAL.matcher(host).matches();
    }

    private static byte[] parseIpv4(String host) {
        String trimmed = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        String[] parts = trimmed.split("\\.", -1);
        if (parts.length < 1 || parts.length > 4) {
            return null;
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (!IPV4_PART.matcher(part).matches()) {
                return null;
            }
            try {
                String lower = part.toLowerCase(Locale.ROOT);
                values[i] = lower.startsWith("0x") ? (lower.length() == 2 ? 0 : Long.parseLong(lower.substring(2), 16))
                        : lower.length() > 1 && lower.startsWith("0") ? Long.parseLong(lower.substring(1), 8)
                        : Long.parseLong(lower);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        long address = 0;
        for (int i = 0; i < values.length - 1; i++) {
            if (values[i] > 255) {
                return null;
            }
            address |= values[i] << (8 * (3 - i));
        }
        long last = values[values.length - 1];
        if (last >= 1L << (8 * (5 - values.length))) {
            return null;
        }
        address |= last;
        return new byte[] {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address};
    }
}
