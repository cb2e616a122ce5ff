package org.qiandai.channels.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.qiandai.campaign.contacts.PhoneCrypto;
import org.qiandai.campaign.deliveries.Deliveries;
import org.qiandai.campaign.deliveries.Delivery;
import org.qiandai.campaign.deliveries.DeliveryStatus;
import org.qiandai.campaign.deliveries.NewDelivery;
import org.qiandai.campaign.pushes.PushRules;
import org.qiandai.campaign.pushes.PushStates;
import org.qiandai.campaign.store.EmbeddedMongoStore;
import org.qiandai.campaign.store.StoreDurability;
import org.qiandai.channels.standin.TwilioStandIn;
import org.qiandai.channels.twilio.TwilioSender;
import org.qiandai.channels.twilio.TwilioSettings;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The store stopped mid-push and started again a few seconds later on the same H2 file and port, under a running
 * dispatcher (the real {@link Dispatcher} and {@link TwilioSender} to the {@link TwilioStandIn}): the dispatcher's
 * reads and writes fail meanwhile (the driver gives up on the store after a second), it waits and tries again, and
 * when the store is back it finishes the push — every recipient received exactly once at the stand-in, every
 * delivery SENT, the push's counters saying so, no claim left open.
 */
class StoreOutageTests {

    static final String SID = "AC0000000000000000000000000outage";
    static final String TOKEN = "outage-test-token";
    static final String PUSH = "push-outage";
    static final int N = 400;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void theDispatcherWaitsForTheStoreAndSendsEveryRecipientExactlyOnce() throws Exception {
        Path file = dir.resolve("qiandai.mv.db");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        PhoneCrypto crypto = PhoneCrypto.withKey(key);
        Clock clock = Clock.system(ZoneId.of("Asia/Shanghai"));
        EmbeddedMongoStore store = EmbeddedMongoStore.onFile(file, port);
        EmbeddedMongoStore[] current = {store};
        // the driver gives up on an unreachable store after a second, so the dispatcher sees the outage as failures
        MongoClientSettings clientSettings = MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(store.connectionString("qiandai")))
                .applyToClusterSettings(c -> c.serverSelectionTimeout(1, TimeUnit.SECONDS))
                .applyToServerSettings(s -> s.heartbeatFrequency(500, TimeUnit.MILLISECONDS).minHeartbeatFrequency(100, TimeUnit.MILLISECONDS))
                .applyToSocketSettings(s -> s.connectTimeout(1, TimeUnit.SECONDS).readTimeout(5, TimeUnit.SECONDS))
                .build();
        // durability as on MongoDB (each write acknowledged by the server, no separate commit): what the dispatcher sees
        // of the store is the wire, as it would see a replica set's primary going away; a clean stop commits the file
        StoreDurability durability = StoreDurability.of(null);
        try (MongoClient client = MongoClients.create(clientSettings); TwilioStandIn twilio = new TwilioStandIn(SID, TOKEN)) {
            MongoTemplate mongo = new MongoTemplate(client, "qiandai");
            Deliveries deliveries = Deliveries.create(mongo, e -> { }, clock);
            queue(mongo, deliveries, crypto);
            store.commit();
            twilio.reply = r -> TwilioStandIn.Reply.slow(5);
            StandardEnvironment env = new StandardEnvironment();
            env.getSystemProperties().put("qiandai.quiet-hours.sms-twilio", "");
            TwilioSender sender = new TwilioSender(new TwilioSettings(true, SID, TOKEN, "+15005550006", null, twilio.baseUrl(), 40, 4,
                    Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofMinutes(30), Duration.ofMinutes(5), "http://127.0.0.1:9"));
            Dispatcher dispatcher = Dispatcher.create(List.of(sender), deliveries, mongo, PushStates.create(mongo), PushRules.create(env, clock), crypto,
                    null, durability, clock,
                    new DispatchSettings(true, 40, Duration.ofSeconds(10), Duration.ofMillis(100), 3, Duration.ofMillis(200), Duration.ofSeconds(1), false,
                            Duration.ofMillis(50)));
            dispatcher.start();
            try {
                await("a quarter of the push sent", Duration.ofSeconds(30), () -> twilio.received.size() >= N / 4);
                current[0].close(); // the store stops: connections close, the H2 file is committed and closed
                int atStop = twilio.received.size();
                Thread.sleep(4000);
                assertThat(twilio.received.size() - atStop).as("hardly anything goes out while the store is down (what was claimed before)")
                        .isLessThanOrEqualTo(40);
                current[0] = EmbeddedMongoStore.onFile(file, port); // back on the same file and port
                await("the push finished", Duration.ofSeconds(60), () -> open(mongo) == 0 && claimsLeft(mongo) == 0);
            } finally {
                dispatcher.stop();
                sender.destroy();
            }

            Map<String, Long> perNumber = twilio.received.stream().collect(Collectors.groupingBy(TwilioStandIn.Received::to, Collectors.counting()));
            assertThat(perNumber).as("every recipient got the warning").hasSize(N);
            assertThat(perNumber.values()).as("and none twice").allMatch(n -> n == 1);
            assertThat(twilio.problems).isEmpty();
            List<Delivery> all = deliveries.ofPush(PUSH, List.of(DeliveryStatus.values()), null, N + 10);
            assertThat(all).hasSize(N).allSatisfy(d -> assertThat(d.status()).as(d.id()).isEqualTo(DeliveryStatus.SENT));
            assertThat(all).allSatisfy(d -> assertThat(twilio.message(d.providerId()).to()).isEqualTo(crypto.decrypt(d.encryptedPhone())));
            Document counts = mongo.getCollection(Deliveries.PUSHES).find(Filters.eq("_id", PUSH)).first().get("counts", Document.class);
            assertThat(((Number) counts.get("SENT")).longValue()).isEqualTo(N);
        } finally {
            current[0].close();
        }
    }

    private static void queue(MongoTemplate mongo, Deliveries deliveries, PhoneCrypto crypto) {
        mongo.getCollection(Deliveries.PUSHES).insertOne(new Document("_id", PUSH).append("channel", "sms-twilio").append("status", "RUNNING")
                .append("counts", new Document("QUEUED", (long) N)).append("createdAt", new Date()));
        List<NewDelivery> batch = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            String phone = String.format("+86138%08d", i);
            String contact = String.format("ct-%05d", i);
            batch.add(new NewDelivery(NewDelivery.idOf(PUSH, 0, contact), PUSH, 0, "c", "sms-twilio", "tpl", contact, crypto.hash(phone),
                    crypto.encrypt(phone), "zh-CN", "东河区", "【包头公安】谨防诈骗。"));
        }
        deliveries.queue(batch);
    }

    private static long open(MongoTemplate mongo) {
        try {
            Document counts = mongo.getCollection(Deliveries.PUSHES).find(Filters.eq("_id", PUSH)).first().get("counts", Document.class);
            return ((Number) counts.getOrDefault("QUEUED", 0)).longValue() + ((Number) counts.getOrDefault("SENDING", 0)).longValue();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static long claimsLeft(MongoTemplate mongo) {
        try {
            return mongo.getCollection(DispatchClaims.COLLECTION).countDocuments();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static void await(String what, Duration timeout, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
