package org.qiandai.channels.smpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.qiandai.channels.ChannelFixtures.await;
import static org.qiandai.channels.ChannelFixtures.phone;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.bson.Document;
import org.jsmpp.SMPPConstant;
import org.jsmpp.util.DeliveryReceiptState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.qiandai.campaign.deliveries.Deliveries;
import org.qiandai.campaign.deliveries.DeliveryStatus;
import org.qiandai.channels.ChannelFixtures;
import org.qiandai.channels.ChannelStoreTests;
import org.qiandai.channels.OutboundMessage;
import org.qiandai.channels.SendResult;
import org.qiandai.channels.dispatch.DispatchSettings;
import org.qiandai.channels.dispatch.Dispatcher;
import org.qiandai.channels.replies.InboundReplies;
import org.qiandai.channels.standin.SmppStandIn;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The SMPP sender against a real SMPP server on 127.0.0.1 built from jsmpp's server side: UCS-2 and concatenated
 * parts, receipts mapped to statuses by message id, the gateway's throttling and refusals, the submit window, a bind
 * again after the connection drops, and replies that opt out.
 */
class SmppSenderTests extends ChannelStoreTests {

    @Autowired InboundReplies replies;

    SmppStandIn gateway;
    SmppSender sender;
    Dispatcher dispatcher;

    @BeforeEach
    void start() throws Exception {
        gateway = new SmppStandIn("qiandai", "secret");
        sender = sender(10);
        await("bound", Duration.ofSeconds(10), sender::bound);
    }

    private SmppSender sender(int window) {
        return new SmppSender(new SmppSettings(true, "127.0.0.1", gateway.port(), "qiandai", "secret", "", "106900000096110", 0, window,
                Duration.ofSeconds(3), Duration.ofMillis(300), Duration.ofSeconds(30)), deliveries, durability, replies);
    }

    @AfterEach
    void stop() throws IOException {
        if (dispatcher != null) {
            dispatcher.stop();
        }
        sender.destroy();
        gateway.close();
    }

    private Dispatcher dispatch() {
        Dispatcher d = Dispatcher.create(List.of(sender), deliveries, mongo, states, rules, crypto, dnc, durability, clock,
                new DispatchSettings(true, 20, Duration.ofSeconds(30), Duration.ofMillis(50), 3, Duration.ofMillis(200), Duration.ofSeconds(2),
                        true, Duration.ofMillis(30)));
        d.start();
        return d;
    }

    private SendResult send(String to, String text) {
        return sender.send(new OutboundMessage("push-1:0:ct-1", "push-1", to, text, 1));
    }

    @Test
    void chineseGoesAsUcs2AndLongTextsAsConcatenatedParts() {
        String shortText = "【包头公安】警惕养老投资骗局，疑似诈骗请拨打96110。";
        String longText = "【包头公安】" + "冒充公检法的电话、陌生链接和“高回报”投资都是骗局，切勿转账汇款。".repeat(4) + "疑似诈骗请拨打96110。";
        assertThat(send("+8613800000001", shortText).kind()).isEqualTo(SendResult.Kind.ACCEPTED);
        assertThat(send("+8613800000002", longText).kind()).isEqualTo(SendResult.Kind.ACCEPTED);
        assertThat(send("+8613800000003", "Beware of fraud calls. Dial 96110.").kind()).isEqualTo(SendResult.Kind.ACCEPTED);

        SmppStandIn.Submit one = gateway.submits.get(0);
        assertThat(one.destination()).isEqualTo("8613800000001");
        assertThat(one.source()).isEqualTo("106900000096110");
        assertThat(one.dataCoding()).isEqualTo((byte) 8);
        assertThat(one.udhi()).isFalse();
        List<SmppStandIn.Submit> parts = gateway.submits.stream().filter(s -> s.destination().equals("8613800000002")).toList();
        assertThat(parts).hasSize((longText.length() + 66) / 67).allSatisfy(p -> {
            assertThat(p.udhi()).isTrue();
            assertThat(p.dataCoding()).isEqualTo((byte) 8);
            assertThat(p.text().length()).isLessThanOrEqualTo(67);
        });
        assertThat(parts).extracting(SmppStandIn.Submit::part).containsExactly(1, 2, 3);
        assertThat(gateway.messages.get("8613800000002")).containsExactly(longText);
        assertThat(gateway.messages.get("8613800000001")).containsExactly(shortText);
        assertThat(gateway.submits.get(gateway.submits.size() - 1).dataCoding()).isEqualTo((byte) 0);
    }

    @Test
    void receiptsMoveDeliveriesOnByMessageId() throws Exception {
        String push = runningPush(SmppSender.CHANNEL, 5);
        List<DeliveryReceiptState> states = List.of(DeliveryReceiptState.DELIVRD, DeliveryReceiptState.UNDELIV, DeliveryReceiptState.EXPIRED,
                DeliveryReceiptState.REJECTD, DeliveryReceiptState.ENROUTE);
        gateway.receiptState = s -> states.get(Integer.parseInt(s.destination().substring(s.destination().length() - 1)));
        dispatcher = dispatch();
        await("receipts applied", Duration.ofSeconds(15), () -> {
            var c = pushes.get(push).orElseThrow().counts();
            return c.get(DeliveryStatus.DELIVERED) == 1 && c.get(DeliveryStatus.UNDELIVERED) == 1 && c.get(DeliveryStatus.EXPIRED) == 1
                    && c.get(DeliveryStatus.FAILED) == 1 && c.get(DeliveryStatus.SENT) == 1;
        });
        assertThat(deliveries.get(push + ":0:ct-00000").orElseThrow().status()).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(deliveries.get(push + ":0:ct-00001").orElseThrow().errorCode()).isEqualTo("UNDELIV:001");
        assertThat(deliveries.get(push + ":0:ct-00003").orElseThrow()).satisfies(d -> {
            assertThat(d.status()).isEqualTo(DeliveryStatus.FAILED);
            assertThat(d.errorCode()).isEqualTo("REJECTD:001");
        });
        assertThat(deliveries.get(push + ":0:ct-00004").orElseThrow().status()).as("ENROUTE says nothing new").isEqualTo(DeliveryStatus.SENT);
        assertThat(deliveries.get(push + ":0:ct-00000").orElseThrow().providerId()).isEqualTo(gateway.submits.stream()
                .filter(s -> s.destination().equals("8613800000000")).findFirst().orElseThrow().messageId());
    }

    @Test
    void throttlingIsRespectedAndRefusalsFailWithTheGatewaysCode() throws Exception {
        String push = runningPush(SmppSender.CHANNEL, 12);
        AtomicInteger submits = new AtomicInteger();
        gateway.answer = s -> s.destination().equals(phone(3).substring(1)) ? SMPPConstant.STAT_ESME_RINVDSTADR
                : submits.incrementAndGet() <= 4 ? SMPPConstant.STAT_ESME_RTHROTTLED : 0;
        dispatcher = dispatch();
        await("all settled", Duration.ofSeconds(20), () -> {
            var c = pushes.get(push).orElseThrow().counts();
            return c.get(DeliveryStatus.DELIVERED) == 11 && c.get(DeliveryStatus.FAILED) == 1;
        });
        assertThat(deliveries.get(push + ":0:ct-00003").orElseThrow()).satisfies(d -> {
            assertThat(d.errorCode()).isEqualTo("ESME_RINVDSTADR");
            assertThat(d.attempts()).isEqualTo(1);
        });
        assertThat(gateway.messages).hasSize(11).allSatisfy((to, list) -> assertThat(list).hasSize(1));
    }

    @Test
    void noMoreSubmitsInFlightThanTheWindow() throws Exception {
        sender.destroy();
        sender = sender(3);
        await("bound", Duration.ofSeconds(10), sender::bound);
        gateway.submitDelayMillis = 40;
        String push = runningPush(SmppSender.CHANNEL, 30);
        dispatcher = dispatch();
        await("all sent", Duration.ofSeconds(20), () -> gateway.submittedCount() == 30);
        assertThat(gateway.maxInFlight()).isBetween(2, 3);
        await("delivered", Duration.ofSeconds(10), () -> pushes.get(push).orElseThrow().counts().get(DeliveryStatus.DELIVERED) == 30);
    }

    @Test
    void aDroppedConnectionIsBoundAgainAndSendingGoesOn() throws Exception {
        assertThat(gateway.bindCount()).isEqualTo(1);
        gateway.dropConnections();
        await("unbound", Duration.ofSeconds(5), () -> !sender.bound());
        assertThat(send("+8613800000001", "test").kind()).isEqualTo(SendResult.Kind.RETRY);
        await("bound again", Duration.ofSeconds(10), sender::bound);
        assertThat(gateway.bindCount()).isEqualTo(2);
        assertThat(send("+8613800000001", "【包头公安】再次绑定后继续发送。").kind()).isEqualTo(SendResult.Kind.ACCEPTED);
    }

    @Test
    void aReplyOfTdOrStopPutsTheSenderOnTheDoNotContactList() throws Exception {
        gateway.reply("8613800000001", "106900000096110", "退订");
        gateway.reply("8613800000002", "106900000096110", " stop! ");
        gateway.reply("8613800000003", "106900000096110", "收到，谢谢");
        await("recorded", Duration.ofSeconds(5), () -> mongo.getCollection(InboundReplies.COLLECTION).countDocuments() == 3);
        assertThat(dnc.containsHash(crypto.hash("+8613800000001"))).isTrue();
        assertThat(dnc.containsHash(crypto.hash("+8613800000002"))).isTrue();
        assertThat(dnc.containsHash(crypto.hash("+8613800000003"))).isFalse();
        Document entry = mongo.getCollection("dnc").find(new Document("_id", crypto.hash("+8613800000001"))).first();
        assertThat(entry.getString("source")).isEqualTo("sms-reply");
        assertThat(replies.latest(SmppSender.CHANNEL, 10)).extracting(InboundReplies.Reply::phoneMasked)
                .containsExactlyInAnyOrder("138****0001", "138****0002", "138****0003");
        assertThat(mongo.getCollection(InboundReplies.COLLECTION).find().into(new java.util.ArrayList<>()).toString()).doesNotContain("13800000001");
    }
}
