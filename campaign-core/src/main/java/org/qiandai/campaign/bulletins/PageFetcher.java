package org.qiandai.campaign.bulletins;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.util.unit.DataSize;

/**
 * Fetches a bulletin page by URL, which only an administrator can turn on: {@code qiandai.bulletins.fetch.allowed-hosts}
 * names the only hosts (exactly, or {@code *.example.gov.cn} for subdomains) pages may come from, over http or https,
 * without user names in the address. Redirects are followed (at most 3) only to allowed hosts; the page may take at most
 * {@code fetch.timeout} in all and be at most {@code fetch.max-size}; only {@code text/html} and {@code text/plain}
 * answers are read.
 */
final class PageFetcher {

    /** A fetched page: its bytes and the address it finally came from. */
    record Fetched(byte[] bytes, URI url) {
    }

    private static final int MAX_REDIRECTS = 3;

    private final List<String> allowedHosts;
    private final long maxBytes;
    private final Duration timeout;
    private final HttpClient client;

    PageFetcher(BulletinLimits.Fetch fetch) {
        this.allowedHosts = fetch.allowedHosts().stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
        this.maxBytes = fetch.maxSize().toBytes();
        this.timeout = fetch.timeout();
        // no client (and none of its threads) unless an administrator allowed hosts
        this.client = allowedHosts.isEmpty() ? null
                : HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    boolean enabled() {
        return !allowedHosts.isEmpty();
    }

    Fetched fetch(String address) {
        if (!enabled()) {
            throw refused(BulletinRefusedException.Reason.BAD_REQUEST, "fetch-disabled", "reading pages by URL is off: upload the "
                    + "page or paste its HTML (an administrator can allow hosts with qiandai.bulletins.fetch.allowed-hosts)");
        }
        URI url = checked(address);
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int redirects = 0; ; redirects++) {
            HttpResponse<InputStream> response = send(url, deadline);
            int status = response.statusCode();
            if (status >= 300 && status < 400 && response.headers().firstValue("Location").isPresent()) {
                close(response.body());
                if (redirects >= MAX_REDIRECTS) {
                    throw refused(BulletinRefusedException.Reason.FETCH_FAILED, "fetch-failed", url + " redirects more than " + MAX_REDIRECTS + " times");
                }
                url = checked(url.resolve(response.headers().firstValue("Location").get()).toString());
                continue;
            }
            if (status != 200) {
                close(response.body());
                throw refused(BulletinRefusedException.Reason.FETCH_FAILED, "fetch-failed", url + " answered HTTP " + status);
            }
            String type = response.headers().firstValue("Content-Type").orElse("text/html").toLowerCase(Locale.ROOT);
            if (!type.startsWith("text/html") && !type.startsWith("text/plain") && !type.startsWith("application/xhtml")) {
                close(response.body());
                throw refused(BulletinRefusedException.Reason.UNSUPPORTED, "not-html", url + " is " + type + ", not an HTML page");
            }
            long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > maxBytes) {
                close(response.body());
                throw tooLarge(url);
            }
            return new Fetched(read(response.body(), url, deadline), url);
        }
    }

    private URI checked(String address) {
        URI url;
        try {
            url = new URI(address == null ? "" : address.strip());
        } catch (URISyntaxException e) {
            throw refused(BulletinRefusedException.Reason.BAD_REQUEST, "bad-url", "'" + address + "' is not a URL: " + e.getReason());
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            throw refused(BulletinRefusedException.Reason.BAD_REQUEST, "bad-url", "'" + address + "' is not an http or https URL with a host");
        }
        if (url.getRawUserInfo() != null) {
            throw refused(BulletinRefusedException.Reason.BAD_REQUEST, "bad-url", "'" + address + "' carries a user name; such URLs are not fetched");
        }
        if (!allowed(url.getHost().toLowerCase(Locale.ROOT))) {
            throw refused(BulletinRefusedException.Reason.BAD_REQUEST, "host-not-allowed", "pages are fetched only from "
                    + allowedHosts + " (qiandai.bulletins.fetch.allowed-hosts), not from " + url.getHost());
        }
        return url;
    }

    private boolean allowed(String host) {
        for (String allowed : allowedHosts) {
            if (allowed.startsWith("*.") ? host.endsWith(allowed.substring(1)) : host.equals(allowed)) {
                return true;
            }
        }
        return false;
    }

    private HttpResponse<InputStream> send(URI url, long deadline) {
        long left = Math.max(1, deadline - System.nanoTime());
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofNanos(left)).header("Accept", "text/html, text/plain")
                .header("User-Agent", "Qiandai bulletin reader").GET().build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw timedOut(url);
        } catch (IOException e) {
            throw refused(BulletinRefusedException.Reason.FETCH_FAILED, "fetch-failed", url + " could not be fetched: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw refused(BulletinRefusedException.Reason.FETCH_FAILED, "fetch-failed", "fetching " + url + " was interrupted");
        }
    }

    /** Reads the body, refusing it past the size limit; a watchdog closes the stream at the deadline, so no read hangs. */
    private byte[] read(InputStream body, URI url, long deadline) {
        AtomicBoolean late = new AtomicBoolean();
        long left = Math.max(1, deadline - System.nanoTime());
        CompletableFuture<Void> watchdog = CompletableFuture.runAsync(() -> {
            late.set(true);
            close(body);
        }, CompletableFuture.delayedExecutor(left, TimeUnit.NANOSECONDS));
        try (body) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[16 * 1024];
            int n;
            while ((n = body.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                if (out.size() > maxBytes) {
                    throw tooLarge(url);
                }
            }
            if (late.get()) {
                throw timedOut(url);
            }
            return out.toByteArray();
        } catch (IOException e) {
            if (late.get()) {
                throw timedOut(url);
            }
            throw refused(BulletinRefusedException.Reason.FETCH_FAILED, "fetch-failed", url + " could not be read: " + e.getMessage());
        } finally {
            watchdog.cancel(false);
        }
    }

    private BulletinRefusedException tooLarge(URI url) {
        return refused(BulletinRefusedException.Reason.TOO_LARGE, "too-large", url + " is larger than "
                + DataSize.ofBytes(maxBytes).toKilobytes() + " KB (qiandai.bulletins.fetch.max-size)");
    }

    private BulletinRefusedException timedOut(URI url) {
        return refused(BulletinRefusedException.Reason.FETCH_FAILED, "fetch-timeout", url + " did not answer in full within "
                + timeout.toMillis() + " ms (qiandai.bulletins.fetch.timeout)");
    }

    private static BulletinRefusedException refused(BulletinRefusedException.Reason reason, String rule, String message) {
        return new BulletinRefusedException(reason, rule, message);
    }

    private static void close(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing more to read from it either way
        }
    }
}
