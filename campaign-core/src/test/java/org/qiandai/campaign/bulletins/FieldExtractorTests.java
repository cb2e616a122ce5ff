package org.qiandai.campaign.bulletins;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.qiandai.campaign.bulletins.FieldExtractor.Amount;
import org.qiandai.campaign.cases.CaseDistricts;

/** The field reader on single sentences: numbers as bulletins write them, money, dates, and what is the fraudster's. */
class FieldExtractorTests {

    static final Lexicon LEXICON = VocabularySource.bundled(CaseDistricts.BAOTOU);
    static final LocalDate PUBLISHED = LocalDate.of(2025, 3, 24);
    final FieldExtractor extractor = new FieldExtractor(LEXICON);

    @Test
    void readsChineseNumeralsAsWritten() {
        assertThat(Numerals.chinese("三万")).isEqualTo(30_000);
        assertThat(Numerals.chinese("三万五千")).isEqualTo(35_000);
        assertThat(Numerals.chinese("三万五")).isEqualTo(35_000);
        assertThat(Numerals.chinese("十二万")).isEqualTo(120_000);
        assertThat(Numerals.chinese("一千零五")).isEqualTo(1_005);
        assertThat(Numerals.chinese("三万零五百")).isEqualTo(30_500);
        assertThat(Numerals.chinese("两千")).isEqualTo(2_000);
        assertThat(Numerals.chinese("八千五百")).isEqualTo(8_500);
        assertThat(Numerals.chinese("二十三万五千")).isEqualTo(235_000);
        assertThat(Numerals.chinese("五十二")).isEqualTo(52);
        assertThat(Numerals.chinese("二〇二四")).isEqualTo(2_024);
        assertThat(Numerals.chinese("一亿二千万")).isEqualTo(120_000_000);
        assertThat(Numerals.chinese("万")).isNull();
        assertThat(Numerals.chinese("一三")).as("digit by digit, as years are written").isEqualTo(13);
        assertThat(Numerals.chinese("百")).isNull();
        assertThat(Numerals.parse("48,200")).isEqualByComparingTo("48200");
    }

    @Test
    void findsWhatWasLostAmongTheAmountsOfANarrative() {
        assertThat(loss("李某按对方要求下载会议软件并共享屏幕，先后转账3次共计8.6万元。")).isEqualByComparingTo("86000");
        assertThat(loss("前两单获得返利52元，随后对方要求其继续垫付，小王先后转账7次，共计被骗2.36万元。")).isEqualByComparingTo("23600");
        assertThat(loss("通过短信链接申请贷款5万元，被以“流水不足”为由收取保证金，损失9800元。")).isEqualByComparingTo("9800");
        assertThat(loss("先后付款三次，分别为500元、800元、1200元，对方拒绝到账。")).isEqualByComparingTo("2500");
        assertThat(loss("王某按对方要求操作后，卡内近3万元被转走。")).isEqualByComparingTo("30000");
        assertThat(loss("杜某按要求将20万元存款转入所谓“安全账户”。")).isEqualByComparingTo("200000");
        assertThat(loss("田某通过手机银行转账三万元。")).isEqualByComparingTo("30000");
        assertThat(loss("共计损失１５．８万元。")).isEqualByComparingTo("158000");
        assertThat(loss("被害人被骗48,200元。")).isEqualByComparingTo("48200");
        assertThat(loss("累计被骗6.8万元。接警后，民警成功止付资金2.1万元。")).isEqualByComparingTo("68000");
        assertThat(loss("活动吸引一万多人参加，月入过万不是梦。")).isNull();
        assertThat(loss("经民警及时劝阻，未造成财产损失。")).isNull();
        List<Amount> amounts = FieldExtractor.amounts(Texts.fold("获得返利52元，随后共计被骗2.36万元"));
        assertThat(amounts).extracting(Amount::kind).containsExactly(Amount.Kind.EXCLUDED, Amount.Kind.TOTAL);
    }

    @Test
    void resolvesRelativeDatesAgainstThePublicationDateAndNeverGuessesWithoutOne() {
        assertThat(date("今年2月，土右旗村民郝某被骗2.8万元。", PUBLISHED)).isEqualTo("2025-02-01");
        assertThat(date("去年12月5日，某女被骗1万元。", PUBLISHED)).isEqualTo("2024-12-05");
        assertThat(date("3月10日，某女被骗1万元。", PUBLISHED)).isEqualTo("2025-03-10");
        assertThat(date("3月30日，某女被骗1万元。", PUBLISHED)).as("after publication: the year before").isEqualTo("2024-03-30");
        assertThat(date("昨日，某女被骗1万元。", PUBLISHED)).isEqualTo("2025-03-23");
        assertThat(date("2024年10月1日被骗后，其于10月8日报警。", PUBLISHED)).as("the report date wins").isEqualTo("2024-10-08");
        assertThat(date("2024-10-08，某女被骗1万元。", null)).isEqualTo("2024-10-08");
        assertThat(date("3月10日，某女被骗1万元。", null)).isNull();
        assertThat(date("近日，某女被骗1万元。", PUBLISHED)).isNull();
    }

    @Test
    void readsTheVictimNotTheFraudster() {
        Map<BulletinField, FieldValue> fields = read("市民张某（男，45岁）接到自称“退休教师”的女子来电，称其女儿在学校生病急需用钱。");
        assertThat(fields.get(BulletinField.GENDER).value()).isEqualTo("男");
        assertThat(fields).doesNotContainKey(BulletinField.OCCUPATION);
        assertThat(read("李女士接到一名男子的电话，被骗3000元。").get(BulletinField.GENDER).value()).isEqualTo("女");
        assertThat(read("九原区居民刘某（男，67岁）接到冒充快递客服电话，被骗5万元。").get(BulletinField.CONTACT_CHANNEL).value())
                .isEqualTo("电话");
        assertThat(read("王某接到自称“抖音客服”的电话，被骗3万元。").get(BulletinField.CONTACT_CHANNEL).value()).isEqualTo("电话");
    }

    @Test
    void readsAgesInFiguresAndNumeralsButNotOfOthersOrRanges() {
        assertThat(read("钱女士（五十五岁）被骗1万元。").get(BulletinField.AGE).value()).isEqualTo(55);
        assertThat(read("一名１４岁的初中生被骗6800元。").get(BulletinField.AGE).value()).isEqualTo(14);
        assertThat(read("张某其10岁的儿子用其手机充值游戏被骗800元。")).doesNotContainKey(BulletinField.AGE);
        assertThat(read("受害人多为18至40岁的青年，被骗1万元。")).doesNotContainKey(BulletinField.AGE);
        assertThat(read("一位七十多岁的老人被骗1万元。")).doesNotContainKey(BulletinField.AGE);
    }

    @Test
    void spansQuoteTheNarrativeExactlyAsWritten() {
        String text = "１０月１８日，青山区居民鲁某（女，５２岁）被骗８．６万元。";
        Map<BulletinField, FieldValue> fields = extractor.extract(text, FieldExtractor.Context.NONE, PUBLISHED);
        for (FieldValue v : fields.values()) {
            assertThat(text.substring(v.start(), v.end())).isEqualTo(v.span());
        }
        assertThat(fields.get(BulletinField.LOSS).span()).isEqualTo("８．６万元");
        assertThat(fields.get(BulletinField.AGE).span()).isEqualTo("５２岁");
    }

    private Map<BulletinField, FieldValue> read(String text) {
        return extractor.extract(text, FieldExtractor.Context.NONE, PUBLISHED);
    }

    private BigDecimal loss(String text) {
        FieldValue v = read(text).get(BulletinField.LOSS);
        return v == null ? null : (BigDecimal) v.value();
    }

    private String date(String text, LocalDate published) {
        FieldValue v = extractor.extract(text, FieldExtractor.Context.NONE, published).get(BulletinField.REPORT_DATE);
        return v == null ? null : (String) v.value();
    }
}
