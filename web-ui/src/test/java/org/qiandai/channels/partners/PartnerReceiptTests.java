package org.qiandai.channels.partners;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;
import org.qiandai.campaign.deliveries.DeliveryStatus;
import org.qiandai.campaign.partnerreports.PartnerReport;
import org.qiandai.campaign.partnerreports.PartnerReports;
import org.qiandai.campaign.partnerreports.StoredReceipt;

/**
 * Partner receipts over real HTTP to the running application, signed as a partner signs them: stored figures and raw
 * receipts, the latest report replacing the earlier one (by its timestamp, whatever the arrival order), replays,
 * forged and stale signatures, the wrong partner, bad JSON and figures that cannot be, each refused saying what, and
 * the first reported impressions marking the push's webhook DELIVERED.
 */
class PartnerReceiptTests extends PartnerTestSupport {

    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Shanghai"));

    record Answer(int status, String body) {
    }

    Answer post(String partner, String id, long timestamp, String signature, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/channels/partners/" + partner + "/receipts"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (id != null) {
            request.header("webhook-id", id).header("webhook-timestamp", Long.toString(timestamp));
        }
        if (signature != null) {
            request.header("webhook-signature", signature);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Answer(response.statusCode(), response.body());
    }

    /** Signed as the partner signs: with its own key, by the stand-in partner's HMAC code. */
    Answer signed(String partner, byte[] key, String id, long timestamp, String body) throws Exception {
        byte[] mac = StandInPartner.hmac(key, id + "." + timestamp + ".", body.getBytes(StandardCharsets.UTF_8));
        return post(partner, id, timestamp, "v1," + Base64.getEncoder().encodeToString(mac), body);
    }

    Answer didi(String id, long timestamp, String body) throws Exception {
        return signed("didi", DIDI_KEY, id, timestamp, body);
    }

    static long now() {
        return Instant.now().getEpochSecond();
    }

    static String receipt(String pushId, String reports) {
        return "{\"pushId\": \"" + pushId + "\", \"reports\": [" + reports + "]}";
    }

    static String line(String district, long impressions, long uniqueUsers, LocalDate date) {
        return "{\"district\": \"" + district + "\", \"impressions\": " + impressions + ", \"uniqueUsers\": " + uniqueUsers
                + ", \"date\": \"" + date + "\"}";
    }

    @Test
    void aSignedReceiptIsStoredWithItsRawBodyAndMarksThePushDelivered() throws Exception {
        String pushId = queuedPush("didi");
        dispatcher.runOnce("didi");
        assertThat(deliveries.get(pushId + ":0:broadcast").orElseThrow().status()).isEqualTo(DeliveryStatus.SENT);

        String body = receipt(pushId, line("东河区", 1200, 800, TODAY) + "," + line("青山区", 300, 290, TODAY));
        Answer a = didi("msg_receipt_1", now(), body);
        assertThat(a.status()).isEqualTo(200);
        assertThat((Boolean) JsonPath.read(a.body(), "$.duplicate")).isFalse();
        assertThat((Integer) JsonPath.read(a.body(), "$.added")).isEqualTo(2);

        List<PartnerReport> figures = reports.ofPush(pushId);
        assertThat(figures).extracting(PartnerReport::district, PartnerReport::impressions, PartnerReport::uniqueUsers)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("东河区", 1200L, 800L), org.assertj.core.groups.Tuple.tuple("青山区", 300L, 290L));
        assertThat(figures).allMatch(r -> r.partner().equals("didi") && r.date().equals(TODAY) && r.campaignId() != null);
        assertThat(reports.ofCampaign(figures.get(0).campaignId())).hasSize(2);
        List<StoredReceipt> raw = reports.receipts("didi", 10);
        assertThat(raw).hasSize(1);
        assertThat(raw.get(0).body()).isEqualTo(body);
        assertThat(raw.get(0).status()).isEqualTo("APPLIED");
        assertThat(reportEvents.received.stream()).hasSize(2).allMatch(e -> e.previousImpressions() == 0);

        // the partner showed it to someone: the broadcast is DELIVERED
        assertThat(deliveries.get(pushId + ":0:broadcast").orElseThrow().status()).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(pushes.get(pushId).orElseThrow().counts().get(DeliveryStatus.DELIVERED)).isEqualTo(1);
    }

    @Test
    void theReportSentLastReplacesTheEarlierOneWhateverOrderTheyArriveIn() throws Exception {
        String pushId = queuedPush("didi");
        long t = now();
        assertThat(didi("msg_a", t - 60, receipt(pushId, line("东河区", 100, 90, TODAY))).status()).isEqualTo(200);
        Answer later = didi("msg_b", t, receipt(pushId, line("东河区", 150, 120, TODAY) + "," + line("昆都仑区", 10, 10, TODAY)));
        assertThat((Integer) JsonPath.read(later.body(), "$.replaced")).isEqualTo(1);
        assertThat((Integer) JsonPath.read(later.body(), "$.added")).isEqualTo(1);
        // an earlier report arriving late changes nothing it reports twice
        Answer late = didi("msg_c", t - 30, receipt(pushId, line("东河区", 120, 100, TODAY) + "," + line("石拐区", 5, 5, TODAY)));
        assertThat((Integer) JsonPath.read(late.body(), "$.superseded")).isEqualTo(1);
        assertThat((Integer) JsonPath.read(late.body(), "$.added")).isEqualTo(1);

        assertThat(reports.ofPush(pushId)).extracting(PartnerReport::district, PartnerReport::impressions, PartnerReport::webhookId)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("东河区", 150L, "msg_b"),
                        org.assertj.core.groups.Tuple.tuple("昆都仑区", 10L, "msg_b"), org.assertj.core.groups.Tuple.tuple("石拐区", 5L, "msg_c"));
        // a counter that follows the events ends where the store is
        long counted = reportEvents.received.stream().mapToLong(e -> e.impressions() - e.previousImpressions()).sum();
        assertThat(counted).isEqualTo(150 + 10 + 5);
        assertThat(reports.receipts("didi", 10)).hasSize(3);
    }

    @Test
    void aReplayedWebhookIdAnswers200AndChangesNothing() throws Exception {
        String pushId = queuedPush("didi");
        long t = now();
        String body = receipt(pushId, line("东河区", 100, 90, TODAY));
        assertThat(didi("msg_once", t, body).status()).isEqualTo(200);
        Answer again = didi("msg_once", t, body);
        assertThat(again.status()).isEqualTo(200);
        assertThat((Boolean) JsonPath.read(again.body(), "$.duplicate")).isTrue();
        // the same id with other figures (and even bad JSON) is still the receipt seen before
        assertThat(didi("msg_once", t + 1, receipt(pushId, line("东河区", 999, 9, TODAY))).status()).isEqualTo(200);
        assertThat(didi("msg_once", t + 2, "{not json").status()).isEqualTo(200);
        assertThat(reports.ofPush(pushId)).singleElement().extracting(PartnerReport::impressions).isEqualTo(100L);
        assertThat(reports.receipts("didi", 10)).hasSize(1);
        assertThat(reportEvents.received.stream()).hasSize(1);
    }

    @Test
    void aReceiptStoppedBeforeItsFiguresWereAppliedIsCompletedByItsReplay() throws Exception {
        String pushId = queuedPush("didi");
        long t = now();
        String body = receipt(pushId, line("东河区", 100, 90, TODAY));
        // what a crash between keeping the raw receipt and applying its figures leaves
        assertThat(didi("msg_crash", t, body).status()).isEqualTo(200);
        mongo.getCollection(PartnerReports.REPORTS).deleteMany(new org.bson.Document());
        mongo.getCollection(PartnerReports.RECEIPTS).updateOne(new org.bson.Document("_id", "didi:msg_crash"),
                new org.bson.Document("$set", new org.bson.Document("status", "RECEIVED")));

        Answer replay = didi("msg_crash", t, body);
        assertThat(replay.status()).isEqualTo(200);
        assertThat((Integer) JsonPath.read(replay.body(), "$.added")).isEqualTo(1);
        assertThat(reports.ofPush(pushId)).singleElement().extracting(PartnerReport::impressions).isEqualTo(100L);
        assertThat(reports.receipts("didi", 10)).singleElement().extracting(StoredReceipt::status).isEqualTo("APPLIED");
        assertThat((Boolean) JsonPath.read(didi("msg_crash", t, body).body(), "$.duplicate")).isTrue();
    }

    @Test
    void forgedStaleOrUnsignedReceiptsAre401() throws Exception {
        String pushId = queuedPush("didi");
        String body = receipt(pushId, line("东河区", 100, 90, TODAY));
        Answer forged = signed("didi", "not the secret".getBytes(StandardCharsets.UTF_8), "msg_1", now(), body);
        assertThat(forged.status()).isEqualTo(401);
        assertThat((String) JsonPath.read(forged.body(), "$.message")).startsWith("webhook-signature does not match");
        // a good signature over other bytes
        byte[] mac = StandInPartner.hmac(DIDI_KEY, "msg_1." + now() + ".", body.getBytes(StandardCharsets.UTF_8));
        assertThat(post("didi", "msg_1", now(), "v1," + Base64.getEncoder().encodeToString(mac), body.replace("100", "900")).status()).isEqualTo(401);
        Answer stale = didi("msg_2", now() - 6 * 60, body);
        assertThat(stale.status()).isEqualTo(401);
        assertThat((String) JsonPath.read(stale.body(), "$.message")).contains("from our clock; at most 300 s");
        assertThat(didi("msg_3", now() + 6 * 60, body).status()).isEqualTo(401);
        assertThat(didi("msg_4", now() - 4 * 60, body).status()).isEqualTo(200); // inside the window
        Answer unsigned = post("didi", "msg_5", now(), null, body);
        assertThat(unsigned.status()).isEqualTo(401);
        assertThat((String) JsonPath.read(unsigned.body(), "$.message")).contains("webhook-signature headers are required");
        assertThat(post("didi", null, 0, null, body).status()).isEqualTo(401);
        // another partner's secret does not sign for didi
        assertThat(signed("didi", MEITUAN_KEY, "msg_6", now(), body).status()).isEqualTo(401);
        assertThat(reports.receipts(null, 10)).extracting(StoredReceipt::webhookId).containsExactly("msg_4");
    }

    @Test
    void anUnknownPartnerIs404AndAnotherPartnersPushIsRefused() throws Exception {
        String pushId = queuedPush("didi");
        Answer unknown = signed("eleme", DIDI_KEY, "msg_1", now(), receipt(pushId, line("东河区", 1, 1, TODAY)));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat((String) JsonPath.read(unknown.body(), "$.message")).isEqualTo("no partner 'eleme' is configured");
        Answer wrong = signed("meituan", MEITUAN_KEY, "msg_2", now(), receipt(pushId, line("东河区", 1, 1, TODAY)));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat((String) JsonPath.read(wrong.body(), "$.message")).isEqualTo("pushId: push '" + pushId + "' goes out through didi, not through partner meituan");
        Answer none = didi("msg_3", now(), receipt("push-nope", line("东河区", 1, 1, TODAY)));
        assertThat((String) JsonPath.read(none.body(), "$.message")).isEqualTo("pushId: no push 'push-nope'");
        assertThat(reports.receipts(null, 10)).isEmpty();
    }

    @Test
    void badJsonAndImpossibleFiguresAre400SayingWhere() throws Exception {
        String pushId = queuedPush("didi");
        assertRefused(didi("m1", now(), "{\"pushId\": \"" + pushId + "\", \"reports\": [}"), "the body is not valid JSON");
        assertRefused(didi("m2", now(), "[]"), "the body must be a JSON object");
        assertRefused(didi("m3", now(), "{\"reports\": []}"), "pushId is required");
        assertRefused(didi("m4", now(), "{\"pushId\": \"" + pushId + "\", \"reports\": {}}"), "reports must be an array");
        assertRefused(didi("m5", now(), receipt(pushId, "")), "reports: name at least one");
        assertRefused(didi("m6", now(), receipt(pushId, line("东河区", 10, 5, TODAY) + ",{\"district\": \"青山区\", \"impressions\": \"many\", \"uniqueUsers\": 1, \"date\": \"" + TODAY + "\"}")),
                "reports[1].impressions: \"many\" is not a whole number");
        assertRefused(didi("m7", now(), receipt(pushId, "{\"district\": \"青山区\", \"impressions\": 1.5, \"uniqueUsers\": 1, \"date\": \"" + TODAY + "\"}")),
                "reports[0].impressions: 1.5 is not a whole number");
        assertRefused(didi("m8", now(), receipt(pushId, line("东河区", 10, 5, TODAY) + "," + line("青山区", 800, 900, TODAY))),
                "reports[1].uniqueUsers: 900 is more than impressions (800)");
        assertRefused(didi("m9", now(), receipt(pushId, line("东河区", -1, 0, TODAY))), "reports[0].impressions: -1 is negative");
        assertRefused(didi("m10", now(), receipt(pushId, line("东河区", 1, 1, TODAY.plusDays(1)))), "reports[0].date " + TODAY.plusDays(1) + " is in the future");
        assertRefused(didi("m11", now(), receipt(pushId, line("东河区", 1, 1, TODAY.minusDays(1)))), "reports[0].date " + TODAY.minusDays(1) + " is before the push was created");
        assertRefused(didi("m12", now(), receipt(pushId, "{\"district\": \"东河区\", \"impressions\": 1, \"uniqueUsers\": 1, \"date\": \"2026-13-01\"}")),
                "reports[0].date '2026-13-01' is not a date written yyyy-MM-dd");
        assertRefused(didi("m13", now(), receipt(pushId, line("东河区", 1, 1, TODAY) + "," + line(" 东河区", 2, 2, TODAY))),
                "reports[1]: 东河区 on " + TODAY + " is reported twice (also reports[0])");
        assertRefused(didi("m14", now(), receipt(pushId, line("", 1, 1, TODAY))), "reports[0].district is required");
        assertRefused(didi("m15", now(), "{\"pushId\": \"a\", \"pushId\": \"b\", \"reports\": []}"), "the body is not valid JSON: Duplicate Object property \"pushId\"");
        // nothing of any of them was stored, and a refused id may be sent again, corrected
        assertThat(reports.receipts(null, 20)).isEmpty();
        assertThat(reports.ofPush(pushId)).isEmpty();
        assertThat(didi("m8", now(), receipt(pushId, line("东河区", 10, 5, TODAY) + "," + line("青山区", 900, 800, TODAY))).status()).isEqualTo(200);
    }

    private static void assertRefused(Answer answer, String messageStart) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat((String) JsonPath.read(answer.body(), "$.message")).startsWith(messageStart);
    }
}
