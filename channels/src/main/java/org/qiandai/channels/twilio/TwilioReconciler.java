package org.qiandai.channels.twilio;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;

import com.twilio.exception.ApiException;
import com.twilio.exception.TwilioException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import org.qiandai.campaign.deliveries.Deliveries;
import org.qiandai.campaign.deliveries.Delivery;
import org.qiandai.campaign.deliveries.DeliveryStatus;
import org.qiandai.campaign.pushes.PushStates;
import org.qiandai.campaign.support.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Callbacks get lost (our process was down, a proxy dropped one): every {@code reconcile-every} (5 m), deliveries in
 * SENT for longer than {@code reconcile-after} (30 m) are fetched from Twilio
 * ({@code GET /2010-04-01/Accounts/{sid}/Messages/{MessageSid}.json}) and moved on as a callback would have, so that a
 * restart never leaves reach under-counted. Reads each push's SENT deliveries as an {@code _id} range, pushes found
 * by their running counter; at most {@value #MAX_PER_ROUND} fetches a round, none while Twilio is off.
 */
public class TwilioReconciler implements SmartLifecycle {

    static final int MAX_PER_ROUND = 2000;
    private static final Logger log = LoggerFactory.getLogger(TwilioReconciler.class);

    private final TwilioSender sender;
    private final TwilioWebhooks webhooks;
    private final Deliveries deliveries;
    private final PushStates pushes;
    private final Clock clock;
    private ScheduledExecutorService loop;

    public TwilioReconciler(TwilioSender sender, TwilioWebhooks webhooks, Deliveries deliveries, PushStates pushes, Clock clock) {
        this.sender = sender;
        this.webhooks = webhooks;
        this.deliveries = deliveries;
        this.pushes = pushes;
        this.clock = clock;
    }

    /** One round: answers how many deliveries moved on. */
    public int reconcile() {
        TwilioRestClient client = sender.client();
        if (client == null) {
            return 0; // Twilio is off
        }
        Instant before = clock.instant().minus(sender.settings().reconcileAfter());
        int fetched = 0;
        int moved = 0;
        for (String pushId : pushes.withDeliveriesIn(TwilioSender.CHANNEL, DeliveryStatus.SENT)) {
            String after = null;
            while (fetched < MAX_PER_ROUND) {
                List<Delivery> page = deliveries.ofPush(pushId, List.of(DeliveryStatus.SENT), after, 200);
                if (page.isEmpty()) {
                    break;
                }
                for (Delivery d : page) {
                    Instant sentAt = d.at().get(DeliveryStatus.SENT);
                    if (d.providerId() == null || sentAt == null || sentAt.isAfter(before) || fetched >= MAX_PER_ROUND) {
                        continue;
                    }
                    fetched++;
                    try {
                        Message m = Message.fetcher(d.providerId()).fetch(client);
                        DeliveryStatus to = TwilioStatuses.toDelivery(m.getStatus() == null ? null : m.getStatus().toString(),
                                m.getErrorCode() == null ? null : m.getErrorCode().toString());
                        if (to != null && to != DeliveryStatus.SENT
                                && webhooks.apply(d, to, m.getErrorCode() == null ? null : m.getErrorCode().toString(), m.getErrorMessage())) {
                            moved++;
                        }
                    } catch (ApiException e) {
                        if (e.getStatusCode() != null && e.getStatusCode() == 404) {
                            webhooks.apply(d, DeliveryStatus.FAILED, "20404", "Twilio knows no message " + d.providerId());
                            moved++;
                        } else {
                            log.warn("Reconciling {} with Twilio failed: {}", d.id(), e.getMessage());
                        }
                    } catch (TwilioException | TwilioHttpClient.NotSent | TwilioHttpClient.Unanswered e) {
                        log.warn("Reconciling with Twilio failed, trying again next round: {}", e.getMessage());
                        return moved;
                    }
                }
                after = page.get(page.size() - 1).id();
            }
        }
        if (moved > 0) {
            log.info("Reconciled {} Twilio deliveries left in SENT ({} fetched)", moved, fetched);
        }
        return moved;
    }

    @Override
    public synchronized void start() {
        loop = DaemonThreads.repeating("twilio-reconcile", sender.settings().reconcileEvery(), this::reconcile,
                e -> log.warn("Twilio reconciliation round failed: {}", e.toString()));
    }

    @Override
    public synchronized void stop() {
        if (loop != null) {
            loop.shutdownNow();
            loop = null;
        }
    }

    @Override
    public boolean isRunning() {
        return loop != null;
    }
}
