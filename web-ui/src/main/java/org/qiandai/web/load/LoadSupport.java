package org.qiandai.web.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.Executor;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** What the load commands share: a free port, a temporary data directory, signing in as a browser does, latency percentiles. */
final class LoadSupport {

    private static final Pattern CSRF_INPUT = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    private LoadSupport() {
    }

    /**
     * The application class, by name: {@code QiandaiApplication} (in the root package) starts these commands, and a
     * reference back to it from here would be a cycle in the module map.
     */
    static Class<?> application() {
        try {
            return Class.forName("org.qiandai.QiandaiApplication");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the application class is not on the class path", e);
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path temporaryDirectory(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }

    /** An HTTP/1.1 client (as a browser or a provider's webhook sender talks to us) on these threads. */
    static HttpClient client(Executor executor, java.net.CookieHandler cookies) {
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).executor(executor);
        if (cookies != null) {
            b.cookieHandler(cookies);
        }
        return b.build();
    }

    /** Signs in with the login form (its CSRF token first); the client's cookie handler keeps the session. */
    static void signIn(HttpClient http, String base, String user, String password) throws IOException, InterruptedException {
        String login = http.send(HttpRequest.newBuilder(URI.create(base + "/login")).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = CSRF_INPUT.matcher(login);
        if (!m.find()) {
            throw new IllegalStateException("no CSRF token on the login page");
        }
        String form = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8)
                + "&_csrf=" + URLEncoder.encode(m.group(1), StandardCharsets.UTF_8);
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(base + "/login")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.discarding());
        String location = r.headers().firstValue("Location").orElse("");
        if (r.statusCode() / 100 != 3 || location.contains("error")) {
            throw new IllegalStateException("signing in as " + user + " failed: " + r.statusCode() + " " + location);
        }
    }
}
