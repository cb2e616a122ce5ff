package org.qiandai.channels.dispatch;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import org.bson.Document;
import org.qiandai.campaign.contacts.PhoneCrypto;
import org.qiandai.campaign.deliveries.Deliveries;
import org.qiandai.campaign.pushes.PushRules;
import org.qiandai.campaign.pushes.PushStates;
import org.qiandai.campaign.store.EmbeddedMongoStore;
import org.qiandai.campaign.store.StoreDurability;
import org.qiandai.channels.twilio.TwilioSender;
import org.qiandai.channels.twilio.TwilioSettings;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * A dispatcher in a process of its own, on an H2-file store, sending through Twilio at {@code baseUrl}: what
 * {@link DispatcherProcessTests} kills and starts again. Args: store file, Twilio base URL, base64 crypto key,
 * push id. Exits 0 once the push has nothing QUEUED or SENDING.
 */
public final class DispatcherProcess {

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        Clock clock = Clock.system(ZoneId.of("Asia/Shanghai"));
        try (EmbeddedMongoStore store = EmbeddedMongoStore.onFile(file);
             MongoClient client = MongoClients.create(store.connectionString("qiandai"))) {
            MongoTemplate mongo = new MongoTemplate(client, "qiandai");
            StandardEnvironment env = new StandardEnvironment();
            env.getSystemProperties().put("qiandai.quiet-hours.sms-twilio", "");
            TwilioSender sender = new TwilioSender(new TwilioSettings(true, DispatcherProcessTests.SID, DispatcherProcessTests.TOKEN, "+15005550006", null,
                    args[1], 100, 4, Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofMinutes(30), Duration.ofMinutes(5), "http://127.0.0.1:9"));
            Dispatcher dispatcher = Dispatcher.create(List.of(sender), Deliveries.create(mongo, e -> { }, clock), mongo, PushStates.create(mongo),
                    PushRules.create(env, clock), PhoneCrypto.withKey(Base64.getDecoder().decode(args[2])), null, StoreDurability.of(store), clock,
                    new DispatchSettings(true, 40, Duration.ofSeconds(2), Duration.ofMillis(50), 3, Duration.ofMillis(200), Duration.ofSeconds(1), false,
                            Duration.ofMillis(50)));
            dispatcher.start();
            System.out.println("DISPATCHING " + dispatcher.owner());
            while (true) {
                Document counts = mongo.getCollection(Deliveries.PUSHES).find(Filters.eq("_id", args[3])).first().get("counts", Document.class);
                long open = ((Number) counts.getOrDefault("QUEUED", 0)).longValue() + ((Number) counts.getOrDefault("SENDING", 0)).longValue();
                if (open == 0) {
                    break;
                }
                Thread.sleep(50);
            }
            dispatcher.stop();
            sender.destroy();
            store.commit();
        }
        System.out.println("DONE");
        System.exit(0);
    }
}
