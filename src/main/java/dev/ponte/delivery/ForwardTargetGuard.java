package dev.ponte.delivery;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * Refuses forwarding to loopback, private, link-local, CGNAT and other internal addresses unless
 * {@code ponte.forward.allow-private} is on, so a forward URL cannot be turned against the network Ponte runs in
 * (SSRF). {@link #check} looks at the URL before a delivery (every address its name resolves to must be public);
 * {@link #checkConnect} at each address the HTTP client connects to, so a DNS answer that changes between the two
 * (rebinding), a redirect or a route file's own HTTP endpoint cannot reach an internal address either.
 */
public class ForwardTargetGuard {

    private final boolean allowPrivate;

    public ForwardTargetGuard(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    public void check(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new NonRetryableDeliveryException("ponte.forward.url is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new NonRetryableDeliveryException("ponte.forward.url must be http or https");
        }
        if (allowPrivate) {
            return;
        }
        String host = uri.getHost();
        if (host == null) {
            throw new NonRetryableDeliveryException("ponte.forward.url has no host");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            // DNS may come back: retried like a network error
            throw new IllegalStateException("forward host does not resolve: " + host);
        }
        for (InetAddress address : addresses) {
            if (isInternal(address)) {
                throw new NonRetryableDeliveryException("forward target " + host + " resolves to a non-public address "
                        + "(set ponte.forward.allow-private=true to allow)");
            }
        }
    }

    /**
     * Refuses a connection to {@code address} unless private targets are allowed: what the HTTP client calls for
     * every address it actually connects to ({@link GuardedHttpConnections}), after any DNS answer.
     */
    public void checkConnect(InetAddress address) {
        if (!allowPrivate && (address == null || isInternal(address))) {
            throw new NonRetryableDeliveryException("HTTP destination address "
                    + (address == null ? "(unresolved)" : address.getHostAddress()) + " is non-public "
                    + "(set ponte.forward.allow-private=true to allow)");
        }
    }

    /**
     * Loopback, private, link-local, CGNAT, multicast, unspecified, reserved and documentation addresses, and the
     * IPv6 forms that carry such an IPv4 address: IPv4-mapped ({@code ::ffff:a.b.c.d}), IPv4-compatible
     * ({@code ::a.b.c.d}), NAT64 ({@code 64:ff9b::/96}, RFC 6052), 6to4 ({@code 2002::/16}, RFC 3056) and Teredo
     * ({@code 2001::/32}, RFC 4380).
     */
    static boolean isInternal(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return isInternalV4(b, 0);
        }
        if (!(address instanceof Inet6Address)) {
            return true;
        }
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        int first16 = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
        if (zeros(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return isInternalV4(b, 12);                                   // IPv4-mapped ::ffff:0:0/96
        }
        if (zeros(b, 0, 12)) {
            return true;                                                  // IPv4-compatible ::/96 (deprecated)
        }
        if (first16 == 0x0064 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
            // NAT64 64:ff9b::/96 carries the IPv4 address in its last 32 bits; 64:ff9b:1::/48 is for local use
            return !zeros(b, 4, 12) || isInternalV4(b, 12);
        }
        if (first16 == 0x2002) {
            return isInternalV4(b, 2);                                    // 6to4 2002:a.b.c.d::/48
        }
        if (first16 == 0x2001 && b[2] == 0 && b[3] == 0) {
            byte[] client = new byte[4];                                  // Teredo: client address, inverted
            for (int i = 0; i < 4; i++) {
                client[i] = (byte) ~b[12 + i];
            }
            return isInternalV4(client, 0) || isInternalV4(b, 4);
        }
        return (b[0] & 0xfe) == 0xfc                                      // unique local fc00::/7
                || first16 == 0x2001 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8  // documentation 2001:db8::/32
                || first16 == 0x0100 && zeros(b, 2, 8);                   // discard-only 100::/64
    }

    private static boolean isInternalV4(byte[] b, int at) {
        int first = b[at] & 0xff;
        int second = b[at + 1] & 0xff;
        int third = b[at + 2] & 0xff;
        return first == 0                                                 // "this network" 0/8
                || first == 10                                            // private 10/8
                || first == 127                                           // loopback 127/8
                || (first == 100 && second >= 64 && second <= 127)        // CGNAT 100.64/10
                || (first == 169 && second == 254)                        // link-local 169.254/16 (cloud metadata)
                || (first == 172 && second >= 16 && second <= 31)         // private 172.16/12
                || (first == 192 && second == 0 && (third == 0 || third == 2)) // 192.0.0/24, TEST-NET-1
                || (first == 192 && second == 88 && third == 99)          // 6to4 relay anycast
                || (first == 192 && second == 168)                        // private 192.168/16
                || (first == 198 && (second == 18 || second == 19))       // benchmarking 198.18/15
                || (first == 198 && second == 51 && third == 100)         // TEST-NET-2
                || (first == 203 && second == 0 && third == 113)          // TEST-NET-3
                || first >= 224;                                          // multicast, reserved, broadcast
    }

    private static boolean zeros(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
