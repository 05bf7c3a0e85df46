package dev.bulkexport.common.callback;

import java.util.List;

/**
 * Address blocks that are not global unicast although Java's {@code InetAddress} predicates say nothing about
 * them (IANA special-purpose registries): shared address space, benchmarking, documentation, reserved, and
 * the IPv6 transition blocks that tunnel to an IPv4 address (6to4, Teredo) and so could reach a private one.
 */
final class NonGlobalRanges {
    /** IPv4 blocks beyond loopback, private, link-local, multicast and unspecified. */
    static final NonGlobalRanges IPV4 = new NonGlobalRanges(List.of(
            block(4, 100, 64, 0, 0, 10),        // shared address space (carrier-grade NAT)
            block(4, 192, 0, 0, 0, 24),         // IETF protocol assignments
            block(4, 192, 0, 2, 0, 24),         // TEST-NET-1
            block(4, 192, 88, 99, 0, 24),       // 6to4 relay anycast (deprecated)
            block(4, 198, 18, 0, 0, 15),        // benchmarking
            block(4, 198, 51, 100, 0, 24),      // TEST-NET-2
            block(4, 203, 0, 113, 0, 24),       // TEST-NET-3
            block(4, 240, 0, 0, 0, 4)));        // reserved, and the limited broadcast address
    /** Blocks inside 2000::/3 (global unicast) that are not global. */
    static final NonGlobalRanges IPV6_IN_GLOBAL = new NonGlobalRanges(List.of(
            block(6, 0x20, 0x01, 0x00, 0x00, 23),   // 2001::/23 IETF protocol assignments (Teredo, ORCHID...)
            block(6, 0x20, 0x01, 0x0d, 0xb8, 32),   // 2001:db8::/32 documentation
            block(6, 0x20, 0x02, 0x00, 0x00, 16),   // 2002::/16 6to4
            block(6, 0x3f, 0xff, 0x00, 0x00, 20))); // 3fff::/20 documentation

    private record Block(int version, byte[] prefix, int bits) {
    }

    private final List<Block> blocks;

    private NonGlobalRanges(List<Block> blocks) {
        this.blocks = blocks;
    }

    /** Version and the first four bytes of the block's address (the rest are zero), and its prefix length. */
    private static Block block(int version, int b0, int b1, int b2, int b3, int bits) {
        return new Block(version, new byte[] {(byte) b0, (byte) b1, (byte) b2, (byte) b3}, bits);
    }

    boolean contains(byte[] address) {
        for (Block block : blocks) {
            if (block.version() == (address.length == 4 ? 4 : 6) && matches(address, block.prefix(), block.bits())) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(byte[] address, byte[] prefix, int bits) {
        for (int i = 0; i < bits; i++) {
            int mask = 0x80 >>> (i % 8);
            if ((address[i / 8] & mask) != (prefix[i / 8] & mask)) {
                return false;
            }
        }
        return true;
    }
}
