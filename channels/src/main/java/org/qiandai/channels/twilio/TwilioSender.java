package org.qiandai.channels.twilio;

import java.io.IOException;
import java.net.URI;
import java.util.function.Supplier;

import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.exception.TwilioException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.MessageCreator;
import com.twilio.type.PhoneNumber;
import org.qiandai.channels.ChannelSender;
import org.qiandai.channels.ChannelStatus;
import org.qiandai.channels.OutboundMessage;
import org.qiandai.channels.SendResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * SMS through Twilio's Messages API with the SDK ({@code POST /2010-04-01/Accounts/{sid}/Messages.json} with
 * {@code To}, {@code From} or {@code MessagingServiceSid}, {@code Body} and {@code StatusCallback}), over
 * {@link TwilioHttpClient}, which never retries on its own. Channel {@code sms-twilio}. Its settings come from a
 * source read again on {@link #reload()} (the dispatcher calls it after a change, with no send in flight): new
 * settings get a new HTTP client and SDK client, and the old ones are closed.
 */
public final class TwilioSender implements ChannelSender, DisposableBean {

    private final ChannelStatus status = new ChannelStatus();

    public static final String CHANNEL = "sms-twilio";
    private static final Logger log = LoggerFactory.getLogger(TwilioSender.class);

    /** The clients made for one set of settings (none while Twilio is off). */
    private record Connection(TwilioSettings settings, TwilioHttpClient http, TwilioRestClient client, URI statusCallback) {

        static Connection of(TwilioSettings settings) {
            if (!settings.enabled()) {
                return new Connection(settings, null, null, null);
            }
            TwilioHttpClient http = new TwilioHttpClient(settings.baseUrl(), settings.window() * 2, settings.connectTimeout(), settings.readTimeout());
            return new Connection(settings, http, new TwilioRestClient.Builder(settings.accountSid(), settings.authToken()).httpClient(http).build(),
                    URI.create(settings.statusCallbackUrl()));
        }

        void close() throws IOException {
            if (http != null) {
                http.close();
            }
        }
    }

    private final Supplier<TwilioSettings> source;
    private volatile Connection connection;

    /** A sender with these settings, for good. */
    public TwilioSender(TwilioSettings settings) {
        this(() -> settings);
    }

    /** A sender that reads its settings from {@code source}, now and on every {@link #reload()}. */
    public TwilioSender(Supplier<TwilioSettings> source) {
        this.source = source;
        this.connection = Connection.of(source.get());
    }

    /** The settings in use. */
    public TwilioSettings settings() {
        return connection.settings();
    }

    /** The SDK client in use; null while Twilio is off. */
    TwilioRestClient client() {
        return connection.client();
    }

    @Override
    public String channel() {
        return CHANNEL;
    }

    @Override
    public boolean enabled() {
        return connection.settings().enabled();
    }

    @Override
    public double rate() {
        return connection.settings().rate();
    }

    @Override
    public int window() {
        return connection.settings().window();
    }

    @Override
    public synchronized void reload() {
        TwilioSettings next = source.get();
        Connection old = connection;
        if (next.equals(old.settings())) {
            return;
        }
        connection = Connection.of(next);
        log.info("Twilio settings changed: {}", next);
        try {
            old.close();
        } catch (IOException e) {
            log.warn("Closing the previous Twilio HTTP client failed: {}", e.toString());
        }
    }

    @Override
    public ChannelStatus status() {
        return status;
    }

    @Override
    public SendResult send(OutboundMessage message) {
        return status.record(sendOnce(message));
    }

    private SendResult sendOnce(OutboundMessage message) {
        Connection c = connection;
        if (c.client() == null) {
            return SendResult.retry("DISABLED", "Twilio is not enabled (qiandai.channels.twilio.enabled)");
        }
        TwilioSettings settings = c.settings();
        PhoneNumber to = new PhoneNumber(message.to());
        MessageCreator creator = settings.messagingServiceSid() != null
                ? Message.creator(to, settings.messagingServiceSid(), message.text())
                : Message.creator(to, new PhoneNumber(settings.from()), message.text());
        creator.setStatusCallback(c.statusCallback());
        try {
            Message sent = creator.create(c.client());
            return sent.getSid() == null ? SendResult.unknown("NO_SID", "Twilio answered without a message sid") : SendResult.accepted(sent.getSid());
        } catch (TwilioHttpClient.NotSent e) {
            return SendResult.retry("CONNECT_FAILED", e.getMessage());
        } catch (TwilioHttpClient.Unanswered e) {
            return SendResult.unknown("UNKNOWN_OUTCOME", e.getMessage());
        } catch (ApiConnectionException e) {
            return SendResult.unknown("UNKNOWN_OUTCOME", e.getMessage());
        } catch (ApiException e) {
            Integer status = e.getStatusCode() != null ? e.getStatusCode() : TwilioHttpClient.lastStatus();
            if (status != null && status >= 200 && status < 300) {
                return SendResult.unknown("UNREADABLE_ANSWER", "Twilio answered " + status + " but the answer could not be read: " + e.getMessage());
            }
            return TwilioErrors.classify(status, e.getCode(), e.getMessage());
        } catch (TwilioException e) {
            return SendResult.unknown("UNKNOWN_OUTCOME", e.getMessage());
        }
    }

    @Override
    public void destroy() throws IOException {
        connection.close();
    }
}
