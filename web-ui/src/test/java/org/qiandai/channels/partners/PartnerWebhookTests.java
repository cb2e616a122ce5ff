package org.qiandai.channels.partners;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;
import org.qiandai.campaign.campaigns.CampaignDraft;
import org.qiandai.campaign.campaigns.CampaignRefusedException;
import org.qiandai.campaign.deliveries.Delivery;
import org.qiandai.campaign.deliveries.DeliveryStatus;
import org.qiandai.campaign.pushes.PushRefusedException;
import org.qiandai.campaign.pushes.PushRequest;
import org.qiandai.campaign.pushes.PushStates;
import org.qiandai.campaign.pushes.PushStatus;
import org.qiandai.campaign.pushes.PushView;
import org.qiandai.campaign.store.StoreDurability;
import org.qiandai.channels.partners.StandInPartner.Received;
import org.qiandai.channels.partners.StandInPartner.Reply;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Pushes to partners end to end with every real part: a campaign through a configured partner, the broadcast record
 * queued by the scheduler, the signed webhook the stand-in partner checks (payload: content, districts, target groups,
 * display window, no personal data), retries with the same webhook id after a 503 and a timeout, a permanent refusal,
 * giving up, paused and cancelled pushes, and two dispatchers on one store sending each webhook once.
 */
class PartnerWebhookTests extends PartnerTestSupport {

    private static final Pattern MOBILE = Pattern.compile("(?<!\\d)1[3-9]\\d{9}(?!\\d)");

    @Autowired PartnerSettings settings;
    @Autowired PartnerWebhookStore store;
    @Autowired WebhookPayloads payloads;
    @Autowired StoreDurability durability;
    @Autowired PushStates states;
    @Autowired org.qiandai.campaign.users.UserAccounts accounts;

    String broadcastId(String pushId) {
        return pushId + ":0:broadcast";
    }

    @Test
    void aPushToAPartnerIsOneSignedWebhookDescribingWhoAndWhereButNoOne() {
        String pushId = queuedPush("didi");
        assertThat(deliveries.get(broadcastId(pushId)).orElseThrow().status()).isEqualTo(DeliveryStatus.QUEUED);

        assertThat(dispatcher.runOnce("didi")).isEqualTo(1);
        assertThat(dispatcher.runOnce("didi")).isZero(); // nothing left: one webhook per occurrence

        List<Received> got = PARTNER.received();
        assertThat(got).hasSize(1);
        Received r = got.get(0);
        assertThat(r.signatureValid()).isTrue();
        assertThat(r.id()).isEqualTo(broadcastId(pushId));
        assertThat(Long.parseLong(r.timestamp())).isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(60L));
        assertThat(r.signature()).startsWith("v1,");
        assertThat(r.contentType()).startsWith("application/json");

        String body = r.body();
        assertThat((String) JsonPath.read(body, "$.type")).isEqualTo("warning.display");
        assertThat((String) JsonPath.read(body, "$.data.pushId")).isEqualTo(pushId);
        assertThat((String) JsonPath.read(body, "$.data.partner")).isEqualTo("didi");
        assertThat((String) JsonPath.read(body, "$.data.kind")).isEqualTo("ride-hailing");
        assertThat((String) JsonPath.read(body, "$.data.warning.format")).isEqualTo("text");
        assertThat((String) JsonPath.read(body, "$.data.warning.content")).isEqualTo("东河区、青山区的乘客：客服不会要求您转账，疑似诈骗请拨打96110。");
        assertThat((List<String>) JsonPath.read(body, "$.data.districts")).containsExactly("东河区", "青山区");
        assertThat((String) JsonPath.read(body, "$.data.targetGroups[0].name")).isEqualTo("东河区老年居民");
        assertThat((String) JsonPath.read(body, "$.data.targetGroups[0].rule.all[0].field")).isEqualTo("district");
        assertThat((List<Object>) JsonPath.read(body, "$.data.targetGroups[0].rule.all[1].values")).containsExactly(60, null);
        assertThat((List<String>) JsonPath.read(body, "$.data.targetGroups[0].interest.fraudTypes")).containsExactly("冒充客服退款");
        assertThat((String) JsonPath.read(body, "$.data.receiptsUrl")).isEqualTo("https://qiandai.example/api/channels/partners/didi/receipts");
        OffsetDateTime from = OffsetDateTime.parse(JsonPath.read(body, "$.data.display.from"));
        OffsetDateTime until = OffsetDateTime.parse(JsonPath.read(body, "$.data.display.until"));
        assertThat(from.toInstant()).isBetween(Instant.now().minusSeconds(120), Instant.now());
        // a one-off push shows until the end of the campaign's last day (today + 30, local)
        assertThat(until.toLocalDate()).isEqualTo(from.atZoneSameInstant(java.time.ZoneId.of("Asia/Shanghai")).toLocalDate().plusDays(31));
        assertThat(until.toLocalTime()).isEqualTo(java.time.LocalTime.MIDNIGHT);
        assertThat((String) JsonPath.read(body, "$.data.display.timeZone")).isEqualTo("Asia/Shanghai");
        assertThat(MOBILE.matcher(body).find()).isFalse();
        assertThat(body).doesNotContain("phone", "contactId", "encrypted", "publicity", "analyst");

        Delivery sent = deliveries.get(broadcastId(pushId)).orElseThrow();
        assertThat(sent.status()).isEqualTo(DeliveryStatus.SENT);
        assertThat(sent.providerId()).isEqualTo(broadcastId(pushId));
        assertThat(sent.attempts()).isEqualTo(1);
        scheduler.runDue();
        PushView push = pushes.get(pushId).orElseThrow();
        assertThat(push.status()).isEqualTo(PushStatus.COMPLETED);
        assertThat(push.counts().get(DeliveryStatus.SENT)).isEqualTo(1);
        assertThat(push.counts().get(DeliveryStatus.QUEUED)).isZero();
    }

    @Test
    void aRepeatingPushShowsEachOccurrenceUntilTheNextIsDue() {
        String segmentId = segment();
        String templateId = template("partner-card");
        String campaignId = approvedCampaign("didi", segmentId, templateId);
        String pushId = pushes.create(campaignId, new PushRequest("didi", templateId, List.of(segmentId),
                new org.qiandai.campaign.pushes.Schedule(null, new org.qiandai.campaign.pushes.Schedule.Repeat(
                        org.qiandai.campaign.pushes.Schedule.Every.DAILY, java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).plusDays(3)))),
                "publicity").id();
        scheduler.runDue();
        dispatcher.runOnce("didi");
        String body = PARTNER.received().get(0).body();
        assertThat((String) JsonPath.read(body, "$.data.warning.format")).isEqualTo("html");
        OffsetDateTime until = OffsetDateTime.parse(JsonPath.read(body, "$.data.display.until"));
        Instant base = pushes.get(pushId).orElseThrow().createdAt().toInstant();
        assertThat(until.toInstant()).isEqualTo(base.plus(Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    }

    @Test
    void partnerNamesAreChannelsThatShowTheWarningsOfTheirKind() {
        String segmentId = segment();
        String ride = template("ride-hailing");
        String sms = template("SMS");
        // a campaign may name a partner; its warnings must be ones the partner shows
        approvedCampaign("didi", segmentId, ride);
        assertThatThrownBy(() -> approvedCampaign("didi", segmentId, sms)).isInstanceOf(CampaignRefusedException.class)
                .extracting(e -> ((CampaignRefusedException) e).rule()).isEqualTo("template-channel");
        assertThatThrownBy(() -> campaigns.create(new CampaignDraft("n", null, java.time.LocalDate.now(), java.time.LocalDate.now().plusDays(1),
                null, null, List.of("eleme"), null), "publicity")).isInstanceOf(CampaignRefusedException.class)
                .hasMessageContaining("'eleme' is not one of [sms-twilio, sms-smpp, ride-hailing, food-delivery, mms, partner-card, didi, meituan]");
        // the generic names stay valid
        approvedCampaign("ride-hailing", segmentId, ride);
        // a food-delivery partner does not show a ride-hailing warning
        String campaignId = approvedCampaign("ride-hailing", segmentId, ride);
        assertThatThrownBy(() -> pushes.create(campaignId, new PushRequest("meituan", ride, List.of(segmentId), null), "publicity"))
                .isInstanceOf(PushRefusedException.class)
                .hasMessage("templateId: warning '" + ride + "' is for ride-hailing; partner 'meituan' shows [food-delivery, partner-card] warnings");
    }

    @Test
    void theCampaignAndPushFormsOfferThePartners() throws Exception {
        if (accounts.find("partners.publicity").isEmpty()) {
            accounts.create("partners.publicity", "a-long-password", java.util.EnumSet.of(org.qiandai.campaign.users.Role.PUBLICITY));
        }
        for (String page : List.of("/campaigns/new", "/pushes/new")) {
            var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + port + page))
                    .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("partners.publicity:a-long-password".getBytes()))
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(page).isEqualTo(200);
            assertThat(response.body()).as(page).contains("value=\"didi\"", "value=\"meituan\"", "value=\"sms-twilio\"", "网约车平台");
        }
    }

    @Test
    void retriesA503AndATimeoutWithTheSameWebhookIdThenSends() throws Exception {
        PARTNER.script("didi", Reply.status(503), new Reply(200, 1_500, null)); // the second answers after our 700 ms timeout
        String pushId = queuedPush("didi");
        runUntilSettled("didi", broadcastId(pushId));

        List<Received> got = PARTNER.received();
        assertThat(got).hasSize(3);
        assertThat(got).extracting(Received::id).containsOnly(broadcastId(pushId));
        assertThat(got).allMatch(Received::signatureValid);
        assertThat(got).extracting(Received::body).containsOnly(got.get(0).body()); // the same body every time
        // waits of 100 ms, then 200 ms (doubling) after the timeout
        assertThat(Duration.between(got.get(0).at(), got.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(90));
        assertThat(Duration.between(got.get(1).at(), got.get(2).at())).isGreaterThanOrEqualTo(Duration.ofMillis(700 + 190));

        Delivery d = deliveries.get(broadcastId(pushId)).orElseThrow();
        assertThat(d.status()).isEqualTo(DeliveryStatus.SENT);
        assertThat(d.attempts()).isEqualTo(1); // claimed once; the webhook counts its own attempts
        var webhook = store.get(broadcastId(pushId)).orElseThrow();
        assertThat(webhook.getInteger("attempts")).isEqualTo(3);
        assertThat(webhook.getList("tries", org.bson.Document.class)).extracting(t -> t.getInteger("httpStatus")).containsExactly(503, -1, 200);
    }

    @Test
    void aRefusalFailsAtOnceAndTransientFailuresGiveUpAfterTheLastAttempt() throws Exception {
        PARTNER.script("didi", Reply.status(400));
        String refused = queuedPush("didi");
        runUntilSettled("didi", broadcastId(refused));
        Delivery d = deliveries.get(broadcastId(refused)).orElseThrow();
        assertThat(d.status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(d.errorCode()).isEqualTo("http-400");
        assertThat(d.errorMessage()).startsWith("refused: HTTP 400");
        assertThat(PARTNER.received()).hasSize(1);

        PARTNER.reset();
        PARTNER.script("didi", Reply.status(500), new Reply(429, 0, "0"), Reply.status(502));
        String unlucky = queuedPush("didi");
        runUntilSettled("didi", broadcastId(unlucky));
        d = deliveries.get(broadcastId(unlucky)).orElseThrow();
        assertThat(d.status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(d.errorCode()).isEqualTo("http-502");
        assertThat(d.errorMessage()).startsWith("gave up after 3 attempts");
        assertThat(PARTNER.received()).hasSize(3).extracting(Received::id).containsOnly(broadcastId(unlucky));
    }

    @Test
    void aPausedPushWaitsAndACancelledOneIsNotSent() {
        String paused = queuedPush("didi");
        pushes.pause(paused, "publicity");
        assertThat(dispatcher.runOnce("didi")).isZero();
        assertThat(deliveries.get(broadcastId(paused)).orElseThrow().status()).isEqualTo(DeliveryStatus.QUEUED);
        pushes.resume(paused, "publicity");
        assertThat(dispatcher.runOnce("didi")).isEqualTo(1);

        // claimed, then paused and cancelled before its retry
        PARTNER.reset();
        PARTNER.script("didi", Reply.status(503));
        String cancelled = queuedPush("didi");
        assertThat(dispatcher.runOnce("didi")).isEqualTo(1);
        pushes.cancel(cancelled, "publicity", "wrong district");
        sleep(150);
        assertThat(dispatcher.runOnce("didi")).isZero();
        Delivery d = deliveries.get(broadcastId(cancelled)).orElseThrow();
        assertThat(d.status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(d.errorCode()).isEqualTo("push-cancelled");
        assertThat(PARTNER.received()).hasSize(1);
    }

    @Test
    void twoDispatchersOnOneStoreSendEachWebhookOnce() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(broadcastId(queuedPush("didi")));
        }
        PartnerDispatcher other = new PartnerDispatcher(settings, pushes, states, deliveries, store, payloads, durability, java.time.Clock.systemUTC(),
                false, Duration.ofSeconds(1), Duration.ofMinutes(2));
        other.afterPropertiesSet();
        for (int round = 0; round < 3; round++) {
            var a = CompletableFuture.runAsync(() -> dispatcher.runOnce("didi"));
            var b = CompletableFuture.runAsync(() -> other.runOnce("didi"));
            CompletableFuture.allOf(a, b).get();
        }
        assertThat(PARTNER.received()).extracting(Received::id).containsExactlyInAnyOrderElementsOf(ids);
        for (String id : ids) {
            assertThat(deliveries.get(id).orElseThrow().status()).isEqualTo(DeliveryStatus.SENT);
        }
    }

    @Test
    void aCrashedInstancesWebhookIsTakenOverWhenItsLeaseEnds() {
        String id = broadcastId(queuedPush("didi"));
        // another instance adopted and leased it, then died before sending
        Instant now = Instant.now();
        store.insertIfAbsent(id, "didi", id.substring(0, id.indexOf(':')), 0, "{\"type\":\"warning.display\"}", now);
        deliveries.claim(id, "dead-instance", now.plusMillis(300));
        store.claimDue("didi", now, "dead-instance", now.plusMillis(300));
        assertThat(dispatcher.runOnce("didi")).isZero();
        sleep(400);
        assertThat(dispatcher.runOnce("didi")).isEqualTo(1);
        assertThat(PARTNER.received()).extracting(Received::id).containsExactly(id);
        assertThat(PARTNER.received().get(0).body()).isEqualTo("{\"type\":\"warning.display\"}"); // the body it had written
        assertThat(deliveries.get(id).orElseThrow().status()).isEqualTo(DeliveryStatus.SENT);
    }

    private void runUntilSettled(String partner, String id) {
        long until = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < until) {
            dispatcher.runOnce(partner);
            DeliveryStatus s = deliveries.get(id).orElseThrow().status();
            if (s != DeliveryStatus.QUEUED && s != DeliveryStatus.SENDING) {
                return;
            }
            sleep(20);
        }
        throw new AssertionError(id + " still " + deliveries.get(id).orElseThrow().status() + " after 10 s");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
