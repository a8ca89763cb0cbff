package dev.ponte.delivery;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * Refuses forwarding to loopback, private, link-local, CGNAT and other internal addresses unless
 * {@code ponte.forward.allow-private} is on, so a forward URL cannot be turned against the network Ponte runs in
 * (SSRF). Every address the name resolves to must be public.
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

    static boolean isInternal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 || (first == 100 && second >= 64 && second <= 127) // CGNAT 100.64/10
                    || (first == 192 && second == 0 && (b[2] & 0xff) == 0)       // 192.0.0/24
                    || (first == 198 && (second == 18 || second == 19))          // benchmarking 198.18/15
                    || first >= 240;
        }
        if (address instanceof Inet6Address) {
            return (b[0] & 0xfe) == 0xfc; // unique local fc00::/7
        }
        return false;
    }
}
