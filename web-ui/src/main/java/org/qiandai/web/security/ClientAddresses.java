package org.qiandai.web.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Where a request came from: the connection's address, or — only when that address is a configured trusted proxy
 * ({@code qiandai.security.trusted-proxies}: addresses or CIDR ranges, comma-separated) — the nearest address in
 * {@code X-Forwarded-For} that is not itself a trusted proxy. A client cannot claim an address by sending the header
 * itself: from an untrusted connection the header is ignored.
 */
@Component
public class ClientAddresses {

    private final List<Range> trusted;

    ClientAddresses(@Value("${qiandai.security.trusted-proxies:}") List<String> trustedProxies) {
        List<Range> ranges = new ArrayList<>();
        for (String proxy : trustedProxies) {
            if (!proxy.isBlank()) {
                ranges.add(Range.parse(proxy.strip()));
            }
        }
        this.trusted = List.copyOf(ranges);
    }

    /** The client's address for audit entries and sign-in throttling. */
    public String of(HttpServletRequest request) {
        String remote = request.getRemoteAddr();
        if (trusted.isEmpty() || !isTrusted(remote)) {
            return remote;
        }
        List<String> hops = new ArrayList<>();
        for (var headers = request.getHeaders("X-Forwarded-For"); headers.hasMoreElements(); ) {
            for (String hop : headers.nextElement().split(",")) {
                if (!hop.isBlank()) {
                    hops.add(hop.strip());
                }
            }
        }
        // Right to left: each trusted proxy appended the address it saw; the first one not trusted is the client.
        for (int i = hops.size() - 1; i >= 0; i--) {
            if (!isTrusted(hops.get(i))) {
                return hops.get(i);
            }
        }
        return hops.isEmpty() ? remote : hops.get(0);
    }

    private boolean isTrusted(String address) {
        byte[] bytes = literal(address);
        return bytes != null && trusted.stream().anyMatch(r -> r.contains(bytes));
    }

    /** The bytes of an IP literal; null for anything else (never a DNS lookup). */
    private static byte[] literal(String address) {
        if (address == null || address.isEmpty() || !address.matches("[0-9a-fA-F:.]+")) {
            return null;
        }
        try {
            return InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private record Range(byte[] network, int bits) {

        static Range parse(String text) {
            int slash = text.indexOf('/');
            byte[] network = literal(slash < 0 ? text : text.substring(0, slash));
            if (network == null) {
                throw new IllegalArgumentException("qiandai.security.trusted-proxies: '" + text + "' is not an IP address or CIDR range");
            }
            int bits = slash < 0 ? network.length * 8 : Integer.parseInt(text.substring(slash + 1));
            if (bits < 0 || bits > network.length * 8) {
                throw new IllegalArgumentException("qiandai.security.trusted-proxies: '" + text + "' has a prefix length out of range");
            }
            return new Range(network, bits);
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >>> (i % 8);
                if ((address[i / 8] & mask) != (network[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
