package org.qiandai.channels.twilio;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.URL;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.twilio.Twilio;
import com.twilio.http.HttpMethod;
import com.twilio.http.Request;
import com.twilio.http.Response;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.entity.UrlEncodedFormEntity;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.NameValuePair;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.message.BasicNameValuePair;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The Twilio SDK's HTTP client, replaced: it sends each request exactly once (the SDK's own client retries a failed
 * POST, which can send a message twice; retrying is the dispatcher's decision), to the configured API host
 * ({@code qiandai.channels.twilio.base-url} takes the place of {@code https://api.twilio.com}), and it tells a request
 * that never left (no connection: {@link NotSent}) from one whose answer was lost ({@link Unanswered}).
 */
final class TwilioHttpClient extends com.twilio.http.HttpClient implements AutoCloseable {

    /** The request was not sent: the connection could not be made. */
    static final class NotSent extends RuntimeException {
        NotSent(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The request may have been sent, and no answer came back. */
    static final class Unanswered extends RuntimeException {
        Unanswered(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final ThreadLocal<Integer> LAST_STATUS = new ThreadLocal<>();

    private final URI base;
    private final CloseableHttpClient client;
    private final PoolingHttpClientConnectionManager connections;

    TwilioHttpClient(String baseUrl, int maxConnections, java.time.Duration connectTimeout, java.time.Duration readTimeout) {
        String b = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.base = URI.create(b);
        this.connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(maxConnections).setMaxConnPerRoute(maxConnections)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(connectTimeout)).setSocketTimeout(Timeout.of(readTimeout))
                        // a pooled connection idle for a second is checked before use: a stale one would make a lost answer
                        .setValidateAfterInactivity(TimeValue.ofSeconds(1)).build())
                .build();
        this.client = HttpClients.custom().setConnectionManager(connections).disableAutomaticRetries().disableRedirectHandling()
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(readTimeout)).build())
                .evictIdleConnections(TimeValue.ofSeconds(30)).build();
    }

    /** The HTTP status of the last answer this thread received (null when none came). */
    static Integer lastStatus() {
        return LAST_STATUS.get();
    }

    @Override
    public Response reliableRequest(Request request) {
        return makeRequest(request); // once, never again
    }

    @Override
    public Response reliableRequest(Request request, int[] retryCodes, int retries, long delayMillis) {
        return makeRequest(request);
    }

    @Override
    public Response makeRequest(Request request) {
        LAST_STATUS.remove();
        HttpUriRequestBase http = new HttpUriRequestBase(request.getMethod().toString(), target(request.constructURL()));
        if (request.requiresAuthentication()) {
            http.addHeader("Authorization", request.getAuthString());
        }
        http.addHeader("User-Agent", "qiandai twilio-java/" + Twilio.VERSION);
        http.addHeader("Accept", "application/json");
        for (Map.Entry<String, List<String>> h : request.getHeaderParams().entrySet()) {
            for (String value : h.getValue()) {
                http.addHeader(h.getKey(), value);
            }
        }
        if (request.getMethod() == HttpMethod.POST) {
            List<NameValuePair> form = new ArrayList<>();
            request.getPostParams().forEach((k, values) -> values.forEach(v -> form.add(new BasicNameValuePair(k, v))));
            http.setEntity(new UrlEncodedFormEntity(form, StandardCharsets.UTF_8));
        }
        try {
            return client.execute(http, response -> {
                LAST_STATUS.set(response.getCode());
                String body = response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8);
                return new Response(body, response.getCode(), response.getHeaders());
            });
        } catch (ConnectException | ConnectTimeoutException | UnknownHostException | NoRouteToHostException e) {
            throw new NotSent("cannot connect to " + base + ": " + e.getMessage(), e);
        } catch (InterruptedIOException e) {
            throw new Unanswered("no answer from " + base + " in time: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new Unanswered("connection to " + base + " broke: " + e, e);
        }
    }

    /** The SDK's URL with its scheme and host replaced by the configured base (path and query kept). */
    URI target(URL sdkUrl) {
        String path = sdkUrl.getPath();
        String query = sdkUrl.getQuery();
        return URI.create(base + path + (query == null || query.isEmpty() ? "" : "?" + query));
    }

    @Override
    public void close() throws IOException {
        client.close();
        connections.close();
    }
}
