package org.qiandai.campaign.bulletins;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the fields of one case narrative. Every value comes with the text it was read from; a field the text does not
 * state is left out, never guessed. Matching runs on the {@linkplain Texts#fold folded} text, whose offsets are the
 * original's, so spans quote the narrative exactly as the bulletin wrote it (full-width punctuation and all).
 *
 * <ul>
 *   <li><b>date</b>: {@code 2024年10月8日}, {@code 2024-10-08}, {@code 2023年5月} (its first day, less sure),
 *       {@code 今年3月}, {@code 去年12月5日}, {@code 10月8日}, {@code 昨日} resolved against the publication date (a day
 *       that would fall after it belongs to the year before); a date followed by 报警/报案 wins over the others, then the
 *       first. Without a publication date a date without its year is not read.</li>
 *   <li><b>district</b>: the first configured district or alias named.</li>
 *   <li><b>age</b>: {@code 52岁}, {@code 52周岁}, {@code 五十二岁}; not ranges, "多岁", or the age of a child "其10岁的儿子".</li>
 *   <li><b>gender</b>: {@code (女，52岁)}, {@code 某女}, {@code 李女士}, {@code 男子} …, the fraudster's excluded.</li>
 *   <li><b>occupation, venue, contact channel</b>: the earliest vocabulary keyword that is not the fraudster's claim.</li>
 *   <li><b>fraud type</b>: the type a heading names, else the vocabulary's keyword scores.</li>
 *   <li><b>loss</b>: amounts in figures or Chinese numerals with 元/万元/万/亿; a total (共计, 累计, 合计) wins, then the
 *       largest amount said to be lost (被骗, 损失, 涉案, 骗走), then what was paid (转账, 汇款, 充值, 垫付 …), summed when
 *       several; rebates, earnings, loans applied for, prices and money recovered are not losses.</li>
 * </ul>
 */
final class FieldExtractor {

    /** What the headings above a case say about it: a fraud type and a district, each with the heading text it came from. */
    record Context(FieldValue fraudType, FieldValue district) {
        static final Context NONE = new Context(null, null);
    }

    /** An amount of money in a narrative, with what the words before it make of it. */
    record Amount(BigDecimal yuan, int start, int end, Kind kind, boolean approximate) {
        enum Kind { TOTAL, LOSS, PAY, EXCLUDED, UNKNOWN }
    }

    private static final String NUM = "(\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?|[零〇一二两三四五六七八九十百千万亿]+)";
    private static final Pattern AMOUNT = Pattern.compile(NUM + "\\s*(余|多)?\\s*(万|亿)?\\s*(余|多)?\\s*(元|块钱|块)?");
    private static final Pattern FULL_DATE = Pattern.compile("(?<!\\d)(\\d{4})\\s*(?:年\\s*(\\d{1,2})\\s*月\\s*(\\d{1,2})\\s*[日号]?|[-/.](\\d{1,2})[-/.](\\d{1,2}))");
    private static final Pattern MONTH_DATE = Pattern.compile("(?<!\\d)(\\d{4})\\s*年\\s*(\\d{1,2})\\s*月(?!\\s*\\d)");
    private static final Pattern RELATIVE_YEAR = Pattern.compile("(今年|去年|前年|本年|同年)\\s*(\\d{1,2})\\s*月(?:\\s*(\\d{1,2})\\s*[日号])?");
    private static final Pattern DAY_NO_YEAR = Pattern.compile("(?<![\\d年])(\\d{1,2})\\s*月\\s*(\\d{1,2})\\s*[日号]");
    private static final Pattern RELATIVE_MONTH = Pattern.compile("(本月|上月|上个月)\\s*(\\d{1,2})\\s*[日号]");
    private static final Pattern RELATIVE_DAY = Pattern.compile("(昨天|昨日|前天|前日|今天|今日)");
    private static final Pattern REPORTED_AFTER = Pattern.compile("^[^。；;，,]{0,8}?(报警|报案|到.{0,6}(派出所|公安).{0,4}报)");
    private static final Pattern AGE = Pattern.compile("(?<![\\d.])(\\d{1,3}|[一二三四五六七八九十]{1,3})\\s*(周岁|岁)");
    private static final Pattern AGE_NOT_VICTIM_AFTER = Pattern.compile("^\\s*(多|余|左右|以上|以下|至|到|-|~|—|之间|的(儿子|女儿|孩子|孙子|孙女|外孙|外孙女|小孩|侄子|侄女))");
    private static final Pattern AGE_NOT_VICTIM_BEFORE = Pattern.compile("(其|他的|她的|至|到|-|~|—|满|不满|未满|年满|超过)\\s*$");
    private static final Pattern GENDER_MOU = Pattern.compile("某某?(男|女)(?![士子性生孩人])");
    private static final String[] FRAUDSTER = {"自称", "冒充", "假扮", "假冒", "伪装", "谎称", "称是", "冒用"};
    private static final Pattern CONTACT_BEFORE = Pattern.compile("(接到|添加|加了|结识|认识|遇到|联系|与|和|向|给|被)[^,。;]{0,8}$");

    private static final String[] TOTAL = {"共计", "累计", "合计", "总计", "一共", "总共", "共损失", "共被骗", "共转账", "共"};
    private static final String[] LOSS = {"被骗", "损失", "涉案", "骗走", "诈骗", "骗取", "被诈骗", "骗去", "被骗走", "被转走", "转走"};
    private static final String[] PAY = {"转账", "转款", "汇款", "支付", "充值", "付款", "垫付", "缴纳", "交纳", "转入", "转给", "购买",
            "扫码", "打款", "投入", "投资", "缴费", "付费", "交付", "花费", "给付", "交了", "付了", "转了", "借给", "借款", "支出", "汇入",
            "存入", "保证金", "手续费", "解冻费", "会员费", "服务费", "押金", "定金", "订金", "认购"};
    private static final String[] EXCLUDED = {"返利", "返现", "返还", "返款", "佣金", "收益", "获利", "盈利", "提现", "赚取", "赚了", "挽回",
            "追回", "止付", "冻结", "退还", "退回", "贷款", "申请借款", "办理借款", "借款额度", "额度", "放款", "月薪", "工资", "收入", "奖金",
            "余额", "价值", "标价", "原价", "售价", "价格", "薪资", "报酬", "奖励", "红包", "分红", "利息", "回报", "高达", "可获", "能赚"};
    /** A word that says what the amount after it is. */
    private record MoneyWord(String text, Amount.Kind kind) {
    }

    /** The money words by first character (a direct table: no boxing, no hashing). */
    private static final MoneyWord[][] MONEY_WORDS = new MoneyWord[65536][];

    static {
        java.util.Map<Character, List<MoneyWord>> grouped = new java.util.HashMap<>();
        String[][] lists = {TOTAL, LOSS, PAY, EXCLUDED};
        Amount.Kind[] kinds = {Amount.Kind.TOTAL, Amount.Kind.LOSS, Amount.Kind.PAY, Amount.Kind.EXCLUDED};
        for (int k = 0; k < lists.length; k++) {
            for (String word : lists[k]) {
                grouped.computeIfAbsent(word.charAt(0), c -> new ArrayList<>()).add(new MoneyWord(word, kinds[k]));
            }
        }
        grouped.forEach((c, words) -> MONEY_WORDS[c] = words.toArray(MoneyWord[]::new));
    }

    private static final String[] PAID_AFTER = {"转入", "转给", "汇入", "转至", "转到", "被骗", "被转走"};
    private static final String CLAUSE_ENDS = "。；;!?！？\n";

    private final Lexicon lexicon;

    FieldExtractor(Lexicon lexicon) {
        this.lexicon = lexicon;
    }

    /** The fields of a narrative, each only when the text (or, for fraud type and district, its heading) states it. */
    Map<BulletinField, FieldValue> extract(String text, Context context, LocalDate published) {
        String f = Texts.fold(text);
        return extract(text, f, amounts(f), context, published);
    }

    /** As {@link #extract(String, Context, LocalDate)}, with the folded text and its amounts already worked out. */
    Map<BulletinField, FieldValue> extract(String text, String f, List<Amount> amounts, Context context, LocalDate published) {
        List<Lexicon.Hit> hits = lexicon.scan(f);
        boolean[] claimed = claimedByFraudster(f);
        Map<BulletinField, FieldValue> fields = new EnumMap<>(BulletinField.class);
        put(fields, BulletinField.REPORT_DATE, date(text, f, published));
        FieldValue district = earliest(text, hits, claimed, Lexicon.Kind.DISTRICT, 0.9);
        put(fields, BulletinField.DISTRICT, district != null ? district : context.district());
        put(fields, BulletinField.AGE, age(text, f));
        put(fields, BulletinField.GENDER, gender(text, f, hits, claimed));
        put(fields, BulletinField.OCCUPATION, earliest(text, hits, claimed, Lexicon.Kind.OCCUPATION, 0.85));
        put(fields, BulletinField.VENUE, earliest(text, hits, claimed, Lexicon.Kind.VENUE, 0.8));
        put(fields, BulletinField.FRAUD_TYPE, context.fraudType() != null ? context.fraudType() : fraudType(text, hits));
        put(fields, BulletinField.CONTACT_CHANNEL, earliest(text, hits, claimed, Lexicon.Kind.CHANNEL, 0.8));
        put(fields, BulletinField.LOSS, loss(text, amounts));
        return fields;
    }

    /** What a heading says: the fraud type it names (a strong keyword or a type's name) and the district. */
    Context heading(String heading, Context outer) {
        String f = Texts.fold(heading);
        List<Lexicon.Hit> hits = lexicon.scan(f);
        FieldValue type = fraudType(heading, hits);
        if (type != null && type.confidence() < 0.8) {
            type = null; // weak words alone do not make a heading a type
        }
        FieldValue district = earliest(heading, hits, new boolean[f.length()], Lexicon.Kind.DISTRICT, 0.85);
        return new Context(
                type == null ? outer.fraudType() : FieldValue.fromHeading(type.value(), 0.9, heading),
                district == null ? outer.district() : FieldValue.fromHeading(district.value(), 0.8, heading));
    }

    /** Whether the text names a fraud type or a district (what makes a short line a section heading). */
    boolean namesTypeOrDistrict(String text) {
        Context c = heading(text, Context.NONE);
        return c.fraudType() != null || c.district() != null;
    }

    private static void put(Map<BulletinField, FieldValue> fields, BulletinField field, FieldValue value) {
        if (value != null) {
            fields.put(field, value);
        }
    }

    // ---- dates -------------------------------------------------------------------------------------------------

    private FieldValue date(String text, String f, LocalDate published) {
        List<FieldValue> found = new ArrayList<>();
        boolean months = f.indexOf('月') >= 0;
        boolean years = f.indexOf('年') >= 0;
        boolean separators = f.indexOf('-') >= 0 || f.indexOf('/') >= 0 || f.indexOf('.') >= 0;
        boolean days = f.indexOf('昨') >= 0 || f.indexOf('前') >= 0 || f.indexOf('今') >= 0;
        if (!months && !separators && !days) {
            return null;
        }
        boolean[] used = new boolean[f.length() + 1];
        Matcher m = FULL_DATE.matcher(f);
        for (int at = years || separators ? yearAfter(f, 0) : -1; at >= 0; at = yearAfter(f, at + 4)) {
            if (m.region(at, f.length()).lookingAt()) {
                int month = Integer.parseInt(m.group(2) != null ? m.group(2) : m.group(4));
                int day = Integer.parseInt(m.group(3) != null ? m.group(3) : m.group(5));
                addDate(found, used, text, m.start(), m.end(), Integer.parseInt(m.group(1)), month, day, 0.9, published);
            }
        }
        m = MONTH_DATE.matcher(f);
        while (years && months && m.find()) {
            addDate(found, used, text, m.start(), m.end(), Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), 1, 0.6, published);
        }
        if (published != null && months) {
            m = RELATIVE_YEAR.matcher(f);
            while (years && m.find()) {
                int year = switch (m.group(1)) {
                    case "去年" -> published.getYear() - 1;
                    case "前年" -> published.getYear() - 2;
                    default -> published.getYear();
                };
                boolean day = m.group(3) != null;
                addDate(found, used, text, m.start(), m.end(), year, Integer.parseInt(m.group(2)), day ? Integer.parseInt(m.group(3)) : 1,
                        day ? 0.8 : 0.55, published);
            }
            m = DAY_NO_YEAR.matcher(f).useTransparentBounds(true);
            for (int at = f.indexOf('月'); at >= 0 && (f.indexOf('日') >= 0 || f.indexOf('号') >= 0); at = f.indexOf('月', at + 1)) {
                int start = at;
                while (start > 0 && at - start < 2 && Character.isDigit(f.charAt(start - 1))) {
                    start--;
                }
                if (start == at || !m.region(start, f.length()).lookingAt()) {
                    continue;
                }
                int month = Integer.parseInt(m.group(1));
                int day = Integer.parseInt(m.group(2));
                int year = published.getYear();
                if (valid(year, month, day) && LocalDate.of(year, month, day).isAfter(published)) {
                    year--;
                }
                addDate(found, used, text, m.start(), m.end(), year, month, day, 0.8, published);
            }
            m = RELATIVE_MONTH.matcher(f);
            while ((f.contains("本月") || f.contains("上月") || f.contains("上个月")) && m.find()) {
                LocalDate base = m.group(1).equals("本月") ? published : published.minusMonths(1);
                addDate(found, used, text, m.start(), m.end(), base.getYear(), base.getMonthValue(), Integer.parseInt(m.group(2)), 0.75, published);
            }
        }
        if (published != null && days) {
            if (found.isEmpty()) {
                m = RELATIVE_DAY.matcher(f);
                if (m.find()) {
                    int back = switch (m.group(1)) {
                        case "昨天", "昨日" -> 1;
                        case "前天", "前日" -> 2;
                        default -> 0;
                    };
                    LocalDate day = published.minusDays(back);
                    addDate(found, used, text, m.start(), m.end(), day.getYear(), day.getMonthValue(), day.getDayOfMonth(), 0.7, published);
                }
            }
        }
        if (found.isEmpty()) {
            return null;
        }
        found.sort(java.util.Comparator.comparingInt(FieldValue::start));
        for (FieldValue date : found) {
            if (REPORTED_AFTER.matcher(f.substring(date.end())).find()) {
                return new FieldValue(date.value(), Math.min(0.95, date.confidence() + 0.05), date.span(), date.start(), date.end(), null);
            }
        }
        return found.get(0);
    }

    /** Where the next run of exactly four digits (a year) at or after {@code from} starts, or -1. */
    private static int yearAfter(String f, int from) {
        int run = 0;
        for (int i = from; i < f.length(); i++) {
            if (Character.isDigit(f.charAt(i))) {
                run++;
            } else {
                if (run == 4 && (i - 4 == 0 || !Character.isDigit(f.charAt(i - 5)))) {
                    return i - 4;
                }
                run = 0;
            }
        }
        return run == 4 ? f.length() - 4 : -1;
    }

    private static void addDate(List<FieldValue> found, boolean[] used, String text, int start, int end, int year, int month, int day,
                                double confidence, LocalDate published) {
        if (used[start] || !valid(year, month, day)) {
            return;
        }
        LocalDate date = LocalDate.of(year, month, day);
        if (published != null && date.isAfter(published) || date.getYear() < 1990) {
            return;
        }
        for (int i = start; i < end; i++) {
            used[i] = true;
        }
        found.add(FieldValue.inText(date.toString(), confidence, text, start, end));
    }

    private static boolean valid(int year, int month, int day) {
        try {
            LocalDate.of(year, month, day);
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    // ---- age and gender ----------------------------------------------------------------------------------------

    /**
     * Where the next age (a number in figures or Chinese numerals, then 岁 or 周岁) at or after {@code from} starts, or -1:
     * found from each 岁 backwards, which is much cheaper than a pattern tried at every character.
     */
    static int ageAfter(String f, int from) {
        for (int at = f.indexOf('岁', from); at >= 0; at = f.indexOf('岁', at + 1)) {
            int k = at - 1;
            if (k >= 0 && f.charAt(k) == '周') {
                k--;
            }
            while (k >= 0 && f.charAt(k) == ' ') {
                k--;
            }
            int end = k;
            while (k >= 0 && end - k < 3 && (Character.isDigit(f.charAt(k)) || "一二三四五六七八九十".indexOf(f.charAt(k)) >= 0)) {
                k--;
            }
            if (k < end && k + 1 >= from) {
                return k + 1;
            }
        }
        return -1;
    }

    private static FieldValue age(String text, String f) {
        Matcher m = AGE.matcher(f);
        for (int at = ageAfter(f, 0); at >= 0; at = ageAfter(f, at + 1)) {
            if (!m.region(at, f.length()).lookingAt() || at > 0 && (Character.isDigit(f.charAt(at - 1)) || f.charAt(at - 1) == '.')) {
                continue;
            }
            String after = f.substring(m.end(), Math.min(f.length(), m.end() + 8));
            String before = f.substring(Math.max(0, m.start() - 3), m.start());
            if (AGE_NOT_VICTIM_AFTER.matcher(after).find() || AGE_NOT_VICTIM_BEFORE.matcher(before).find()) {
                continue;
            }
            BigDecimal value = Numerals.parse(m.group(1));
            if (value == null || value.intValue() > 120 || value.signum() <= 0) {
                continue;
            }
            return FieldValue.inText(value.intValue(), 0.9, text, m.start(), m.end());
        }
        return null;
    }

    private FieldValue gender(String text, String f, List<Lexicon.Hit> hits, boolean[] claimed) {
        boolean word = f.indexOf('男') >= 0 || f.indexOf('女') >= 0;
        for (int at = 0; word && at < f.length(); at++) {
            char c = f.charAt(at);
            if ((c == '男' || c == '女') && !claimed[at] && bracketed(f, at)) {
                return FieldValue.inText(String.valueOf(c), 0.95, text, at, at + 1);
            }
        }
        Matcher m = GENDER_MOU.matcher(f);
        if (word && f.indexOf('某') >= 0 && m.find() && !claimed[m.start(1)]) {
            return FieldValue.inText(m.group(1), 0.9, text, m.start(1), m.end(1));
        }
        for (Lexicon.Hit hit : hits) {
            if (hit.kind() != Lexicon.Kind.GENDER || claimed[hit.start()] || inKeyword(hits, hit)) {
                continue;
            }
            String before = f.substring(Math.max(0, hit.start() - 12), hit.start());
            if (CONTACT_BEFORE.matcher(before).find()) {
                continue; // 接到一名男子的电话: the caller
            }
            boolean titled = hit.entry().keyword().equals("女士") || hit.entry().keyword().equals("先生");
            return FieldValue.inText(lexicon.name(Lexicon.Kind.GENDER, hit.term()), titled ? 0.9 : 0.8, text, hit.start(), hit.end());
        }
        return null;
    }

    /**
     * Whether the 男/女 at {@code at} stands alone in a bracket or a list of the victim's facts: {@code (女，52岁)},
     * {@code (52岁，女)}, {@code 王某，男，45岁}, followed by a comma, 、, ) or ;.
     */
    private static boolean bracketed(String f, int at) {
        int after = at + 1;
        while (after < f.length() && f.charAt(after) == ' ') {
            after++;
        }
        if (after >= f.length() || ",、);".indexOf(f.charAt(after)) < 0) {
            return false;
        }
        int before = at - 1;
        while (before >= 0 && f.charAt(before) == ' ') {
            before--;
        }
        if (before >= 0 && (f.charAt(before) == ',' || f.charAt(before) == '、')) {
            return true;
        }
        for (int k = at - 1; k >= 0 && at - k <= 13; k--) {
            char c = f.charAt(k);
            if (c == '(') {
                return true;
            }
            if (c == ')') {
                return false;
            }
        }
        return false;
    }

    // ---- vocabulary fields -------------------------------------------------------------------------------------

    /** The earliest hit of the kind that is not the fraudster's claim; the longest keyword where several start together. */
    private FieldValue earliest(String text, List<Lexicon.Hit> hits, boolean[] claimed, Lexicon.Kind kind, double confidence) {
        for (Lexicon.Hit hit : hits) {
            if (hit.kind() == kind && !claimed[hit.start()]) {
                return FieldValue.inText(lexicon.name(kind, hit.term()), confidence, text, hit.start(), hit.end());
            }
        }
        return null;
    }

    /** Whether a gender word is part of a longer keyword of another kind (女生 in 女生宿舍 is still a gender; 男友 is not). */
    private static boolean inKeyword(List<Lexicon.Hit> hits, Lexicon.Hit gender) {
        for (Lexicon.Hit other : hits) {
            if (other != gender && other.kind() == Lexicon.Kind.FRAUD_STRONG && other.start() <= gender.start()
                    && other.end() >= gender.end() && other.end() - other.start() > gender.end() - gender.start()) {
                return true;
            }
        }
        return false;
    }

    private FieldValue fraudType(String text, List<Lexicon.Hit> hits) {
        int types = lexicon.fraudTypeCount();
        int[] score = new int[types];
        Lexicon.Hit[] best = new Lexicon.Hit[types];
        boolean[] named = new boolean[types];
        boolean[] strongHit = new boolean[types];
        java.util.BitSet counted = new java.util.BitSet(lexicon.size());
        for (Lexicon.Hit hit : hits) {
            boolean strong = hit.kind() == Lexicon.Kind.FRAUD_STRONG;
            if (!strong && hit.kind() != Lexicon.Kind.FRAUD_WEAK) {
                continue;
            }
            if (counted.get(hit.entry().id())) {
                continue; // each keyword counts once
            }
            counted.set(hit.entry().id());
            int t = hit.term();
            score[t] += strong ? 3 : 1;
            strongHit[t] |= strong;
            if (strong && (best[t] == null || best[t].entry().kind() != Lexicon.Kind.FRAUD_STRONG)) {
                best[t] = hit;
            } else if (best[t] == null) {
                best[t] = hit;
            }
            if (strong && Texts.fold(lexicon.name(Lexicon.Kind.FRAUD_STRONG, t)).equals(hit.entry().keyword())) {
                named[t] = true;
            }
        }
        int winner = -1;
        for (int t = 0; t < types; t++) {
            if (score[t] >= 2 && (winner < 0 || score[t] > score[winner])) {
                winner = t;
            }
        }
        if (winner < 0) {
            return null;
        }
        int second = 0;
        for (int t = 0; t < types; t++) {
            if (t != winner) {
                second = Math.max(second, score[t]);
            }
        }
        double confidence;
        if (named[winner]) {
            confidence = 0.95;
        } else if (strongHit[winner]) {
            confidence = score[winner] - second >= 3 ? 0.85 : 0.7;
        } else {
            confidence = 0.6;
        }
        Lexicon.Hit span = best[winner];
        return FieldValue.inText(lexicon.name(Lexicon.Kind.FRAUD_STRONG, winner), confidence, text, span.start(), span.end());
    }

    /**
     * Where the fraudster speaks for himself: from 自称/冒充/假扮 … to the next 的, punctuation or means of contact
     * (电话, 来电, 短信: 冒充快递客服电话 is a call), at most 14 characters. What is said there (自称“退休教师”) is no
     * fact about the victim.
     */
    private static boolean[] claimedByFraudster(String f) {
        boolean[] claimed = new boolean[f.length() + 1];
        for (String word : FRAUDSTER) {
            for (int at = f.indexOf(word); at >= 0; at = f.indexOf(word, at + 1)) {
                int end = at + word.length();
                for (int i = at; i < f.length() && i < end + 14; i++) {
                    char c = f.charAt(i);
                    if (i >= end && (c == '的' || c == ',' || c == '。' || c == ';' || c == '、' || c == ':' || c == '!' || c == '?'
                            || f.startsWith("电话", i) || f.startsWith("来电", i) || f.startsWith("短信", i))) {
                        break;
                    }
                    claimed[i] = true;
                }
            }
        }
        return claimed;
    }

    // ---- money -------------------------------------------------------------------------------------------------

    /** Every amount of money in the folded text, in order, each classified by the words before (and right after) it. */
    static List<Amount> amounts(String f) {
        List<Amount> amounts = new ArrayList<>();
        int scanned = 0;
        // Every amount names its unit: look only where one is, and read the number that ends there.
        for (int u = 0; u < f.length(); u++) {
            char unit = f.charAt(u);
            if (u < scanned || unit != '元' && unit != '块' && unit != '万' && unit != '亿') {
                continue;
            }
            int start = u;
            while (start > scanned && u - start < 30 && numberChar(f.charAt(start - 1))) {
                start--;
            }
            while (start < u && ".,余多 ".indexOf(f.charAt(start)) >= 0) {
                start++;
            }
            if (start == u && (unit == '元' || unit == '块')) {
                continue;
            }
            Matcher m = AMOUNT.matcher(f).region(start, Math.min(f.length(), u + 4));
            if (!m.lookingAt()) {
                continue;
            }
            scanned = m.end();
            Amount amount = amount(f, m, amounts);
            if (amount != null) {
                amounts.add(amount);
            }
        }
        return amounts;
    }

    private static boolean numberChar(char c) {
        return c >= '0' && c <= '9' || c == '.' || c == ',' || c == ' ' || c == '余' || c == '多' || Numerals.CHINESE.indexOf(c) >= 0;
    }

    /** The amount a match of {@link #AMOUNT} is, or {@code null} when it is none (no unit, a lone 万, prose such as 一元). */
    private static Amount amount(String f, Matcher m, List<Amount> before) {
        String number = m.group(1);
        String wan = m.group(3);
        String yuan = m.group(5);
        boolean chinese = !Character.isDigit(number.charAt(0));
        boolean bigUnit = wan != null || chinese && (number.indexOf('万') >= 0 || number.indexOf('亿') >= 0);
        if (yuan == null) {
            int next = m.end();
            boolean free = next >= f.length() || !Texts.isHan(f.charAt(next)) || CLAUSE_ENDS.indexOf(f.charAt(next)) >= 0;
            if (!bigUnit || !free) {
                return null;
            }
        }
        if (chinese && number.length() == 1 && wan == null && number.charAt(0) != '十') {
            return null; // 一元 is rarely a loss; 五元 in prose neither
        }
        BigDecimal value = Numerals.parse(number);
        for (int i = 1; value == null && chinese && i < number.length() - 1; i++) {
            value = Numerals.parse(number.substring(i)); // 统一三万元: the numeral starts later
        }
        if (value == null || value.signum() <= 0) {
            return null;
        }
        if ("万".equals(wan)) {
            value = value.multiply(BigDecimal.valueOf(10_000));
        } else if ("亿".equals(wan)) {
            value = value.multiply(BigDecimal.valueOf(100_000_000));
        }
        value = value.setScale(2, RoundingMode.HALF_UP).stripTrailingZeros();
        if (value.scale() < 0) {
            value = value.setScale(0);
        }
        boolean approximate = m.group(2) != null || m.group(4) != null
                || m.start() > 0 && (f.charAt(m.start() - 1) == '近' || f.charAt(m.start() - 1) == '约');
        Amount.Kind kind = kind(f, m.start(), m.end());
        if (kind == Amount.Kind.UNKNOWN && !before.isEmpty()) {
            // 分别为500元、800元、1200元: an amount listed after another is what that one is
            Amount previous = before.get(before.size() - 1);
            String between = f.substring(previous.end(), m.start());
            if (between.length() <= 2 && only(between, "、和及与, ")) {
                kind = previous.kind();
            }
        }
        return new Amount(value, m.start(), m.end(), kind, approximate);
    }

    private static Amount.Kind kind(String f, int start, int end) {
        String next = f.substring(end, Math.min(f.length(), end + 6));
        for (String after : PAID_AFTER) {
            int at = next.indexOf(after);
            if (at >= 0 && at <= 3 && none(next.substring(0, at), CLAUSE_ENDS + ",")) {
                return Amount.Kind.PAY; // 将20万元存款转入“安全账户”
            }
        }
        int from = start;
        while (from > 0 && start - from < 16 && CLAUSE_ENDS.indexOf(f.charAt(from - 1)) < 0) {
            from--;
        }
        int bestEnd = -1;
        int bestLength = 0;
        Amount.Kind best = Amount.Kind.UNKNOWN;
        boolean total = false;
        for (int i = from; i < start; i++) {
            MoneyWord[] words = MONEY_WORDS[f.charAt(i)];
            if (words == null) {
                continue;
            }
            for (MoneyWord word : words) {
                if (!f.startsWith(word.text(), i) || i + word.text().length() > start) {
                    continue;
                }
                int wordEnd = i + word.text().length();
                if (word.kind() == Amount.Kind.TOTAL && word.text().equals("共") && start - wordEnd > 1) {
                    continue; // 共 counts only right before the amount
                }
                if (word.kind() == Amount.Kind.TOTAL) {
                    total = true;
                }
                if (wordEnd > bestEnd || wordEnd == bestEnd && word.text().length() > bestLength) {
                    bestEnd = wordEnd;
                    bestLength = word.text().length();
                    best = word.kind();
                }
            }
        }
        if (best == Amount.Kind.EXCLUDED) {
            return best;
        }
        return total ? Amount.Kind.TOTAL : best;
    }

    private static FieldValue loss(String text, List<Amount> amounts) {
        Amount total = null;
        Amount lost = null;
        List<Amount> paid = new ArrayList<>();
        for (Amount a : amounts) {
            switch (a.kind()) {
                case TOTAL -> total = total == null || a.yuan().compareTo(total.yuan()) > 0 ? a : total;
                case LOSS -> lost = lost == null || a.yuan().compareTo(lost.yuan()) > 0 ? a : lost;
                case PAY -> paid.add(a);
                default -> { }
            }
        }
        if (total != null) {
            return money(text, total, total.approximate() ? 0.8 : 0.95);
        }
        if (lost != null) {
            return money(text, lost, lost.approximate() ? 0.75 : 0.9);
        }
        if (paid.isEmpty()) {
            return null;
        }
        if (paid.size() == 1) {
            return money(text, paid.get(0), 0.8);
        }
        BigDecimal sum = BigDecimal.ZERO;
        Amount largest = paid.get(0);
        for (Amount a : paid) {
            sum = sum.add(a.yuan());
            largest = a.yuan().compareTo(largest.yuan()) > 0 ? a : largest;
        }
        if (largest.yuan().multiply(BigDecimal.valueOf(2)).compareTo(sum) == 0) {
            return money(text, largest, 0.8); // one amount is the sum of the others: it is their total
        }
        Amount first = paid.get(0);
        Amount last = paid.get(paid.size() - 1);
        return new FieldValue(plain(sum), 0.7, text.substring(first.start(), last.end()), first.start(), last.end(), null);
    }

    /** Whether every character of {@code text} is one of {@code chars} (loops, not streams: this runs for every amount). */
    private static boolean only(String text, String chars) {
        for (int i = 0; i < text.length(); i++) {
            if (chars.indexOf(text.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean none(String text, String chars) {
        for (int i = 0; i < text.length(); i++) {
            if (chars.indexOf(text.charAt(i)) >= 0) {
                return false;
            }
        }
        return true;
    }

    static FieldValue money(String text, Amount amount, double confidence) {
        return FieldValue.inText(plain(amount.yuan()), confidence, text, amount.start(), amount.end());
    }

    static BigDecimal plain(BigDecimal yuan) {
        BigDecimal stripped = yuan.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
