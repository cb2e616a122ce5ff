package org.qiandai.campaign.bulletins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * Fetching by URL against a real HTTP server on 127.0.0.1: only allowed hosts, redirects only to allowed hosts, within
 * the size and time limits, HTML and text only; and off when no host is allowed.
 */
class PageFetcherTests {

    static final String PAGE = "<p>2024年6月3日，东河区居民周某（女，40岁）被骗1.5万元。</p>";

    HttpServer server;
    String base;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/page", exchange -> send(exchange, 200, "text/html; charset=utf-8", PAGE));
        server.createContext("/away", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data/");
            send(exchange, 302, "text/html", "");
        });
        server.createContext("/moved", exchange -> {
            exchange.getResponseHeaders().add("Location", "/page");
            send(exchange, 301, "text/html", "");
        });
        server.createContext("/big", exchange -> send(exchange, 200, "text/html", "<p>" + "很长的页面".repeat(5_000) + "</p>"));
        server.createContext("/slow", exchange -> {
            try {
                Thread.sleep(3_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            send(exchange, 200, "text/html", PAGE);
        });
        server.createContext("/pdf", exchange -> send(exchange, 200, "application/pdf", "%PDF-1.7"));
        server.createContext("/gone", exchange -> send(exchange, 404, "text/html", "not here"));
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool()); // a slow answer must not hold up the next
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void fetchesFromAnAllowedHostFollowingRedirectsThere() {
        PageFetcher fetcher = fetcher(List.of("127.0.0.1"), DataSize.ofKilobytes(64), Duration.ofSeconds(5));
        PageFetcher.Fetched page = fetcher.fetch(base + "/page");
        assertThat(new String(page.bytes(), StandardCharsets.UTF_8)).isEqualTo(PAGE);
        assertThat(fetcher.fetch(base + "/moved").url().getPath()).isEqualTo("/page");
    }

    @Test
    void refusesWhatTheAllowListDoesNotCover() {
        assertRefused(fetcher(List.of(), DataSize.ofKilobytes(64), Duration.ofSeconds(5)), base + "/page", "fetch-disabled");
        PageFetcher fetcher = fetcher(List.of("127.0.0.1", "*.baotou.gov.cn"), DataSize.ofKilobytes(64), Duration.ofSeconds(5));
        assertRefused(fetcher, base.replace("127.0.0.1", "localhost") + "/page", "host-not-allowed");
        assertRefused(fetcher, "http://baotou.gov.cn.evil.example/page", "host-not-allowed");
        assertRefused(fetcher, base + "/away", "host-not-allowed");
        assertRefused(fetcher, "file:///etc/passwd", "bad-url");
        assertRefused(fetcher, "ftp://127.0.0.1/page", "bad-url");
        assertRefused(fetcher, "http://user:secret@127.0.0.1/page", "bad-url");
        assertRefused(fetcher, "http://[::1", "bad-url");
    }

    @Test
    void refusesPagesOverTheLimitsOrOfTheWrongKind() {
        PageFetcher fetcher = fetcher(List.of("127.0.0.1"), DataSize.ofKilobytes(16), Duration.ofMillis(800));
        assertRefused(fetcher, base + "/big", "too-large");
        long started = System.nanoTime();
        assertRefused(fetcher, base + "/slow", "fetch-timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2_500));
        assertRefused(fetcher, base + "/pdf", "not-html");
        assertRefused(fetcher, base + "/gone", "fetch-failed");
    }

    private static void assertRefused(PageFetcher fetcher, String url, String rule) {
        assertThatThrownBy(() -> fetcher.fetch(url)).as(url).isInstanceOfSatisfying(BulletinRefusedException.class,
                e -> assertThat(e.rule()).isEqualTo(rule));
    }

    private static PageFetcher fetcher(List<String> hosts, DataSize maxSize, Duration timeout) {
        return new PageFetcher(new BulletinLimits.Fetch(hosts, maxSize, timeout));
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        exchange.close();
    }
}
