package org.qiandai.channels.twilio;

import java.io.IOException;
import java.net.URI;

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
import org.springframework.beans.factory.DisposableBean;

/**
 * SMS through Twilio's Messages API with the SDK ({@code POST /2010-04-01/Accounts/{sid}/Messages.json} with
 * {@code To}, {@code From} or {@code MessagingServiceSid}, {@code Body} and {@code StatusCallback}), over
 * {@link TwilioHttpClient}, which never retries on its own. Channel {@code sms-twilio}.
 */
public final class TwilioSender implements ChannelSender, DisposableBean {

    private final ChannelStatus status = new ChannelStatus();

    public static final String CHANNEL = "sms-twilio";

    private final TwilioSettings settings;
    private final TwilioHttpClient http;
    private final TwilioRestClient client;
    private final URI statusCallback;

    public TwilioSender(TwilioSettings settings) {
        this.settings = settings;
        this.http = new TwilioHttpClient(settings.baseUrl(), settings.window() * 2, settings.connectTimeout(), settings.readTimeout());
        this.client = new TwilioRestClient.Builder(settings.accountSid(), settings.authToken()).httpClient(http).build();
        this.statusCallback = URI.create(settings.statusCallbackUrl());
    }

    TwilioRestClient client() {
        return client;
    }

    @Override
    public String channel() {
        return CHANNEL;
    }

    @Override
    public double rate() {
        return settings.rate();
    }

    @Override
    public int window() {
        return settings.window();
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
        PhoneNumber to = new PhoneNumber(message.to());
        MessageCreator creator = settings.messagingServiceSid() != null
                ? Message.creator(to, settings.messagingServiceSid(), message.text())
                : Message.creator(to, new PhoneNumber(settings.from()), message.text());
        creator.setStatusCallback(statusCallback);
        try {
            Message sent = creator.create(client);
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
        http.close();
    }
}
