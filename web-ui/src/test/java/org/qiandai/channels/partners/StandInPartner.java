package org.qiandai.channels.partners;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A partner platform's webhook endpoint on 127.0.0.1 (the JDK's HTTP server): one path per partner, each checking our
 * Standard Webhooks signature with its own HMAC code (not ours) and the partner's key, recording every request, and
 * answering as scripted (a status, a delay past our timeout, a Retry-After), else 200.
 */
final class StandInPartner implements AutoCloseable {

    /** One request as it arrived, with whether its signature held. */
    record Received(String partner, String id, String timestamp, String signature, String contentType, String body,
                    boolean signatureValid, Instant at) {
    }

    /** What to answer: a status after a delay; {@code retryAfter} null for none. */
    record Reply(int status, long delayMillis, String retryAfter) {
        static Reply status(int status) {
            return new Reply(status, 0, null);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final Map<String, byte[]> keys;
    private final List<Received> received = new ArrayList<>();
    private final Map<String, Deque<Reply>> script = new ConcurrentHashMap<>();

    /** {@code keys}: partner name → its HMAC key bytes (the decoded {@code whsec_} secret, or the raw secret's bytes). */
    StandInPartner(Map<String, byte[]> keys) throws IOException {
        this.keys = keys;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        for (String partner : keys.keySet()) {
            server.createContext("/" + partner, exchange -> handle(partner, exchange));
        }
        server.start();
    }

    String url(String partner) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + partner;
    }

    synchronized void reset() {
        received.clear();
        script.clear();
    }

    /** The next requests to this partner get these replies, in order; then 200. */
    void script(String partner, Reply... replies) {
        script.computeIfAbsent(partner, p -> new ArrayDeque<>()).addAll(List.of(replies));
    }

    synchronized List<Received> received() {
        return List.copyOf(received);
    }

    private void handle(String partner, HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        String id = exchange.getRequestHeaders().getFirst("webhook-id");
        String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
        String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
        boolean valid = "POST".equals(exchange.getRequestMethod()) && id != null && timestamp != null && signature != null
                && signature.startsWith("v1,") && MessageDigest.isEqual(hmac(keys.get(partner), id + "." + timestamp + ".", body),
                decode(signature.substring(3)));
        synchronized (this) {
            received.add(new Received(partner, id, timestamp, signature, exchange.getRequestHeaders().getFirst("Content-Type"),
                    new String(body, StandardCharsets.UTF_8), valid, Instant.now()));
        }
        Deque<Reply> replies = script.get(partner);
        Reply reply = replies == null || replies.isEmpty() ? Reply.status(valid ? 200 : 401) : replies.poll();
        try {
            Thread.sleep(reply.delayMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (reply.retryAfter() != null) {
            exchange.getResponseHeaders().add("Retry-After", reply.retryAfter());
        }
        byte[] answer = ("{\"status\":" + reply.status() + "}").getBytes(StandardCharsets.UTF_8);
        try {
            exchange.sendResponseHeaders(reply.status(), answer.length);
            exchange.getResponseBody().write(answer);
        } catch (IOException e) {
            // our client gave up (timeout) before the answer: what a slow partner looks like
        } finally {
            exchange.close();
        }
    }

    private static byte[] decode(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    static byte[] hmac(byte[] key, String prefix, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(prefix.getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
