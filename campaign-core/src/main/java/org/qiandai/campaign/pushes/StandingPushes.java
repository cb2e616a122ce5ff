package org.qiandai.campaign.pushes;

import static com.mongodb.client.model.Filters.eq;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.qiandai.campaign.deliveries.Deliveries;
import org.qiandai.campaign.deliveries.DeliveryStatus;
import org.qiandai.campaign.deliveries.NewDelivery;
import org.qiandai.campaign.deliveries.QueueResult;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * One standing push per SMS channel for urgent single-recipient warnings (early warnings to a person being defrauded
 * now): {@code _id = standing-<channel>}, campaign {@value #CAMPAIGN}, always RUNNING, never completed by the scheduler
 * nor cancelled (it may be paused, which holds every urgent warning on that channel), and {@code exempt}: the dispatcher
 * sends its deliveries through the channel's urgent lane, inside quiet hours and past frequency caps (the do-not-contact
 * list still applies). Its deliveries are ordinary outbox records ({@code standing-<channel>:0:<key>}) with the usual
 * status machine, counters, leases and send log; {@link #queue} inserts them, adds them to {@code counts.QUEUED} and
 * publishes {@link PushEvents.UrgentDeliveriesQueued} so that the dispatcher claims them at once.
 */
@Component
public class StandingPushes {

    /** The campaign id standing pushes carry (there is no such campaign). */
    public static final String CAMPAIGN = "early-warning";
    private static final String PREFIX = "standing-";

    private final PushStore store;
    private final Deliveries deliveries;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Set<String> ensured = ConcurrentHashMap.newKeySet();

    StandingPushes(PushStore store, Deliveries deliveries, ApplicationEventPublisher events, Clock clock) {
        this.store = store;
        this.deliveries = deliveries;
        this.events = events;
        this.clock = clock;
    }

    /** The standing push of a channel. */
    public static String idOf(String channel) {
        return PREFIX + channel;
    }

    public static boolean isStanding(String pushId) {
        return pushId != null && pushId.startsWith(PREFIX);
    }

    /**
     * Creates the channel's standing push if it does not exist (an upsert on its {@code _id}, so instances racing
     * create one), and reopens one a scheduler of an earlier version completed. Answers its id.
     */
    public String ensure(String channel) {
        String id = idOf(channel);
        if (ensured.contains(id)) {
            return id;
        }
        Instant now = clock.instant();
        Document history = new Document("status", PushStatus.RUNNING.name()).append("by", "warnings").append("at", Date.from(now))
                .append("reason", "standing push of urgent warnings");
        store.collection().updateOne(eq("_id", id), Updates.combine(
                Updates.setOnInsert("campaignId", CAMPAIGN), Updates.setOnInsert("channel", channel),
                Updates.setOnInsert("templateId", null), Updates.setOnInsert("segmentIds", List.of()),
                Updates.setOnInsert("schedule", new Document("at", null).append("base", Date.from(now))),
                Updates.setOnInsert("status", PushStatus.RUNNING.name()),
                Updates.setOnInsert("audience", PushStore.audience(AudienceSummary.empty())),
                Updates.setOnInsert("counts", new Document()), Updates.setOnInsert("occurrencesQueued", 0),
                Updates.setOnInsert("leaseUntil", new Date(0)), Updates.setOnInsert("createdBy", "warnings"),
                Updates.setOnInsert("createdAt", Date.from(now)), Updates.setOnInsert("history", List.of(history)),
                Updates.set("standing", true), Updates.set("exempt", true)), new UpdateOptions().upsert(true));
        store.changeStatus(id, Set.of(PushStatus.COMPLETED, PushStatus.CANCELLED), PushStatus.RUNNING, "warnings", "standing push reopened", now);
        ensured.add(id);
        return id;
    }

    /**
     * Writes urgent deliveries of the channel's standing push (ids {@code standing-<channel>:0:<key>}, QUEUED), adds
     * the new ones to its {@code counts.QUEUED} and asks the dispatcher to send them now. A delivery whose id exists
     * already is not written again (a retried request), but is asked for again.
     */
    public QueueResult queue(String channel, List<NewDelivery> batch) {
        String pushId = ensure(channel);
        for (NewDelivery d : batch) {
            if (!d.pushId().equals(pushId) || !d.channel().equals(channel)) {
                throw new IllegalArgumentException("delivery " + d.id() + " is not one of " + pushId);
            }
        }
        QueueResult result = deliveries.queue(batch);
        if (result.inserted() > 0) {
            store.collection().updateOne(eq("_id", pushId), Updates.inc("counts." + DeliveryStatus.QUEUED.name(), (long) result.inserted()));
        }
        events.publishEvent(new PushEvents.UrgentDeliveriesQueued(pushId, channel, batch.stream().map(NewDelivery::id).toList(), clock.instant()));
        return result;
    }
}
