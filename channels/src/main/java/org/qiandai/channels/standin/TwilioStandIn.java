package org.qiandai.channels.standin;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.qiandai.campaign.support.DaemonThreads;

/**
 * A stand-in for Twilio's Messages API on 127.0.0.1, for tests and benchmarks (never used by the running application).
 * It checks each request as Twilio would — the path, HTTP Basic with the account sid and auth token, the form fields
 * {@code To}, {@code From} or {@code MessagingServiceSid}, {@code Body}, {@code StatusCallback} — and records what it
 * finds wrong in {@link #problems}; answers {@code POST …/Messages.json} with 201 and a message (or what
 * {@link #reply} says: an error with Twilio's code, a dropped connection, a slow answer) and
 * {@code GET …/Messages/{sid}.json} with the message's current status; and posts status callbacks and inbound
 * messages signed as Twilio signs them ({@code X-Twilio-Signature}: base64 HMAC-SHA1 of the URL followed by each
 * parameter name and value, sorted by name).
 */
public final class TwilioStandIn implements AutoCloseable {

    private static final Pattern CREATE = Pattern.compile("/2010-04-01/Accounts/([^/]+)/Messages\\.json");
    private static final Pattern FETCH = Pattern.compile("/2010-04-01/Accounts/([^/]+)/Messages/(SM[0-9a-f]{32})\\.json");

    /** One message request as received. */
    public record Received(String sid, String to, String from, String messagingServiceSid, String body, String statusCallback, long nanos) {
    }

    /** What to answer a message request: accept it, an error, no answer at all, or an answer after a delay. */
    public record Reply(int status, Integer code, String message, boolean dropped, long delayMillis) {
        public static Reply accept() {
            return new Reply(201, null, null, false, 0);
        }

        public static Reply error(int status, int code, String message) {
            return new Reply(status, code, message, false, 0);
        }

        /** The connection closes after the request was read: the sender cannot know what happened. */
        public static Reply drop() {
            return new Reply(0, null, null, true, 0);
        }

        public static Reply slow(long millis) {
            return new Reply(201, null, null, false, millis);
        }
    }

    private final String accountSid;
    private final String authToken;
    private final HttpServer server;
    private final ExecutorService threads;
    private final HttpClient callbacks = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, Received> messages = new ConcurrentHashMap<>();
    private final Map<String, String> statuses = new ConcurrentHashMap<>();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    /** Every message request received (when {@link #recording}), in order. */
    public final List<Received> received = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    /** What was wrong with the requests received: empty when the SDK sent what Twilio expects. */
    public final List<String> problems = new CopyOnWriteArrayList<>();
    public volatile Function<Received, Reply> reply = r -> Reply.accept();
    public volatile boolean recording = true;

    public TwilioStandIn(String accountSid, String authToken) throws IOException {
        this.accountSid = accountSid;
        this.authToken = authToken;
        // The JDK server writes a response's headers and body apart and, unless told otherwise, with Nagle's algorithm
        // on: the body then waits for the client's delayed ACK (about 40 ms), which a real provider's server does not
        // make us wait. Read once, when the JVM's first HttpServer starts.
        System.setProperty("sun.net.httpserver.nodelay", System.getProperty("sun.net.httpserver.nodelay", "true"));
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        this.threads = Executors.newFixedThreadPool(16, DaemonThreads.named("twilio-stand-in"));
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** What {@code qiandai.channels.twilio.base-url} should be. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public long acceptedCount() {
        return accepted.get();
    }

    public long requestCount() {
        return requests.get();
    }

    public Received message(String sid) {
        return messages.get(sid);
    }

    /** Sets the status a later {@code GET …/Messages/{sid}.json} answers (as Twilio's own records would move on). */
    public void setStatus(String sid, String status) {
        statuses.put(sid, status);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            requests.incrementAndGet();
            if (!checkAuth(exchange)) {
                send(exchange, 401, error(20003, "Authenticate", 401));
                return;
            }
            Matcher create = CREATE.matcher(path);
            Matcher fetch = FETCH.matcher(path);
            if (exchange.getRequestMethod().equals("POST") && create.matches()) {
                create(exchange, create.group(1));
            } else if (exchange.getRequestMethod().equals("GET") && fetch.matches()) {
                Received m = messages.get(fetch.group(2));
                if (m == null) {
                    send(exchange, 404, error(20404, "The requested resource was not found", 404));
                } else {
                    send(exchange, 200, message(m, statuses.getOrDefault(m.sid(), "sent")));
                }
            } else {
                problems.add("unexpected request " + exchange.getRequestMethod() + " " + path);
                send(exchange, 404, error(20404, "The requested resource " + path + " was not found", 404));
            }
        }
    }

    private boolean checkAuth(HttpExchange exchange) {
        String expected = "Basic " + Base64.getEncoder().encodeToString((accountSid + ":" + authToken).getBytes(StandardCharsets.UTF_8));
        String got = exchange.getRequestHeaders().getFirst("Authorization");
        if (!expected.equals(got)) {
            problems.add("bad or missing Basic auth: " + (got == null ? "none" : "wrong credentials"));
            return false;
        }
        return true;
    }

    private void create(HttpExchange exchange, String account) throws IOException {
        if (!account.equals(accountSid)) {
            problems.add("message posted under account " + account + ", not " + accountSid);
        }
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.startsWith("application/x-www-form-urlencoded")) {
            problems.add("message request is " + type + ", not a form");
        }
        Map<String, String> form = parseForm(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String to = form.get("To");
        String from = form.get("From");
        String service = form.get("MessagingServiceSid");
        String body = form.get("Body");
        if (to == null || !to.matches("\\+[1-9]\\d{6,14}")) {
            problems.add("To is not an E.164 number: " + to);
            send(exchange, 400, error(21604, "A 'To' phone number is required.", 400));
            return;
        }
        if (from == null && service == null) {
            problems.add("neither From nor MessagingServiceSid");
            send(exchange, 400, error(21603, "A 'From' phone number is required.", 400));
            return;
        }
        if (body == null || body.isEmpty()) {
            problems.add("no Body");
            send(exchange, 400, error(21602, "Message body is required.", 400));
            return;
        }
        if (form.get("StatusCallback") == null) {
            problems.add("no StatusCallback");
        }
        String sid = String.format("SM%032x", sequence.incrementAndGet());
        Received r = new Received(sid, to, from, service, body, form.get("StatusCallback"), System.nanoTime());
        if (recording) {
            received.add(r);
        }
        Reply answer = reply.apply(r);
        if (answer.dropped()) {
            messages.put(sid, r); // Twilio took it; the answer never reached the sender
            accepted.incrementAndGet();
            exchange.getResponseBody().close();
            return;
        }
        if (answer.delayMillis() > 0) {
            try {
                Thread.sleep(answer.delayMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (answer.status() == 201) {
            messages.put(sid, r);
            accepted.incrementAndGet();
            send(exchange, 201, message(r, "queued"));
        } else {
            send(exchange, answer.status(), error(answer.code(), answer.message(), answer.status()));
        }
    }

    private String message(Received r, String status) {
        return "{\"sid\":\"" + r.sid() + "\",\"account_sid\":\"" + accountSid + "\",\"to\":" + json(r.to()) + ",\"from\":" + json(r.from())
                + ",\"messaging_service_sid\":" + json(r.messagingServiceSid()) + ",\"body\":" + json(r.body()) + ",\"status\":\"" + status
                + "\",\"num_segments\":\"1\",\"direction\":\"outbound-api\",\"api_version\":\"2010-04-01\",\"error_code\":null,"
                + "\"error_message\":null,\"uri\":\"/2010-04-01/Accounts/" + accountSid + "/Messages/" + r.sid() + ".json\"}";
    }

    private static String error(Integer code, String message, int status) {
        return "{\"code\":" + code + ",\"message\":" + json(message) + ",\"more_info\":\"https://www.twilio.com/docs/errors/" + code
                + "\",\"status\":" + status + "}";
    }

    private static String json(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    static Map<String, String> parseForm(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        if (body.isEmpty()) {
            return form;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            form.putIfAbsent(k, v);
        }
        return form;
    }

    // --- what Twilio posts to us ---

    /** Twilio's signature of a request to {@code url} with these form parameters. */
    public String sign(String url, Map<String, String> params) {
        StringBuilder data = new StringBuilder(url);
        new TreeMap<>(params).forEach((k, v) -> data.append(k).append(v));
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Posts a status callback for a message to its StatusCallback URL, signed; answers our endpoint's HTTP status. */
    public int callback(String sid, String status, String errorCode) throws IOException, InterruptedException {
        Received m = messages.get(sid);
        if (m == null) {
            throw new IllegalArgumentException("no message " + sid);
        }
        statuses.put(sid, status);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("AccountSid", accountSid);
        params.put("MessageSid", sid);
        params.put("SmsSid", sid);
        params.put("MessageStatus", status);
        params.put("SmsStatus", status);
        params.put("To", m.to());
        params.put("From", m.from() == null ? "+15005550006" : m.from());
        params.put("ApiVersion", "2010-04-01");
        if (errorCode != null) {
            params.put("ErrorCode", errorCode);
        }
        return post(m.statusCallback(), params, sign(m.statusCallback(), params));
    }

    /** Posts an inbound message (a reply {@code body} from {@code from}) to {@code url}, signed. */
    public int inbound(String url, String from, String to, String body) throws IOException, InterruptedException {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("AccountSid", accountSid);
        params.put("MessageSid", String.format("SM%032x", sequence.incrementAndGet()));
        params.put("From", from);
        params.put("To", to);
        params.put("Body", body);
        params.put("NumMedia", "0");
        return post(url, params, sign(url, params));
    }

    /** Posts a form with the signature given (null: none), as a forger would. */
    public int post(String url, Map<String, String> params, String signature) throws IOException, InterruptedException {
        return callbacks.send(webhook(url, params, signature, Duration.ofSeconds(20)), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** The webhook request Twilio would make: the form, URL-encoded, with {@code signature} (null: none) as its header. */
    public static HttpRequest webhook(String url, Map<String, String> params, String signature, Duration timeout) {
        List<String> pairs = new ArrayList<>();
        params.forEach((k, v) -> pairs.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(String.join("&", pairs)));
        if (signature != null) {
            request.header("X-Twilio-Signature", signature);
        }
        return request.build();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

}
