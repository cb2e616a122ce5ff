package org.qiandai.channels.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qiandai.campaign.contacts.PhoneCrypto;
import org.qiandai.campaign.deliveries.Deliveries;
import org.qiandai.campaign.deliveries.Delivery;
import org.qiandai.campaign.deliveries.DeliveryStatus;
import org.qiandai.campaign.deliveries.NewDelivery;
import org.qiandai.campaign.store.EmbeddedMongoStore;
import org.qiandai.channels.standin.TwilioStandIn;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * A dispatcher process killed mid-push (SIGKILL: no shutdown, writes since the last commit lost) and started again on
 * the same H2 file: no number gets a message twice, and none is lost — every delivery ends SENT, or UNKNOWN when the
 * killed process may have had it in flight (a bounded few, never re-sent).
 */
class DispatcherProcessTests {

    static final String SID = "AC00000000000000000000000000kill";
    static final String TOKEN = "kill-test-token";
    static final String PUSH = "push-kill";
    static final int N = 300;

    @TempDir
    Path dir;

    @Test
    void aKilledDispatcherSendsNoMessageTwiceAndLosesNone() throws Exception {
        Path file = dir.resolve("qiandai.mv.db");
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        PhoneCrypto crypto = PhoneCrypto.withKey(key);
        withStore(file, mongo -> {
            mongo.getCollection(Deliveries.PUSHES).insertOne(new Document("_id", PUSH).append("channel", "sms-twilio").append("status", "RUNNING")
                    .append("counts", new Document("QUEUED", (long) N)).append("createdAt", new Date()));
            List<NewDelivery> batch = new ArrayList<>();
            for (int i = 0; i < N; i++) {
                String phone = String.format("+86138%08d", i);
                batch.add(new NewDelivery(NewDelivery.idOf(PUSH, 0, String.format("ct-%05d", i)), PUSH, 0, "c", "sms-twilio", "tpl",
                        String.format("ct-%05d", i), crypto.hash(phone), crypto.encrypt(phone), "zh-CN", "东河区", "【包头公安】谨防诈骗。"));
            }
            Deliveries.create(mongo, e -> { }, Clock.system(ZoneId.of("Asia/Shanghai"))).queue(batch);
        });

        try (TwilioStandIn twilio = new TwilioStandIn(SID, TOKEN)) {
            twilio.reply = r -> TwilioStandIn.Reply.slow(5);
            Process first = start(file, twilio.baseUrl(), key);
            long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (twilio.received.size() < 100 && System.nanoTime() < until && first.isAlive()) {
                Thread.sleep(10);
            }
            assertThat(first.isAlive()).as("the first dispatcher is still sending when killed").isTrue();
            first.destroyForcibly();
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            int beforeRestart = twilio.received.size();
            assertThat(beforeRestart).isLessThan(N);

            Process second = start(file, twilio.baseUrl(), key);
            assertThat(second.waitFor(90, TimeUnit.SECONDS)).as("the second dispatcher finishes the push").isTrue();
            assertThat(second.exitValue()).isZero();

            Map<String, Long> perNumber = twilio.received.stream().collect(Collectors.groupingBy(TwilioStandIn.Received::to, Collectors.counting()));
            assertThat(perNumber.values()).as("no number got the warning twice").allMatch(n -> n == 1);
            assertThat(twilio.problems).isEmpty();
            withStore(file, mongo -> {
                Deliveries deliveries = Deliveries.create(mongo, e -> { }, Clock.systemUTC());
                List<Delivery> all = deliveries.ofPush(PUSH, List.of(DeliveryStatus.values()), null, N + 10);
                assertThat(all).hasSize(N);
                long unknown = all.stream().filter(d -> d.status() == DeliveryStatus.UNKNOWN).count();
                assertThat(all).allSatisfy(d -> assertThat(d.status()).isIn(DeliveryStatus.SENT, DeliveryStatus.UNKNOWN));
                assertThat(unknown).as("only what the killed process may have had in flight").isLessThanOrEqualTo(40);
                for (Delivery d : all) {
                    String phone = crypto.decrypt(d.encryptedPhone());
                    if (d.status() == DeliveryStatus.SENT) {
                        assertThat(perNumber.get(phone)).as("SENT %s reached Twilio", d.id()).isEqualTo(1L);
                    }
                }
                // none lost: every number Twilio never got is one the killed process may have sent (UNKNOWN)
                assertThat(perNumber.size() + unknown).isGreaterThanOrEqualTo(N);
                Document counts = mongo.getCollection(Deliveries.PUSHES).find(new Document("_id", PUSH)).first().get("counts", Document.class);
                assertThat(((Number) counts.get("SENT")).longValue() + unknown).isEqualTo(N);
                assertThat(mongo.getCollection(DispatchClaims.COLLECTION).countDocuments()).isZero();
            });
        }
    }

    private Process start(Path file, String baseUrl, byte[] key) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"), DispatcherProcess.class.getName(),
                file.toString(), baseUrl, Base64.getEncoder().encodeToString(key), PUSH)
                .redirectErrorStream(true).redirectOutput(dir.resolve("dispatcher-" + System.nanoTime() + ".log").toFile()).start();
    }

    interface WithMongo {
        void run(MongoTemplate mongo) throws Exception;
    }

    private static void withStore(Path file, WithMongo work) throws Exception {
        try (EmbeddedMongoStore store = EmbeddedMongoStore.onFile(file);
             MongoClient client = MongoClients.create(store.connectionString("qiandai"))) {
            work.run(new MongoTemplate(client, "qiandai"));
            store.commit();
        }
    }
}
