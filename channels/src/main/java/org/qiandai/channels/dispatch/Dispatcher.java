package org.qiandai.channels.dispatch;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import org.qiandai.campaign.contacts.DoNotContactList;
import org.qiandai.campaign.contacts.PhoneCrypto;
import org.qiandai.campaign.deliveries.Deliveries;
import org.qiandai.campaign.pushes.PushEvents;
import org.qiandai.campaign.pushes.PushRules;
import org.qiandai.campaign.pushes.PushStates;
import org.qiandai.campaign.store.StoreDurability;
import org.qiandai.channels.ChannelSender;
import org.qiandai.channels.TokenBucket;
import org.qiandai.channels.settings.ChannelSettingsChanged;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Sends what pushes queued: for every {@link ChannelSender} in the application (and only for those channels: other
 * channels' records are left to whoever handles them), one lane that claims QUEUED deliveries of RUNNING pushes in
 * batches (and an urgent lane for the channel's exempt standing push of early warnings, woken by
 * {@link PushEvents.UrgentDeliveriesQueued}), sends them at the channel's rate, retries transient failures with growing delays and writes every outcome
 * (see {@link Lane} for the order of writes that makes a crash safe). Several instances on one store share the work:
 * claims are conditional updates by {@code _id}, and a crashed instance's claims are taken over when their lease
 * runs out. Runs while the application runs ({@code qiandai.channels.dispatch.enabled}, default true), on the
 * channels whose sender is enabled; a channel's new settings ({@link ChannelSettingsChanged}) restart its lane.
 */
@Component
public class Dispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final List<ChannelSender> senders;
    private final Deliveries deliveries;
    private final DispatchClaims claims;
    private final PushStates pushes;
    private final PushRules rules;
    private final PhoneCrypto crypto;
    private final DoNotContactList dnc;
    private final StoreDurability durability;
    private final Clock clock;
    private final DispatchSettings settings;
    private final String owner = "dispatch-" + UUID.randomUUID().toString().substring(0, 8);
    private final Map<String, Lane> lanes = new LinkedHashMap<>();
    private final Map<String, Lane> urgentLanes = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean running;

    @Autowired
    Dispatcher(ObjectProvider<ChannelSender> senders, Deliveries deliveries, MongoTemplate mongo, PushStates pushes, PushRules rules,
               PhoneCrypto crypto, ObjectProvider<DoNotContactList> dnc, StoreDurability durability, Clock clock, Environment environment) {
        this(senders.orderedStream().toList(), deliveries, mongo, pushes, rules, crypto, dnc.getIfAvailable(), durability, clock,
                DispatchSettings.from(environment));
    }

    private Dispatcher(List<ChannelSender> senders, Deliveries deliveries, MongoTemplate mongo, PushStates pushes, PushRules rules,
                       PhoneCrypto crypto, DoNotContactList dnc, StoreDurability durability, Clock clock, DispatchSettings settings) {
        this.senders = List.copyOf(senders);
        this.deliveries = deliveries;
        this.claims = new DispatchClaims(mongo);
        this.pushes = pushes;
        this.rules = rules;
        this.crypto = crypto;
        this.dnc = dnc;
        this.durability = durability;
        this.clock = clock;
        this.settings = settings;
        List<String> channels = new ArrayList<>();
        for (ChannelSender s : this.senders) {
            if (channels.contains(s.channel())) {
                throw new IllegalStateException("two senders for channel " + s.channel());
            }
            channels.add(s.channel());
        }
    }

    /** For code running outside the application context (benchmarks, tests of a process). */
    public static Dispatcher create(List<ChannelSender> senders, Deliveries deliveries, MongoTemplate mongo, PushStates pushes, PushRules rules,
                                    PhoneCrypto crypto, DoNotContactList dnc, StoreDurability durability, Clock clock, DispatchSettings settings) {
        return new Dispatcher(senders, deliveries, mongo, pushes, rules, crypto, dnc, durability, clock, settings);
    }

    /** This instance's name in claims ({@code leaseOwner}). */
    public String owner() {
        return owner;
    }

    /** The channels this instance sends on now (those with an enabled sender). */
    public List<String> channels() {
        return senders.stream().filter(ChannelSender::enabled).map(ChannelSender::channel).toList();
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        if (!settings.enabled()) {
            log.info("Dispatcher disabled (qiandai.channels.dispatch.enabled=false)");
            return;
        }
        for (ChannelSender sender : senders) {
            if (sender.enabled()) {
                startLanes(sender);
            }
        }
        running = true;
        log.info("Dispatcher {} sending on {}", owner, channels());
    }

    /** The channel's ordinary and urgent lanes, sharing one token bucket at the sender's rate. */
    private void startLanes(ChannelSender sender) {
        TokenBucket bucket = new TokenBucket(sender.rate());
        Lane lane = new Lane(sender, false, bucket, deliveries, claims, pushes, rules, crypto, dnc, durability, clock, settings, owner);
        Lane urgent = new Lane(sender, true, bucket, deliveries, claims, pushes, rules, crypto, dnc, durability, clock, settings, owner);
        lanes.put(sender.channel(), lane);
        urgentLanes.put(sender.channel(), urgent);
        lane.start();
        urgent.start();
    }

    @EventListener
    void on(ChannelSettingsChanged event) {
        reload(event.channel());
    }

    /**
     * Takes up a channel's new settings: its sending stops as {@link #stop()} stops it (sends in flight finish, the
     * unsent are released, results written), its sender reads its settings again, and it starts again with the new rate
     * and window if the sender is enabled (and this instance dispatches). A channel without a sender here is left alone.
     */
    public synchronized void reload(String channel) {
        ChannelSender sender = senders.stream().filter(s -> s.channel().equals(channel)).findFirst().orElse(null);
        if (sender == null) {
            return;
        }
        Lane lane = lanes.remove(channel);
        Lane urgent = urgentLanes.remove(channel);
        if (lane != null) {
            lane.stop();
        }
        if (urgent != null) {
            urgent.stop();
        }
        try {
            sender.reload();
        } catch (RuntimeException e) {
            log.error("The new settings of {} could not be taken up; it goes on with those it had: {}", channel, e.toString());
        }
        if (running && sender.enabled()) {
            startLanes(sender);
        }
        log.info("Dispatcher {} took up the settings of {}: {}", owner, channel, running && sender.enabled() ? "sending, at " + rate(sender)
                + " with " + sender.window() + " in flight" : "not sending");
    }

    private static String rate(ChannelSender sender) {
        return sender.rate() <= 0 ? "no rate limit" : sender.rate() + "/s";
    }

    /** Stops claiming, lets sends in flight finish, releases what was claimed and not sent, writes every result. */
    @Override
    public synchronized void stop() {
        lanes.values().forEach(Lane::stop);
        urgentLanes.values().forEach(Lane::stop);
        lanes.clear();
        urgentLanes.clear();
        running = false;
    }

    /** Stops every thread at once, writing nothing more (as a killed process would): for tests. */
    public synchronized void crash() {
        lanes.values().forEach(Lane::crash);
        urgentLanes.values().forEach(Lane::crash);
        lanes.clear();
        urgentLanes.clear();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1000; // stops before the web server and the store close
    }

    /** Receives where each message's time went (benchmarks). */
    public void onTiming(Consumer<MessageTiming> consumer) {
        lanes.values().forEach(l -> l.onTiming(consumer));
        urgentLanes.values().forEach(l -> l.onTiming(consumer));
    }

    /**
     * Urgent deliveries were queued on a standing push: its channel's urgent lane claims them at once, by id, rather
     * than at its next poll ({@code qiandai.channels.dispatch.poll}).
     */
    @EventListener
    public void on(PushEvents.UrgentDeliveriesQueued queued) {
        Lane lane = urgentLanes.get(queued.channel());
        if (lane != null) {
            lane.hint(queued.deliveryIds());
        }
    }

    /** How many claims are open in the store, every instance's (tests, benchmarks). */
    public long openClaims() {
        return claims.count();
    }
}
