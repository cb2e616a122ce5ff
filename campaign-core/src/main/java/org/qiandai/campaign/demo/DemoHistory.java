package org.qiandai.campaign.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;
import org.bson.Document;
import org.qiandai.campaign.contacts.GeneratedContacts;
import org.qiandai.campaign.contacts.PhoneCrypto;
import org.qiandai.campaign.deliveries.Deliveries;
import org.qiandai.campaign.deliveries.DeliveryStatus;
import org.qiandai.campaign.deliveries.NewDelivery;
import org.qiandai.campaign.segments.SegmentDraft;
import org.qiandai.campaign.segments.SegmentField;
import org.qiandai.campaign.segments.SegmentInterest;
import org.qiandai.campaign.segments.SegmentRule;
import org.qiandai.campaign.segments.SegmentSource;
import org.qiandai.campaign.segments.Segments;
import org.qiandai.campaign.support.RecordIds;
import org.qiandai.campaign.templates.TemplateDraft;
import org.qiandai.campaign.templates.Warnings;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * A synthetic year of publicity work, <b>clearly labelled as demo data</b> (campaign names start with 【演示】, users
 * {@code demo} and {@code demo-leader}): campaigns over the last twelve months (the latest still running), their pushes
 * by SMS, MMS and the {@code didi} and {@code meituan} partners, one delivery record per recipient with the statuses
 * and times a dispatcher and its receipts would have left (mostly delivered; some failed with provider codes,
 * undelivered, expired or still awaiting a receipt), partner reports of impressions and unique users per district and
 * day, offline activities with estimated audiences, and a few opt-outs (answers of STOP) on the do-not-contact list.
 * People are the generated contacts ({@link GeneratedContacts}: nine districts, ages 18–77), stored as contacts when a
 * {@link PhoneCrypto} is given, else only as phone hashes (a benchmark's load). Target segments come with victim-profile
 * sources, so that reach can be shown by target group and by profile.
 * <p>
 * Everything is written directly in the stored form the services leave, in {@code _id} order and in bulk, because
 * the services would refuse a campaign whose period has passed; no events are published, so analytics counts it by
 * rebuilding its counters. The same seed, size and day give the same data.
 */
public final class DemoHistory {

    public static final List<String> DISTRICTS = List.of("东河区", "昆都仑区", "青山区", "石拐区", "白云鄂博矿区", "九原区", "土默特右旗", "固阳县",
            "达尔罕茂明安联合旗");
    static final String USER = "demo";
    static final String LEADER = "demo-leader";
    static final String RUN = "run-demo-profiles";
    private static final int BATCH = 1000;

    /** How much to write: distinct people, delivery records (about), partner reports (exactly, if there are partner days enough), campaigns. */
    public record Size(int people, int deliveries, int partnerReports, int campaigns) {
    }

    /** What was written. */
    public record Summary(int campaigns, int pushes, long deliveries, long partnerReports, int activities, int optOuts, int people) {
    }

    /** A target segment of the demo: its rule, and the same rule over generated contact {@code i}. */
    private record Group(String name, SegmentRule rule, IntPredicate member, Integer profile, String label, List<String> fraudTypes) {
    }

    private final MongoTemplate mongo;
    private final Segments segments;
    private final Warnings warnings;
    private final PhoneCrypto crypto;
    private final ZoneId zone;
    private final Instant now;
    private final LocalDate today;
    private final int thisYear;
    private final SplittableRandom random;

    /**
     * @param warnings null: campaigns name no warning template
     * @param crypto   null: people are phone hashes only (no contacts stored)
     */
    public DemoHistory(MongoTemplate mongo, Segments segments, Warnings warnings, PhoneCrypto crypto, Clock clock, long seed) {
        this.mongo = mongo;
        this.segments = segments;
        this.warnings = warnings;
        this.crypto = crypto;
        this.zone = clock.getZone();
        this.now = clock.instant();
        this.today = LocalDate.now(clock);
        this.thisYear = today.getYear();
        this.random = new SplittableRandom(seed);
    }

    private List<Group> groups() {
        return List.of(
                new Group("【演示】60岁以上居民", SegmentRule.ageBetween(60, null), i -> age(i) >= 60, 0, "退休人员 · 保健品推销会 · 虚假养老投资",
                        List.of("虚假养老投资", "冒充公检法及政府机关")),
                new Group("【演示】18–30岁青年", SegmentRule.ageBetween(18, 30), i -> age(i) <= 30, 1, "学生与青年 · 刷单返利",
                        List.of("刷单返利", "网络游戏产品虚假交易")),
                new Group("【演示】30–50岁女性", SegmentRule.all(List.of(SegmentRule.eq(SegmentField.GENDER, "女"), SegmentRule.ageBetween(30, 50))),
                        i -> female(i) && age(i) >= 30 && age(i) <= 50, 2, "有积蓄的单身者 · 婚恋交友", List.of("网络婚恋交友", "虚假网络投资理财")),
                new Group("【演示】31–59岁男性", SegmentRule.all(List.of(SegmentRule.eq(SegmentField.GENDER, "男"), SegmentRule.ageBetween(31, 59))),
                        i -> !female(i) && age(i) >= 31 && age(i) <= 59, 3, "企业职工 · 冒充电商物流客服", List.of("冒充电商物流客服")),
                new Group("【演示】东河区居民", SegmentRule.in(SegmentField.DISTRICT, List.of("东河区")), i -> district(i).equals("东河区"), null, null,
                        List.of()),
                new Group("【演示】农牧区居民", SegmentRule.in(SegmentField.DISTRICT, List.of("土默特右旗", "固阳县", "达尔罕茂明安联合旗")),
                        i -> List.of("土默特右旗", "固阳县", "达尔罕茂明安联合旗").contains(district(i)), 4, "农牧民 · 虚假网络贷款",
                        List.of("虚假网络贷款")));
    }

    /** The districts a group's rule names, if it names any. */
    private static List<String> districtsOf(Group g) {
        SegmentRule r = g.rule();
        return !r.isGroup() && "district".equals(r.field()) ? r.textValues() : List.of();
    }

    private int age(int i) {
        return 18 + i % 60; // GeneratedContacts: birth year = this year − 18 − i % 60
    }

    private static boolean female(int i) {
        return i % 2 == 0;
    }

    private static String district(int i) {
        return DISTRICTS.get(i % DISTRICTS.size());
    }

    private String hashOf(int i) {
        return crypto != null ? crypto.hash(GeneratedContacts.phone(i)) : String.format("h%042x", mix(i));
    }

    private static long mix(long x) {
        x = (x ^ (x >>> 33)) * 0xff51afd7ed558ccdL;
        x = (x ^ (x >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return (x ^ (x >>> 33)) & Long.MAX_VALUE;
    }

    /** One planned push occurrence. */
    private record Occurrence(String pushId, int k, Instant at) {
    }

    /** One planned push. */
    private static final class Push {
        String id;
        String campaignId;
        String channel;
        String templateId;
        List<Integer> groups = new ArrayList<>();
        List<String> groupSegments = new ArrayList<>();
        List<Occurrence> occurrences = new ArrayList<>();
        Instant createdAt;
        final Map<DeliveryStatus, Long> counts = new EnumMap<>(DeliveryStatus.class);
        final Map<String, Long> excluded = new LinkedHashMap<>();
        long recipients;
    }

    /** One planned campaign. */
    private static final class Campaign {
        String id;
        String name;
        LocalDate from;
        LocalDate to;
        List<String> districts;
        List<Integer> groups = new ArrayList<>();
        List<String> channels = new ArrayList<>();
        List<String> templates = new ArrayList<>();
        List<Push> pushes = new ArrayList<>();
    }

    public Summary write(Size size) {
        List<Group> groups = groups();
        List<String> segmentIds = new ArrayList<>();
        for (Group g : groups) {
            segmentIds.add(segments.save(new SegmentDraft(g.name(), "演示数据：合成的目标人群", g.rule(),
                    g.fraudTypes().isEmpty() ? null : new SegmentInterest(g.fraudTypes(), List.of(), List.of()),
                    g.profile() == null ? null : new SegmentSource(RUN, g.profile(), g.label())), USER).id());
        }
        String smsTemplate = template("【演示】防骗提醒（短信）", "SMS",
                "{district}的居民：公检法机关不会电话办案，更不会要求转账到“安全账户”。疑似诈骗请拨打{hotline}。");
        String mmsTemplate = template("【演示】防骗提醒（彩信）", "mms", "<p><b>防范电信网络诈骗</b></p><p>不听、不信、不转账。疑似诈骗请拨打96110。</p>");
        String partnerTemplate = template("【演示】出行防骗提醒", "ride-hailing", "乘车途中接到“客服退款”电话请提高警惕：客服不会要求您转账。");
        if (crypto != null) {
            GeneratedContacts.insert(mongo, crypto, size.people(), DISTRICTS, thisYear, now);
        }
        String[] hashes = new String[size.people()];
        for (int i = 0; i < hashes.length; i++) {
            hashes[i] = hashOf(i);
        }

        List<Campaign> campaigns = plan(size, groups, segmentIds, smsTemplate, mmsTemplate, partnerTemplate);
        // how many recipients the planned SMS/MMS occurrences would have at most, to sample down to the size asked
        long eligible = 0;
        for (Campaign c : campaigns) {
            for (Push p : c.pushes) {
                if (isDirect(p.channel)) {
                    eligible += (long) p.occurrences.size() * countEligible(c, p, groups, size.people());
                }
            }
        }
        double share = eligible == 0 ? 0 : Math.min(1.0, size.deliveries() / (double) eligible);

        MongoCollection<Document> deliveries = mongo.getCollection(Deliveries.COLLECTION);
        List<Document> batch = new ArrayList<>(BATCH);
        Map<Integer, Instant> optedOut = new HashMap<>();
        List<Document> dnc = new ArrayList<>();
        long written = 0;
        long[] serial = {0};
        List<Occurrence> partnerOccurrences = new ArrayList<>();
        Map<String, Campaign> campaignOfPush = new HashMap<>();
        // pushes in id (creation time) order, so that the records are written in _id order: the embedded store's fastest
        List<Push> ordered = new ArrayList<>();
        for (Campaign c : campaigns) {
            for (Push p : c.pushes) {
                campaignOfPush.put(p.id, c);
                ordered.add(p);
            }
        }
        ordered.sort((a, b) -> a.id.compareTo(b.id));
        for (Push p : ordered) {
            Campaign c = campaignOfPush.get(p.id);
            for (Occurrence o : p.occurrences) {
                if (!isDirect(p.channel)) {
                    batch.add(broadcast(c, p, o, serial));
                    partnerOccurrences.add(o);
                    continue;
                }
                List<String[]> recipients = new ArrayList<>();
                for (int i = 0; i < size.people(); i++) {
                    Integer groupIndex = firstGroup(p, groups, i);
                    if (groupIndex == null) {
                        continue;
                    }
                    if (GeneratedContacts.isLandline(i)) {
                        p.excluded.merge("INVALID_NUMBER", 1L, Long::sum);
                    } else if (!c.districts.isEmpty() && !c.districts.contains(district(i))) {
                        p.excluded.merge("OUTSIDE_DISTRICTS", 1L, Long::sum);
                    } else if (optedOut.containsKey(i) && optedOut.get(i).isBefore(o.at())) {
                        p.excluded.merge("DO_NOT_CONTACT", 1L, Long::sum);
                    } else if (random.nextDouble() < share) {
                        recipients.add(new String[] {hashes[i], Integer.toString(i), segmentIds.get(groupIndex)});
                    }
                }
                recipients.sort((a, b) -> a[0].compareTo(b[0]));
                for (String[] r : recipients) {
                    batch.add(delivery(c, p, o, r[0], Integer.parseInt(r[1]), r[2], serial, optedOut, dnc));
                    if (batch.size() == BATCH) {
                        deliveries.insertMany(batch, new InsertManyOptions().ordered(false));
                        written += batch.size();
                        batch = new ArrayList<>(BATCH);
                    }
                }
                p.recipients += recipients.size();
            }
        }
        if (!batch.isEmpty()) {
            deliveries.insertMany(batch, new InsertManyOptions().ordered(false));
            written += batch.size();
        }
        insertSorted("dnc", dnc);
        long reports = partnerReports(campaigns, campaignOfPush, partnerOccurrences, size.partnerReports());
        int activities = activities(campaigns);
        writeCampaignsAndPushes(campaigns);
        int pushes = campaigns.stream().mapToInt(c -> c.pushes.size()).sum();
        return new Summary(campaigns.size(), pushes, written, reports, activities, dnc.size(), size.people());
    }

    private String template(String name, String channel, String body) {
        if (warnings == null) {
            return null;
        }
        try {
            return warnings.save(new TemplateDraft(name, channel, "zh-CN", body, null), USER).id();
        } catch (RuntimeException e) {
            return null; // a demo without this warning still shows its figures
        }
    }

    private static boolean isDirect(String channel) {
        return channel.startsWith("sms-") || channel.equals("mms");
    }

    private List<Campaign> plan(Size size, List<Group> groups, List<String> segmentIds, String sms, String mms, String partner) {
        List<Campaign> campaigns = new ArrayList<>();
        int n = Math.max(1, size.campaigns());
        LocalDate first = today.minusDays(360);
        String[] themes = {"养老诈骗防范", "刷单返利防范", "冒充客服防范", "网络贷款防范", "婚恋交友诈骗防范", "冒充公检法防范", "校园反诈", "农牧区反诈"};
        for (int i = 0; i < n; i++) {
            Campaign c = new Campaign();
            c.from = i == n - 1 ? today.minusDays(20) : first.plusDays((long) i * 330 / n);
            c.to = c.from.plusDays(27 + random.nextInt(29));
            c.name = "【演示】" + themes[i % themes.length] + "宣传 " + (c.from.getMonthValue()) + "月";
            c.id = "cmp-demo-" + c.from.toString().replace("-", "") + "-" + String.format("%02d", i);
            int pick = random.nextInt(5);
            c.districts = pick == 0 ? List.of() : new ArrayList<>(new java.util.TreeSet<>(List.of(DISTRICTS.get(random.nextInt(9)),
                    DISTRICTS.get(random.nextInt(9)), DISTRICTS.get(random.nextInt(3)))));
            c.groups.add(i % groups.size());
            if (random.nextBoolean()) {
                c.groups.add((i + 2) % groups.size());
            }
            // a campaign for the people of some districts goes to those districts
            for (int g : c.groups) {
                List<String> own = districtsOf(groups.get(g));
                if (!own.isEmpty()) {
                    c.districts = own;
                }
            }
            String smsChannel = random.nextBoolean() ? "sms-twilio" : "sms-smpp";
            c.channels.add(smsChannel);
            boolean withMms = i % 3 == 0;
            if (withMms) {
                c.channels.add("mms");
            }
            String partnerName = i % 2 == 0 ? "didi" : "meituan";
            c.channels.add(partnerName);
            if (sms != null) {
                c.templates.add(sms);
            }
            if (withMms && mms != null) {
                c.templates.add(mms);
            }
            if (partner != null) {
                c.templates.add(partner);
            }
            int smsPushes = 2 + random.nextInt(2);
            for (int j = 0; j < smsPushes; j++) {
                c.pushes.add(push(c, smsChannel, sms, c.groups, segmentIds, c.from.plusDays(j * 7L), 1 + random.nextInt(3)));
            }
            if (withMms) {
                c.pushes.add(push(c, "mms", mms, c.groups, segmentIds, c.from.plusDays(3), 1));
            }
            c.pushes.add(push(c, partnerName, partner, List.of(), segmentIds, c.from.plusDays(1), 1 + random.nextInt(2)));
            c.pushes.removeIf(p -> p.occurrences.isEmpty());
            campaigns.add(c);
        }
        return campaigns;
    }

    private Push push(Campaign c, String channel, String template, List<Integer> groups, List<String> segmentIds, LocalDate first,
                      int occurrences) {
        Push p = new Push();
        p.campaignId = c.id;
        p.channel = channel;
        p.templateId = template;
        p.groups.addAll(groups);
        groups.forEach(g -> p.groupSegments.add(segmentIds.get(g)));
        LocalDateTime at = first.atTime(10, random.nextInt(50));
        p.createdAt = at.minusDays(1).atZone(zone).toInstant();
        p.id = RecordIds.next("push", p.createdAt, random);
        for (int k = 0; k < occurrences; k++) {
            Instant when = at.plusWeeks(k).atZone(zone).toInstant();
            if (when.isBefore(now.minus(Duration.ofHours(1))) && !at.plusWeeks(k).toLocalDate().isAfter(c.to)) {
                p.occurrences.add(new Occurrence(p.id, k, when));
            }
        }
        return p;
    }

    private long countEligible(Campaign c, Push p, List<Group> groups, int people) {
        long n = 0;
        for (int i = 0; i < people; i++) {
            if (firstGroup(p, groups, i) != null && !GeneratedContacts.isLandline(i) && (c.districts.isEmpty() || c.districts.contains(district(i)))) {
                n++;
            }
        }
        return n;
    }

    private static Integer firstGroup(Push p, List<Group> groups, int i) {
        for (int g : p.groups) {
            if (groups.get(g).member().test(i)) {
                return g;
            }
        }
        return null;
    }

    private Document delivery(Campaign c, Push p, Occurrence o, String hash, int person, String segmentId, long[] serial,
                              Map<Integer, Instant> optedOut, List<Document> dnc) {
        String district = district(person);
        Document d = Deliveries.document(new NewDelivery(NewDelivery.idOf(p.id, o.k(), hash), p.id, o.k(), c.id, p.channel, p.templateId,
                hash, hash, crypto != null ? "v1:demo" : null, "zh-CN", district, "【包头公安】" + district + "的居民：不听、不信、不转账。疑似诈骗请拨打96110。",
                segmentId), Date.from(o.at()));
        d.remove("queue");
        Document at = d.get("at", Document.class);
        Instant sending = o.at().plusSeconds(1 + random.nextInt(600));
        at.append(DeliveryStatus.SENDING.name(), Date.from(sending));
        double r = random.nextDouble();
        DeliveryStatus status;
        String code = null;
        if (r < 0.035) {
            status = DeliveryStatus.FAILED;
            code = random.nextBoolean() ? "30007" : "21610";
        } else {
            Instant sent = sending.plusSeconds(1 + random.nextInt(5));
            at.append(DeliveryStatus.SENT.name(), Date.from(sent));
            d.append("providerId", "SMdemo" + Long.toHexString(serial[0]++));
            Instant last = sent.plusSeconds(3 + random.nextInt(300));
            if (r < 0.085) {
                status = DeliveryStatus.UNDELIVERED;
                code = random.nextBoolean() ? "30003" : "30005";
            } else if (r < 0.095) {
                status = DeliveryStatus.EXPIRED;
                code = "30001";
            } else if (r < 0.12) {
                status = DeliveryStatus.SENT;
            } else {
                status = DeliveryStatus.DELIVERED;
                if (random.nextDouble() < 0.002 && !optedOut.containsKey(person)) {
                    Instant stop = last.plus(Duration.ofMinutes(5 + random.nextInt(120)));
                    optedOut.put(person, stop);
                    dnc.add(new Document("_id", hash).append("phoneMasked", null).append("reason", "回复TD退订（演示数据）")
                            .append("source", "sms-reply").append("addedBy", USER).append("addedAt", Date.from(stop)));
                }
            }
            if (status != DeliveryStatus.SENT) {
                at.append(status.name(), Date.from(last));
            }
        }
        if (status == DeliveryStatus.FAILED) {
            at.append(DeliveryStatus.FAILED.name(), Date.from(sending.plusSeconds(2)));
        }
        d.put("status", status.name());
        d.put("attempts", 1);
        if (code != null) {
            d.append("errorCode", code).append("errorMessage", "demo: provider error " + code);
        }
        p.counts.merge(status, 1L, Long::sum);
        return d;
    }

    private Document broadcast(Campaign c, Push p, Occurrence o, long[] serial) {
        String id = NewDelivery.idOf(p.id, o.k(), "broadcast");
        Document d = Deliveries.document(new NewDelivery(id, p.id, o.k(), c.id, p.channel, p.templateId, null, null, null, "zh-CN",
                String.join(",", c.districts), "乘车途中接到“客服退款”电话请提高警惕：客服不会要求您转账。"), Date.from(o.at()));
        d.remove("queue");
        d.get("at", Document.class).append(DeliveryStatus.SENDING.name(), Date.from(o.at().plusSeconds(2)))
                .append(DeliveryStatus.SENT.name(), Date.from(o.at().plusSeconds(3)))
                .append(DeliveryStatus.DELIVERED.name(), Date.from(o.at().plusSeconds(3600)));
        d.put("status", DeliveryStatus.DELIVERED.name());
        d.put("attempts", 1);
        d.append("providerId", id);
        serial[0]++;
        p.counts.merge(DeliveryStatus.DELIVERED, 1L, Long::sum);
        return d;
    }

    private long partnerReports(List<Campaign> campaigns, Map<String, Campaign> campaignOfPush, List<Occurrence> occurrences, int wanted) {
        if (occurrences.isEmpty() || wanted <= 0) {
            return 0;
        }
        Map<String, Push> pushes = new HashMap<>();
        campaigns.forEach(c -> c.pushes.forEach(p -> pushes.put(p.id, p)));
        List<Document> docs = new ArrayList<>();
        java.util.Set<String> ids = new java.util.HashSet<>(); // a partner reports a push's district and day once (the latest figure)
        // round robin over the occurrences, each reporting its next district and day (from the day it went out, until
        // today), so that the figures spread over every partner push until there are as many as asked
        int[] next = new int[occurrences.size()];
        boolean more = true;
        while (docs.size() < wanted && more) {
            more = false;
            for (int k = 0; k < occurrences.size() && docs.size() < wanted; k++) {
                Occurrence o = occurrences.get(k);
                Campaign c = campaignOfPush.get(o.pushId());
                Push p = pushes.get(o.pushId());
                List<String> districts = c.districts.isEmpty() ? DISTRICTS : c.districts;
                LocalDate first = o.at().atZone(zone).toLocalDate();
                while (true) {
                    int d = next[k] / districts.size();
                    String district = districts.get(next[k] % districts.size());
                    LocalDate day = first.plusDays(d);
                    if (day.isAfter(today) || d > 180) {
                        break;
                    }
                    next[k]++;
                    String id = p.channel + ":" + o.pushId() + ":" + day + ":" + district;
                    if (!ids.add(id)) {
                        continue;
                    }
                    long impressions = 200 + random.nextInt(4000);
                    long users = impressions * (40 + random.nextInt(40)) / 100;
                    Instant evening = day.atTime(23, 30).atZone(zone).toInstant();
                    Date sentAt = Date.from(evening.isAfter(now) ? now : evening);
                    docs.add(new Document("_id", id).append("partner", p.channel).append("pushId", o.pushId()).append("campaignId", c.id)
                            .append("district", district).append("date", day.toString()).append("impressions", impressions)
                            .append("uniqueUsers", users).append("webhookId", "wh-demo-" + o.pushId() + "-" + day).append("sentAt", sentAt)
                            .append("receivedAt", sentAt));
                    more = true;
                    break;
                }
            }
        }
        insertSorted("partner_reports", docs);
        return docs.size();
    }

    private int activities(List<Campaign> campaigns) {
        String[][] kinds = {{"RADIO", "交通广播反诈专题", "包头交通广播"}, {"BUS", "反诈主题公交", "市区公交线路"}, {"COMMUNITY_VISIT", "社区民警入户宣传", "社区"},
            {"TRAINING", "职业院校反诈讲座", "职业技术学院"}, {"POSTER", "反诈海报张贴", "小区与商超"}};
        List<Document> docs = new ArrayList<>();
        for (Campaign c : campaigns) {
            int n = 2 + random.nextInt(5);
            for (int i = 0; i < n; i++) {
                String[] kind = kinds[random.nextInt(kinds.length)];
                LocalDate from = c.from.plusDays(random.nextInt((int) Math.max(1, java.time.temporal.ChronoUnit.DAYS.between(c.from, c.to))));
                if (from.isAfter(today)) {
                    continue;
                }
                LocalDate to = kind[0].equals("BUS") ? from.plusDays(6).isAfter(c.to) ? c.to : from.plusDays(6) : from;
                List<String> districts = c.districts.isEmpty() ? List.of(DISTRICTS.get(random.nextInt(9))) : List.of(c.districts.get(random.nextInt(c.districts.size())));
                int audience = kind[0].equals("RADIO") ? 10_000 + random.nextInt(40_000) : kind[0].equals("BUS") ? 5_000 + random.nextInt(20_000)
                        : 80 + random.nextInt(900);
                Instant recorded = to.atTime(18, 0).atZone(zone).toInstant();
                docs.add(new Document("_id", RecordIds.next("act", recorded, random))
                        .append("campaignId", c.id).append("kind", kind[0]).append("title", "【演示】" + kind[1]).append("place", kind[2])
                        .append("from", from.toString()).append("to", to.toString()).append("districts", districts).append("estimatedAudience", audience)
                        .append("notes", "演示数据：受众为组织方估计").append("recordedBy", USER).append("recordedAt", Date.from(recorded.isAfter(now) ? now : recorded)));
            }
        }
        insertSorted("campaign_activities", docs);
        return docs.size();
    }

    private void writeCampaignsAndPushes(List<Campaign> campaigns) {
        List<Document> campaignDocs = new ArrayList<>();
        List<Document> pushDocs = new ArrayList<>();
        for (Campaign c : campaigns) {
            boolean ended = c.to.isBefore(today);
            Instant created = c.from.minusDays(7).atTime(9, 0).atZone(zone).toInstant();
            Instant submitted = created.plus(Duration.ofHours(2));
            Instant approved = created.plus(Duration.ofDays(1));
            Instant started = c.pushes.isEmpty() ? approved : c.pushes.get(0).occurrences.get(0).at();
            List<Document> history = new ArrayList<>(List.of(transition("created", null, "DRAFT", USER, created),
                    transition("submitted", "DRAFT", "SUBMITTED", USER, submitted), transition("approved", "SUBMITTED", "APPROVED", LEADER, approved),
                    transition("started", "APPROVED", "RUNNING", USER, started)));
            Instant updated = started;
            if (ended) {
                updated = c.to.plusDays(1).atTime(9, 0).atZone(zone).toInstant();
                history.add(transition("completed", "RUNNING", "COMPLETED", USER, updated));
            }
            campaignDocs.add(new Document("_id", c.id).append("name", c.name).append("goal", "演示数据：合成的宣传计划，用于展示看板")
                    .append("from", c.from.toString()).append("to", c.to.toString()).append("districts", c.districts)
                    .append("segmentIds", c.pushes.stream().flatMap(p -> p.groupSegments.stream()).distinct().toList())
                    .append("channels", c.channels).append("templateIds", c.templates).append("status", ended ? "COMPLETED" : "RUNNING")
                    .append("submittedBy", USER).append("reason", null).append("updatedAt", Date.from(updated)).append("owner", USER)
                    .append("createdAt", Date.from(created)).append("version", (long) history.size()).append("history", history));
            for (Push p : c.pushes) {
                Occurrence last = p.occurrences.get(p.occurrences.size() - 1);
                Document excluded = new Document();
                for (String reason : List.of("DO_NOT_CONTACT", "FREQUENCY_CAP", "OUTSIDE_DISTRICTS", "DUPLICATE", "INVALID_NUMBER")) {
                    excluded.append(reason, p.excluded.getOrDefault(reason, 0L) / Math.max(1, p.occurrences.size()));
                }
                Document counts = new Document();
                p.counts.forEach((s, n) -> counts.append(s.name(), n));
                Document schedule = new Document("at", Date.from(p.occurrences.get(0).at())).append("base", Date.from(p.occurrences.get(0).at()));
                if (p.occurrences.size() > 1) {
                    schedule.append("repeat", new Document("every", "WEEKLY").append("until", last.at().atZone(zone).toLocalDate().toString()));
                }
                pushDocs.add(new Document("_id", p.id).append("campaignId", c.id).append("channel", p.channel).append("templateId", p.templateId)
                        .append("segmentIds", p.groupSegments).append("schedule", schedule).append("status", "COMPLETED")
                        .append("audience", new Document("recipients", p.recipients / Math.max(1, p.occurrences.size())).append("excluded", excluded))
                        .append("counts", counts).append("occurrencesQueued", p.occurrences.size()).append("leaseUntil", new Date(0))
                        .append("queuing", new Document("occurrence", last.k()).append("batches", -1).append("queued",
                                p.counts.values().stream().mapToLong(Long::longValue).sum()).append("done", true))
                        .append("createdBy", USER).append("createdAt", Date.from(p.createdAt))
                        .append("history", List.of(new Document("status", "SCHEDULED").append("by", USER).append("at", Date.from(p.createdAt)),
                                new Document("status", "RUNNING").append("by", "scheduler").append("at", Date.from(p.occurrences.get(0).at())),
                                new Document("status", "COMPLETED").append("by", "scheduler").append("at", Date.from(last.at().plusSeconds(900))))));
            }
        }
        insertSorted("campaigns", campaignDocs);
        insertSorted(Deliveries.PUSHES, pushDocs);
    }

    private static Document transition(String action, String from, String to, String by, Instant at) {
        return new Document("action", action).append("from", from).append("to", to).append("by", by).append("at", Date.from(at)).append("reason", null);
    }

    private void insertSorted(String collection, List<Document> docs) {
        docs.sort((a, b) -> a.getString("_id").compareTo(b.getString("_id")));
        for (int i = 0; i < docs.size(); i += BATCH) {
            mongo.getCollection(collection).insertMany(docs.subList(i, Math.min(docs.size(), i + BATCH)), new InsertManyOptions().ordered(false));
        }
    }
}
