package org.qiandai.campaign.pushes;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.qiandai.campaign.campaigns.CampaignLifecycle;
import org.qiandai.campaign.campaigns.CampaignStatus;
import org.qiandai.campaign.campaigns.CampaignView;
import org.qiandai.campaign.contacts.ContactAudience;
import org.qiandai.campaign.contacts.DoNotContactList;
import org.qiandai.campaign.contacts.Recipient;
import org.qiandai.campaign.templates.WarningTemplate;
import org.qiandai.campaign.templates.WarningTemplates;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * In-memory stand-ins for the campaign planner's contracts (contacts, do-not-contact list, templates, campaigns) until
 * their real implementations land, and a clock tests move by hand. {@code @Import(PlannerFakes.class)}.
 */
@TestConfiguration(proxyBeanMethods = false)
public class PlannerFakes {

    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    @Bean
    @Primary
    public MutableClock mutableClock() {
        return new MutableClock(Instant.parse("2026-12-01T02:00:00Z"), ZONE);
    }

    @Bean
    @Primary
    public Audience fakeAudience() {
        return new Audience();
    }

    @Bean
    @Primary
    public Dnc fakeDnc() {
        return new Dnc();
    }

    @Bean
    @Primary
    public Templates fakeTemplates() {
        return new Templates();
    }

    @Bean
    @Primary
    public Campaigns fakeCampaigns() {
        return new Campaigns();
    }

    /** A clock that stands still until moved. */
    public static final class MutableClock extends Clock {
        private volatile Instant now;
        private final ZoneId zone;

        public MutableClock(Instant now, ZoneId zone) {
            this.now = now;
            this.zone = zone;
        }

        public void set(Instant instant) {
            now = instant;
        }

        public void setLocal(String localDateTime) {
            now = java.time.LocalDateTime.parse(localDateTime).atZone(zone).toInstant();
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return new MutableClock(now, zone);
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** Segments as lists of recipients. */
    public static final class Audience implements ContactAudience {
        public final Map<String, List<Recipient>> segments = new ConcurrentHashMap<>();

        @Override
        public Stream<Recipient> members(String segmentId) {
            return segments.getOrDefault(segmentId, List.of()).stream();
        }

        @Override
        public long count(String segmentId) {
            return segments.getOrDefault(segmentId, List.of()).size();
        }
    }

    public static final class Dnc implements DoNotContactList {
        public final Set<String> hashes = ConcurrentHashMap.newKeySet();

        @Override
        public void add(String phone, String reason, String source, String by) {
            hashes.add("h" + phone);
        }

        @Override
        public void addHash(String phoneHash, String reason, String source, String by) {
            hashes.add(phoneHash);
        }

        @Override
        public boolean containsHash(String phoneHash) {
            return hashes.contains(phoneHash);
        }

        @Override
        public Set<String> containingHashes(Collection<String> phoneHashes) {
            return phoneHashes.stream().filter(hashes::contains).collect(Collectors.toCollection(HashSet::new));
        }
    }

    public static final class Templates implements WarningTemplates {
        public final Map<String, WarningTemplate> templates = new ConcurrentHashMap<>();

        public Templates() {
            templates.put("tpl-sms", new WarningTemplate("tpl-sms", "养老诈骗提醒", "SMS", "zh-CN",
                    "{district}的居民：警惕养老投资骗局，疑似诈骗请拨打{hotline}。", "【包头公安】", "UCS-2", 1, Instant.EPOCH));
        }

        @Override
        public Optional<WarningTemplate> get(String id) {
            return Optional.ofNullable(templates.get(id));
        }

        @Override
        public String render(WarningTemplate template, Map<String, String> variables) {
            String body = template.body();
            for (var e : variables.entrySet()) {
                body = body.replace("{" + e.getKey() + "}", e.getValue());
            }
            return template.signature() + body;
        }
    }

    public static final class Campaigns implements CampaignLifecycle {
        public final Map<String, CampaignView> campaigns = new ConcurrentHashMap<>();
        public final List<String> markedRunning = new ArrayList<>();

        public CampaignView put(String id, CampaignStatus status, List<String> districts, List<String> segmentIds) {
            CampaignView view = new CampaignView(id, "冬季反诈 " + id, "goal", LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 31),
                    districts, segmentIds, "publicity", status);
            campaigns.put(id, view);
            return view;
        }

        @Override
        public Optional<CampaignView> get(String id) {
            return Optional.ofNullable(campaigns.get(id));
        }

        @Override
        public synchronized CampaignView markRunning(String id, String by) {
            CampaignView c = campaigns.get(id);
            CampaignView running = new CampaignView(c.id(), c.name(), c.goal(), c.from(), c.to(), c.districts(), c.segmentIds(), c.owner(),
                    CampaignStatus.RUNNING);
            campaigns.put(id, running);
            markedRunning.add(id);
            return running;
        }
    }

    /** {@code n} valid recipients {@code prefix-0 … prefix-(n-1)}, hash {@code h<prefix>-i}, in {@code district}. */
    public static List<Recipient> people(String prefix, int n, String district) {
        List<Recipient> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(person(prefix + "-" + i, district));
        }
        return list;
    }

    public static Recipient person(String id, String district) {
        return new Recipient(id, "h" + id, "enc(" + id + ")", district, "zh-CN", true);
    }
}
