package org.qiandai.channels;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.bson.Document;
import org.qiandai.campaign.campaigns.CampaignStatus;
import org.qiandai.campaign.contacts.PhoneCrypto;
import org.qiandai.campaign.contacts.Recipient;
import org.qiandai.campaign.deliveries.Deliveries;
import org.qiandai.campaign.pushes.PlannerFakes;
import org.qiandai.campaign.pushes.PushRequest;
import org.qiandai.campaign.pushes.PushScheduler;
import org.qiandai.campaign.pushes.Pushes;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * What channel tests share: in-memory campaigns, audience and templates (campaign-core's {@link PlannerFakes}), a
 * clock that runs with real time but can be moved ({@link RunningClock}), and {@link #runningPush} to queue a push of
 * {@code n} recipients with real encrypted numbers. {@code @Import(ChannelFixtures.class)}.
 */
@TestConfiguration(proxyBeanMethods = false)
public class ChannelFixtures {

    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    @Bean
    @Primary
    public RunningClock runningClock() {
        return new RunningClock(ZONE);
    }

    @Bean
    @Primary
    public PlannerFakes.Audience fakeAudience() {
        return new PlannerFakes.Audience();
    }

    @Bean
    @Primary
    public PlannerFakes.Templates fakeTemplates() {
        return new PlannerFakes.Templates();
    }

    @Bean
    @Primary
    public PlannerFakes.Campaigns fakeCampaigns() {
        return new PlannerFakes.Campaigns();
    }

    /** Real time plus an offset that tests move (quiet hours, leases). */
    public static final class RunningClock extends Clock {
        private volatile Duration offset = Duration.ZERO;
        private final ZoneId zone;

        RunningClock(ZoneId zone) {
            this.zone = zone;
        }

        /** From now on the clock reads this local time, and runs on from it. */
        public void setLocal(String localDateTime) {
            offset = Duration.between(Instant.now(), LocalDateTime.parse(localDateTime).atZone(zone).toInstant());
        }

        public void reset() {
            offset = Duration.ZERO;
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }
    }

    /** Waits until {@code condition} holds, failing after {@code timeout}. */
    public static void await(String what, Duration timeout, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    /** A port nothing listens on now: for a server a test starts on it, or for a connection meant to be refused. */
    public static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The number of recipient {@code i}: a valid Chinese mobile. */
    public static String phone(int i) {
        return String.format("+86138%08d", i);
    }

    /** Clears what channel tests write. */
    public static void clean(MongoTemplate mongo) {
        for (String c : List.of(Deliveries.COLLECTION, Deliveries.PUSHES, Deliveries.SEND_LOG, "dispatch_claims", "dnc", "inbound_replies",
                "channel_traffic")) {
            mongo.getCollection(c).deleteMany(new Document());
        }
    }

    /**
     * A RUNNING push on {@code channel} to {@code n} recipients (numbers {@link #phone}(0 … n-1), contact ids
     * {@code ct-00000…}), queued by the real scheduler. Answers the push id.
     */
    public static String runningPush(Pushes pushes, PushScheduler scheduler, PlannerFakes.Audience audience, PlannerFakes.Campaigns campaigns,
                                     PhoneCrypto crypto, String channel, int n) {
        String campaign = "camp-" + System.nanoTime();
        campaigns.put(campaign, CampaignStatus.APPROVED, List.of(), List.of());
        List<Recipient> people = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String e164 = phone(i);
            people.add(new Recipient(String.format("ct-%05d", i), crypto.hash(e164), crypto.encrypt(e164), "东河区", "zh-CN", true));
        }
        String segment = "seg-" + campaign;
        audience.segments.put(segment, people);
        String id = pushes.create(campaign, new PushRequest(channel, "tpl-sms", List.of(segment), null), "publicity").id();
        scheduler.runDue();
        return id;
    }
}
