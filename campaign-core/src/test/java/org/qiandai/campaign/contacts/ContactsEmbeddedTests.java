package org.qiandai.campaign.contacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.qiandai.campaign.CoreTestApplication;
import org.qiandai.campaign.EmbeddedTestStore;
import org.qiandai.campaign.audit.AuditLog;
import org.qiandai.campaign.cases.CaseFiles;
import org.qiandai.campaign.cases.ImportRefusedException;
import org.qiandai.campaign.cases.ImportSummary;
import org.qiandai.campaign.segments.SegmentDraft;
import org.qiandai.campaign.segments.SegmentField;
import org.qiandai.campaign.segments.SegmentRule;
import org.qiandai.campaign.segments.Segments;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.ContextConfiguration;

/**
 * Contacts on the embedded store: the import's rules (row errors, duplicates, idempotent re-import, GB18030), numbers
 * encrypted and masked, the do-not-contact list, and segment rules counted and streamed by the store.
 */
@SpringBootTest(classes = CoreTestApplication.class, properties = {"qiandai.crypto.key=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "qiandai.audience.batch-size=700"})
@ContextConfiguration(initializers = EmbeddedTestStore.class)
class ContactsEmbeddedTests {

    static final List<String> HEADERS = List.of("手机号", "所属辖区", "年龄", "性别", "职业", "学历", "语言", "来源", "同意日期");

    @Autowired
    ContactImports imports;
    @Autowired
    Contacts contacts;
    @Autowired
    DoNotContactService dnc;
    @Autowired
    SegmentAudience audience;
    @Autowired
    Segments segments;
    @Autowired
    AuditLog audit;
    @Autowired
    PhoneCrypto crypto;
    @Autowired
    MongoTemplate mongo;
    @TempDir
    Path dir;

    final int thisYear = LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).getYear();

    @BeforeEach
    void empty() {
        mongo.getCollection(ContactStore.COLLECTION).drop();
        mongo.getCollection(DoNotContactService.COLLECTION).drop();
        mongo.getCollection("segments").drop();
    }

    @Test
    void importsRefusesBadRowsWithReasonsAndIsIdempotent() {
        Path file = CaseFiles.utf8Csv(dir.resolve("contacts.csv"), List.of(
                List.of(" 手机号 ", "所属辖区", "年龄", "性别", "职业", "学历", "语言", "来源", "同意日期", "身份证号"),
                List.of("138-1234-5678", "东河区", "67", "女", "退休人员", "初中", "", "社区登记", "2026-01-05", "x"),
                List.of("+86 139 0000 1111", "昆都仑区", "22", "M", "学生", "本科", "English", "职业学校", "", ""),
                List.of("1380000000", "东河区", "30", "男", "", "", "", "", "", ""),
                List.of("13812345678", "青山区", "40", "女", "", "", "", "", "", ""),
                List.of("13700000000", "青山区", "约四十", "女", "", "", "", "", "", ""),
                List.of("0472-1234567", "青山区", "", "", "", "", "", "", "", ""),
                List.of("13600000000", "", "", "猫", "", "", "", "", "", "")));
        ImportSummary first = imports.importFile(file, "contacts.csv", "pub");
        assertThat(first.format()).isEqualTo("csv");
        assertThat(first.rows()).isEqualTo(7);
        assertThat(first.imported()).isEqualTo(3);
        assertThat(first.rejected()).isEqualTo(4);
        assertThat(first.ignoredColumns()).containsExactly("身份证号");
        assertThat(first.errors()).extracting(e -> e.row() + " " + e.column() + " " + e.value())
                .containsExactly("4 手机号 ***0000000".replace("***0000000", PhoneNumber.mask("1380000000")), "5 手机号 138****5678",
                        "6 年龄 约四十", "8 性别 猫");
        assertThat(first.errors().get(0).message()).contains("11 digits");
        assertThat(first.errors().get(1).message()).contains("repeats row 2");
        assertThat(first.errors()).allSatisfy(e -> assertThat(String.valueOf(e.value())).doesNotContain("13812345678"));

        ContactView retired = contacts.find(new ContactFilter("东河区", null, null, null, null, null), PageRequest.of(0, 10)).getContent().get(0);
        assertThat(retired.phone()).isEqualTo("138****5678");
        assertThat(retired.age()).isEqualTo(67);
        assertThat(retired.birthYear()).isEqualTo(thisYear - 67);
        assertThat(retired.language()).isEqualTo("zh-CN");
        assertThat(retired.consentDate()).isEqualTo(LocalDate.of(2026, 1, 5));
        assertThat(contacts.get(crypto.hash("+8613900001111")).orElseThrow().language()).isEqualTo("en");
        assertThat(contacts.get(crypto.hash("+864721234567")).orElseThrow().mobile()).isFalse();
        assertThat(mongo.getCollection(ContactStore.COLLECTION).find().into(new ArrayList<>()).toString())
                .doesNotContain("13812345678", "13900001111");

        ImportSummary again = imports.importFile(file, "contacts.csv", "pub");
        assertThat(again.imported()).isZero();
        assertThat(again.unchanged()).isEqualTo(3);
        assertThat(again.updated()).isZero();

        Path changed = CaseFiles.utf8Csv(dir.resolve("changed.csv"), List.of(List.of("phone", "district", "birth_year"),
                List.of("13812345678", "东河区", String.valueOf(thisYear - 68)), List.of("13500000000", "九原区", "1990")));
        ImportSummary update = imports.importFile(changed, "changed.csv", "pub");
        assertThat(update.updated()).isEqualTo(1);
        assertThat(update.imported()).isEqualTo(1);
        assertThat(contacts.total()).isEqualTo(4);
    }

    @Test
    void readsGb18030CsvAndXlsxAndRefusesFilesAsCasesDo() {
        Path gb = CaseFiles.csv(dir.resolve("gb.csv"), Charset.forName("GB18030"), false,
                List.of(List.of("手机号码", "辖区", "职业"), List.of("13800000001", "东河区", "个体工商户")));
        assertThat(imports.importFile(gb, "gb.csv", "pub").imported()).isEqualTo(1);
        assertThat(contacts.get(crypto.hash("+8613800000001")).orElseThrow().occupation()).isEqualTo("个体工商户");

        Path xlsx = CaseFiles.xlsx().sheet("名单").row("社区登记名单").row("手机号", "所属辖区", "出生年份")
                .row(13800000002d, "昆区", 1958d).write(dir.resolve("c.xlsx"));
        ImportSummary summary = imports.importFile(xlsx, "c.xlsx", "pub");
        assertThat(summary.imported()).as("%s", summary.errors()).isEqualTo(1);
        assertThat(contacts.get(crypto.hash("+8613800000002")).orElseThrow().birthYear()).isEqualTo(1958);

        Path noPhone = CaseFiles.utf8Csv(dir.resolve("nophone.csv"), List.of(List.of("所属辖区", "职业"), List.of("东河区", "学生")));
        assertThatThrownBy(() -> imports.importFile(noPhone, "nophone.csv", "pub")).isInstanceOf(ImportRefusedException.class)
                .hasMessageContaining("no phone column");
        Path pdf = CaseFiles.utf8Csv(dir.resolve("x.pdf"), List.of(List.of("a")));
        assertThatThrownBy(() -> imports.importFile(pdf, "x.pdf", "pub")).isInstanceOf(ImportRefusedException.class)
                .extracting(e -> ((ImportRefusedException) e).reason()).isEqualTo(ImportRefusedException.Reason.UNSUPPORTED_TYPE);
    }

    @Test
    void addsOneRevealsWithAnAuditEntry() {
        Contacts.Added added = contacts.add(new ContactDraft("139 8888 7777", "石拐区", null, 1990, "female", "会计", null, "中文", null, null), "pub");
        assertThat(added.created()).isTrue();
        assertThat(added.contact().phone()).isEqualTo("139****7777");
        assertThat(added.contact().gender()).isEqualTo("女");
        assertThat(added.contact().source()).isEqualTo("manual");
        assertThat(contacts.add(new ContactDraft("+8613988887777", "石拐区", null, 1990, "女", "会计", null, null, null, null), "pub").created()).isFalse();
        assertThatThrownBy(() -> contacts.add(new ContactDraft("12345", null, null, null, null, null, null, null, null, null), "pub"))
                .isInstanceOf(ContactRejectedException.class).hasMessageStartingWith("phone:");

        assertThat(contacts.reveal(added.contact().id(), "pub", "10.0.0.7")).contains("+8613988887777");
        assertThat(audit.about("contact", added.contact().id(), 5)).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo("pub");
            assertThat(e.action()).isEqualTo("contact.reveal");
            assertThat(e.remoteAddress()).isEqualTo("10.0.0.7");
            assertThat(e.details()).doesNotContain("13988887777");
        });
    }

    @Test
    void doNotContactIsIdempotentAndAnsweredInBatches() {
        dnc.add("138-0000-0003", "退订", "sms-reply", "channel");
        dnc.add("+8613800000003", "another reason", "manual", "pub");
        assertThat(dnc.list(PageRequest.of(0, 10)).getContent()).singleElement().satisfies(e -> {
            assertThat(e.reason()).isEqualTo("退订");
            assertThat(e.source()).isEqualTo("sms-reply");
            assertThat(e.phone()).isEqualTo("138****0003");
        });
        String hash = crypto.hash("+8613800000004");
        dnc.addHash(hash, "unsubscribed", "provider", "twilio");
        assertThat(dnc.containsHash(hash)).isTrue();
        assertThat(dnc.containsHash(crypto.hash("+8613800000005"))).isFalse();
        assertThat(dnc.containingHashes(List.of(hash, crypto.hash("+8613800000003"), crypto.hash("+8613800000005"))))
                .containsExactlyInAnyOrder(hash, crypto.hash("+8613800000003"));
        assertThatThrownBy(() -> dnc.add("13800000006", "x", "carrier-pigeon", "pub")).isInstanceOf(ContactRejectedException.class);
        contacts.add(new ContactDraft("13800000003", "东河区", null, null, null, null, null, null, null, null), "pub");
        assertThat(contacts.get(crypto.hash("+8613800000003")).orElseThrow().doNotContact()).isTrue();
    }

    @Test
    void nestedRulesCountOnTheStoreAndMembersStreamInStableBatches() {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("手机号", "所属辖区", "年龄", "性别", "职业", "语言"));
        String[] districts = {"东河区", "昆都仑区", "青山区", "九原区", "石拐区"};
        String[] jobs = {"学生", "退休人员", "会计", "个体工商户"};
        for (int i = 0; i < 2500; i++) {
            rows.add(List.of(String.format("139%08d", i), districts[i % 5], String.valueOf(18 + i % 60), i % 2 == 0 ? "女" : "男",
                    jobs[i % 4], i % 10 == 0 ? "en" : "zh-CN"));
        }
        ImportSummary summary = imports.importFile(CaseFiles.utf8Csv(dir.resolve("big.csv"), rows), "big.csv", "pub");
        assertThat(summary.imported()).isEqualTo(2500);

        SegmentRule dongheYoung = SegmentRule.all(List.of(SegmentRule.in(SegmentField.DISTRICT, List.of("东河区")), SegmentRule.ageBetween(18, 30)));
        long expected = countWhere(rows, r -> r.get(1).equals("东河区") && age(r) <= 30);
        assertThat(contacts.count(dongheYoung)).isEqualTo(expected).isPositive();

        SegmentRule nested = SegmentRule.any(List.of(
                SegmentRule.all(List.of(SegmentRule.eq(SegmentField.GENDER, "女"), SegmentRule.ageBetween(60, null))),
                SegmentRule.in(SegmentField.OCCUPATION, List.of("会计", "个体工商户")),
                SegmentRule.eq(SegmentField.LANGUAGE, "en")));
        long expectedNested = countWhere(rows, r -> (r.get(3).equals("女") && age(r) >= 60) || r.get(4).equals("会计")
                || r.get(4).equals("个体工商户") || r.get(5).equals("en"));
        assertThat(contacts.count(nested)).isEqualTo(expectedNested);

        String everyone = segments.save(new SegmentDraft("全部", null, SegmentRule.ageBetween(0, 120), null, null), "pub").id();
        assertThat(audience.count(everyone)).isEqualTo(2500);
        List<String> ids;
        try (Stream<Recipient> members = audience.members(everyone)) {
            ids = members.map(Recipient::contactId).toList();
        }
        assertThat(ids).hasSize(2500).doesNotHaveDuplicates().isSorted();
        try (Stream<Recipient> again = audience.members(everyone)) {
            assertThat(again.map(Recipient::contactId).toList()).isEqualTo(ids);
        }
        String nestedId = segments.save(new SegmentDraft("嵌套", null, nested, null, null), "pub").id();
        try (Stream<Recipient> members = audience.members(nestedId)) {
            List<Recipient> list = members.toList();
            assertThat(list).hasSize((int) expectedNested);
            assertThat(list).allSatisfy(r -> {
                assertThat(r.phoneHash()).isEqualTo(r.contactId());
                assertThat(crypto.decrypt(r.encryptedPhone())).startsWith("+86139");
                assertThat(r.validNumber()).isTrue();
            });
        }
    }

    /** Not a regular test: {@code -Dqiandai.bench=true} measures counting a rule over 100,000 contacts. */
    @Test
    @EnabledIfSystemProperty(named = "qiandai.bench", matches = "true")
    void countsOverAHundredThousandContacts() {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("手机号", "所属辖区", "年龄", "职业"));
        String[] districts = {"东河区", "昆都仑区", "青山区", "九原区", "石拐区", "白云鄂博矿区", "土默特右旗", "固阳县", "达尔罕茂明安联合旗"};
        for (int i = 0; i < 100_000; i++) {
            rows.add(List.of(String.format("137%08d", i), districts[i % 9], String.valueOf(16 + i % 70), i % 3 == 0 ? "学生" : "退休人员"));
        }
        long t0 = System.nanoTime();
        imports.importFile(CaseFiles.utf8Csv(dir.resolve("100k.csv"), rows), "100k.csv", "pub");
        long t1 = System.nanoTime();
        SegmentRule rule = SegmentRule.all(List.of(SegmentRule.in(SegmentField.DISTRICT, List.of("东河区", "青山区")), SegmentRule.ageBetween(18, 30),
                SegmentRule.any(List.of(SegmentRule.eq(SegmentField.OCCUPATION, "学生"), SegmentRule.eq(SegmentField.GENDER, "女")))));
        for (int i = 0; i < 3; i++) {
            long c0 = System.nanoTime();
            long n = contacts.count(rule);
            System.out.printf("count over 100k: %d matching in %d ms%n", n, (System.nanoTime() - c0) / 1_000_000);
        }
        String id = segments.save(new SegmentDraft("bench", null, SegmentRule.ageBetween(0, 120), null, null), "pub").id();
        long s0 = System.nanoTime();
        long streamed;
        try (Stream<Recipient> members = audience.members(id)) {
            streamed = members.count();
        }
        System.out.printf("import 100k: %d ms; members() streamed %d in %d ms%n", (t1 - t0) / 1_000_000, streamed, (System.nanoTime() - s0) / 1_000_000);
    }

    private int age(List<String> row) {
        return Integer.parseInt(row.get(2));
    }

    private static long countWhere(List<List<String>> rows, java.util.function.Predicate<List<String>> p) {
        return rows.stream().skip(1).filter(p).count();
    }
}
