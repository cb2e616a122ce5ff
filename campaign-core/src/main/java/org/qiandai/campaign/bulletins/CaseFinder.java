package org.qiandai.campaign.bulletins;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.qiandai.campaign.bulletins.FieldExtractor.Amount;
import org.qiandai.campaign.bulletins.FieldExtractor.Context;
import org.qiandai.campaign.bulletins.PageReader.Block;
import org.qiandai.campaign.bulletins.PageReader.Line;
import org.qiandai.campaign.bulletins.PageReader.Table;

/**
 * Finds the cases a page narrates, in document order, and reads each one's fields.
 * <ul>
 *   <li>A <b>case heading</b> ({@code 案例一}, {@code 【案例2】}, {@code 典型案例三}) opens a case: the paragraphs after it, up
 *       to the next heading or police advice (警方提示, 民警提醒 …), are its narrative.</li>
 *   <li>Without case headings, each paragraph or list item that narrates a case (money lost or paid, a victim, fraud
 *       words) is one case; a following paragraph that introduces no new victim (随后, 对方 …) continues it.</li>
 *   <li><b>Section headings</b> ({@code 一、刷单返利类}, {@code （二）}, {@code 【东河区】}, {@code h2}/{@code h3}, short bold
 *       lines) name a fraud type or district that every case under them inherits unless it names its own district.</li>
 *   <li>A <b>summary sentence</b> listing several victims' amounts ({@code 该三起案件中，被害人分别被骗48200元、12900元和3650元})
 *       is one case per amount, each inheriting the type and district its section (or the sentence) names; ages listed
 *       the same way ({@code 分别为23岁、31岁}) are matched by position, anything else said of one victim is not copied.</li>
 *   <li>A <b>table</b> whose header row names case fields is one case per row.</li>
 * </ul>
 */
final class CaseFinder {

    /** One case found: its narrative, the heading it stands under, and its fields. */
    record Found(String text, String heading, Map<BulletinField, FieldValue> fields) {
    }

    private static final Pattern MARKER = Pattern.compile(
            "^\\s*(?:【\\s*|\\[\\s*)?(?:典型)?案例\\s*(?:[一二三四五六七八九十百]+|\\d{1,3})\\s*(?:】|\\]|[:：、.．)）\\s]|$)\\s*[:：]?");
    private static final Pattern INLINE_MARKER = Pattern.compile(
            "(?:【\\s*)?(?:典型)?案例\\s*(?:[一二三四五六七八九十]+|\\d{1,3})\\s*(?:】|[:：、.．])|[（(]\\d{1,2}[)）]");
    private static final Pattern SECTION_PREFIX = Pattern.compile(
            "^\\s*(?:[一二三四五六七八九十]+\\s*[、.．]|[（(][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十]+[类部分节个]|【[^】]{1,24}】\\s*$)");
    private static final Pattern ADVICE = Pattern.compile(
            "^\\s*(?:【|\\[|[一二三四五六七八九十]+\\s*[、.．]\\s*|[（(][一二三四五六七八九十]+[)）]\\s*)?\\s*"
                    + "(?:警方|民警|公安|反诈中心|反诈|温馨|防范|特别|安全|包头公安|警官)?\\s*(?:提示|提醒|忠告|支招|建议|警示|小贴士|划重点)"
                    + "|^\\s*(?:请广大|提醒广大|广大市民|在此提醒|公安机关提醒|警方再次提醒|民警提醒)");
    private static final String[] ADVICE_WORDS = {"提示", "提醒", "忠告", "支招", "建议", "警示", "小贴士", "划重点", "广大"};
    private static final Pattern ADVICE_HEADING = Pattern.compile("提示|提醒|防范|忠告|警示|支招|小贴士|如何|怎么办|识别");
    private static final String[] VICTIM_WORDS = {"(男", "(女", "市民", "居民", "村民", "群众", "事主", "受害人", "被害人", "报警人", "网民",
            "学生", "女士", "先生", "男子", "女子", "老人", "大爷", "阿姨", "大妈", "小伙", "姑娘", "宝妈"};
    /** After 某, what makes it no person: 某公司, 某平台, 某街道 … */
    private static final Pattern NOT_A_PERSON = Pattern.compile(
            "(?:些|种|个|平台|公司|单位|网站|地|处|街道|小区|银行|品牌|APP|社区|村|镇|区|市|县|旗|宝|音|东|信|群|软件|网)");
    private static final String[] CASE_WORDS = {"被骗", "损失", "骗取", "骗走", "诈骗", "报警", "报案", "转账", "汇款", "被盗刷"};
    private static final Pattern CONTINUATION = Pattern.compile(
            "^\\s*(?:随后|之后|此后|其后|后来|后|接着|然后|直到|事后|期间|其间|对方|诈骗分子|骗子|嫌疑人|该|其|经|最终|最后|直至|当|同时|不久|几天后|次日|第二天)");
    private static final Pattern STATISTIC = Pattern.compile(
            "(?:发生|共|接报|破获|涉及|立案|发案|受理|类似)[^，,。；;]{0,12}?(?:\\d+|[两二三四五六七八九十]+)\\s*起"
                    + "|(?:\\d+|[两二三四五六七八九十]+)\\s*起[^，,。；;]{0,6}(?:案件|警情|诈骗)");
    private static final Pattern PLURAL = Pattern.compile(
            "被害人|受害人|事主|群众|市民|(?:\\d+|[两二三四五六七八九十]+)\\s*(?:起|名|人|位|户)|上述|以上|这些|该(?:\\d+|[两二三四五六七八九十]+)");
    private static final Pattern AGE_LIST = Pattern.compile("(?<![\\d.])(\\d{1,3})\\s*(?:周岁|岁)");
    private static final Pattern ALL_OF_THEM = Pattern.compile("[均都皆][为是系在]?");
    private static final Pattern NUMBERED = Pattern.compile("^\\s*(?:[（(]\\d{1,2}[)）]|\\d{1,2}\\s*[、.．](?!\\d)|[①-⑳])");
    private static final Pattern AGE_CELL = Pattern.compile("^\\s*(\\d{1,3}|[一二三四五六七八九十]{1,3})\\s*(?:周岁|岁)?\\s*$");
    private static final Pattern FIGURE_CELL = Pattern.compile("\\s*[\\d.,]+\\s*");
    private static final Pattern TOTAL_ROW = Pattern.compile("^\\s*(?:合计|总计|小计|共计)");

    /** A heading in force, at its level (1 outermost), with what it says. */
    private record Heading(int level, String text, Context context) {
    }

    private final FieldExtractor extractor;
    private final Lexicon lexicon;

    CaseFinder(FieldExtractor extractor, Lexicon lexicon) {
        this.extractor = extractor;
        this.lexicon = lexicon;
    }

    List<Found> find(List<Block> blocks, LocalDate published, int maxDrafts) {
        Run run = new Run(published, maxDrafts);
        for (Block block : blocks) {
            if (block instanceof Table table) {
                run.close();
                run.table(table);
            } else if (block instanceof Line line) {
                for (String part : parts(line.text())) {
                    if (!part.isBlank()) {
                        run.line(new Line(part.strip(), line.tagLevel(), line.bold(), line.listItem()));
                    }
                }
            }
        }
        run.close();
        return run.found;
    }

    /** A line cut before each case heading or case number that follows a sentence inside it (案例二：…, （2）…). */
    static List<String> parts(String text) {
        List<Integer> cuts = null;
        for (int at = 1; at < text.length(); at++) {
            char first = text.charAt(at);
            if (first == '【' || first == '案' || first == '典' || first == '(' || first == '（') {
                int before = at - 1;
                while (before > 0 && Character.isWhitespace(text.charAt(before))) {
                    before--;
                }
                char end = text.charAt(before);
                boolean afterSentence = end == '。' || end == '！' || end == '!' || end == '？' || end == '?' || end == '；' || end == ';';
                if (afterSentence && INLINE_MARKER.matcher(text).region(at, text.length()).lookingAt()) {
                    if (cuts == null) {
                        cuts = new ArrayList<>();
                    }
                    cuts.add(at);
                }
            }
        }
        if (cuts == null) {
            return List.of(text);
        }
        cuts.sort(null);
        List<String> parts = new ArrayList<>();
        int from = 0;
        for (int cut : cuts) {
            if (cut > from) {
                parts.add(text.substring(from, cut));
                from = cut;
            }
        }
        parts.add(text.substring(from));
        return parts;
    }

    /** One pass over a page's blocks. */
    private final class Run {
        final List<Found> found = new ArrayList<>();
        private final LocalDate published;
        private final int maxDrafts;
        private final List<Heading> headings = new ArrayList<>();
        private boolean advice;
        private Story open;

        Run(LocalDate published, int maxDrafts) {
            this.published = published;
            this.maxDrafts = maxDrafts;
        }

        void line(Line line) {
            String text = line.text();
            Facts facts = new Facts(text);
            String folded = facts.folded;
            int caseWord = folded.indexOf("案例");
            Matcher marker = MARKER.matcher(folded);
            if (caseWord >= 0 && caseWord < 8 && marker.lookingAt()) {
                String rest = text.substring(marker.end()).strip();
                close();
                advice = false;
                boolean restIsHeading = rest.length() <= 30 && !new Facts(rest).narrative();
                String heading = restIsHeading ? text : text.substring(0, marker.end()).strip();
                push(5, heading);
                open = new Story(true, heading, context());
                if (!restIsHeading) {
                    line(new Line(rest, 0, false, line.listItem()));
                }
                return;
            }
            if (adviceWords(folded) && ADVICE.matcher(folded).lookingAt()) {
                close();
                advice = true;
                return;
            }
            int level = headingLevel(line, facts);
            if (level > 0) {
                close();
                advice = ADVICE_HEADING.matcher(text).find() && !extractor.namesTypeOrDistrict(text);
                push(level, text);
                return;
            }
            if (advice) {
                return;
            }
            if (split(facts)) {
                return;
            }
            if (folded.indexOf('起') >= 0 && STATISTIC.matcher(folded).find() && !facts.victim()) {
                close();
                push(6, text); // 近期，昆都仑区发生三起刷单返利诈骗案件: what follows inherits its type and district
                return;
            }
            if (facts.narrative()) {
                // a new victim starts a new case, unless the open case has told no money yet (its story goes on)
                boolean numbered = NUMBERED.matcher(folded).lookingAt() || line.listItem();
                boolean newCase = numbered || facts.victim() && open != null && open.toldMoney;
                if (open != null && (open.marker || !newCase || open.lines.isEmpty())) {
                    open.add(facts);
                } else {
                    close();
                    open = new Story(false, innermostHeading(), context());
                    open.add(facts);
                }
            } else if (open != null && !open.lines.isEmpty() && (open.marker || CONTINUATION.matcher(folded).lookingAt())) {
                open.add(facts);
            } else if (open != null && open.marker && open.lines.isEmpty()) {
                open.add(facts);
            } else {
                close();
            }
        }

        /** A summary sentence listing several victims' amounts: one case per amount. */
        private boolean split(Facts facts) {
            String text = facts.text;
            String folded = facts.folded;
            int from = folded.indexOf("分别");
            if (from < 0 || !PLURAL.matcher(folded.substring(0, from)).find()) {
                return false;
            }
            List<Amount> amounts = new ArrayList<>();
            for (Amount a : facts.amounts()) {
                if (a.start() >= from && a.kind() != Amount.Kind.EXCLUDED) {
                    amounts.add(a);
                }
            }
            if (amounts.size() < 2) {
                return false;
            }
            close();
            Map<BulletinField, FieldValue> shared = extractor.extract(text, folded, facts.amounts(), context(), published);
            List<FieldValue> ages = ages(text, folded, from, amounts.size());
            for (int i = 0; i < amounts.size(); i++) {
                Map<BulletinField, FieldValue> fields = new EnumMap<>(BulletinField.class);
                shared.forEach((field, value) -> {
                    boolean perVictim = field == BulletinField.AGE || field == BulletinField.GENDER
                            || field == BulletinField.OCCUPATION || field == BulletinField.VENUE;
                    if (!perVictim || value.inText() && saidOfAll(folded, value.start())) {
                        fields.put(field, value);
                    }
                });
                fields.remove(BulletinField.AGE);
                if (ages != null) {
                    fields.put(BulletinField.AGE, ages.get(i));
                }
                fields.put(BulletinField.LOSS, FieldExtractor.money(text, amounts.get(i), amounts.get(i).approximate() ? 0.75 : 0.85));
                add(new Found(text, innermostHeading(), fields));
            }
            return true;
        }

        /** Ages listed after 分别 as many as the amounts, or {@code null}. */
        private List<FieldValue> ages(String text, String folded, int from, int count) {
            List<FieldValue> ages = new ArrayList<>();
            Matcher m = AGE_LIST.matcher(folded);
            while (m.find()) {
                if (m.start() >= from) {
                    int age = Integer.parseInt(m.group(1));
                    if (age > 0 && age <= 120) {
                        ages.add(FieldValue.inText(age, 0.8, text, m.start(), m.end()));
                    }
                }
            }
            return ages.size() == count ? ages : null;
        }

        private boolean saidOfAll(String folded, int at) {
            Matcher m = ALL_OF_THEM.matcher(folded.substring(Math.max(0, at - 4), at));
            return m.find();
        }

        void table(Table table) {
            if (advice) {
                return;
            }
            List<String> fields = new ArrayList<>();
            for (String header : table.headers()) {
                fields.add(lexicon.tableField(header).orElse(null));
            }
            for (List<String> row : table.rows()) {
                if (!row.isEmpty() && TOTAL_ROW.matcher(row.get(0)).find()) {
                    continue;
                }
                Found one = tableRow(table.headers(), fields, row);
                if (one != null) {
                    add(one);
                }
            }
        }

        private Found tableRow(List<String> headers, List<String> fields, List<String> row) {
            StringBuilder text = new StringBuilder();
            int[] starts = new int[row.size()];
            for (int i = 0; i < row.size(); i++) {
                starts[i] = -1;
                String cell = row.get(i);
                if (cell.isEmpty() || i >= headers.size()) {
                    continue;
                }
                if (text.length() > 0) {
                    text.append('；');
                }
                text.append(headers.get(i)).append('：');
                starts[i] = text.length();
                text.append(cell);
            }
            String rowText = text.toString();
            Map<BulletinField, FieldValue> values = new EnumMap<>(BulletinField.class);
            String narrative = null;
            int narrativeAt = -1;
            for (int i = 0; i < row.size() && i < fields.size(); i++) {
                String field = fields.get(i);
                if (field == null || starts[i] < 0) {
                    continue;
                }
                if (field.equals("narrative")) {
                    narrative = row.get(i);
                    narrativeAt = starts[i];
                    continue;
                }
                BulletinField key = BulletinField.byKey(field).orElseThrow();
                FieldValue value = cell(key, headers.get(i), row.get(i), rowText, starts[i]);
                if (value != null) {
                    values.putIfAbsent(key, value);
                }
            }
            Context context = context();
            if (narrative != null) {
                Map<BulletinField, FieldValue> read = extractor.extract(narrative, Context.NONE, published);
                for (Map.Entry<BulletinField, FieldValue> e : read.entrySet()) {
                    FieldValue v = e.getValue();
                    values.putIfAbsent(e.getKey(), new FieldValue(v.value(), v.confidence(), v.span(), v.start() + narrativeAt,
                            v.end() + narrativeAt, null));
                }
            }
            if (context.fraudType() != null) {
                values.putIfAbsent(BulletinField.FRAUD_TYPE, context.fraudType());
            }
            if (context.district() != null) {
                values.putIfAbsent(BulletinField.DISTRICT, context.district());
            }
            if (values.isEmpty()) {
                return null;
            }
            return new Found(rowText, innermostHeading(), values);
        }

        /** One table cell read as the field its column names. */
        private FieldValue cell(BulletinField field, String header, String cell, String rowText, int at) {
            String f = Texts.fold(cell);
            Map<BulletinField, FieldValue> read = null;
            switch (field) {
                case AGE -> {
                    Matcher m = AGE_CELL.matcher(f);
                    if (m.find()) {
                        var age = Numerals.parse(m.group(1));
                        if (age != null && age.intValue() > 0 && age.intValue() <= 120) {
                            return new FieldValue(age.intValue(), 0.95, cell, at, at + cell.length(), null);
                        }
                    }
                    return null;
                }
                case GENDER -> {
                    String g = f.strip();
                    String value = g.startsWith("女") || g.equals("F") ? "女" : g.startsWith("男") || g.equals("M") ? "男" : null;
                    return value == null ? null : new FieldValue(value, 0.95, cell, at, at + cell.length(), null);
                }
                case LOSS -> {
                    String amountText = FIGURE_CELL.matcher(f).matches() ? f.strip() + (Texts.fold(header).contains("万") ? "万元" : "元") : f;
                    for (Amount a : FieldExtractor.amounts(amountText)) {
                        if (a.kind() != Amount.Kind.EXCLUDED) {
                            return new FieldValue(FieldExtractor.plain(a.yuan()), 0.95, cell, at, at + cell.length(), null);
                        }
                    }
                    return null;
                }
                default -> read = extractor.extract(cell, Context.NONE, published);
            }
            FieldValue value = read.get(field);
            if (value != null) {
                return new FieldValue(value.value(), Math.max(value.confidence(), 0.9), value.span(), value.start() + at, value.end() + at, null);
            }
            if (field == BulletinField.REPORT_DATE || field == BulletinField.DISTRICT || cell.length() > 20) {
                return null; // dates must parse, districts must be configured ones
            }
            return new FieldValue(cell.strip(), 0.75, cell, at, at + cell.length(), null); // stated by the police: kept as written
        }

        private void push(int level, String text) {
            while (!headings.isEmpty() && headings.get(headings.size() - 1).level() >= level) {
                headings.remove(headings.size() - 1);
            }
            headings.add(new Heading(level, text, extractor.heading(text, context())));
        }

        private Context context() {
            return headings.isEmpty() ? Context.NONE : headings.get(headings.size() - 1).context();
        }

        private String innermostHeading() {
            for (int i = headings.size() - 1; i >= 0; i--) {
                if (headings.get(i).level() < 6) {
                    return headings.get(i).text();
                }
            }
            return null;
        }

        void close() {
            if (open != null && !open.lines.isEmpty()) {
                String text = String.join("\n", open.lines);
                Map<BulletinField, FieldValue> fields = open.only != null
                        ? extractor.extract(text, open.only.folded, open.only.amounts(), open.context, published)
                        : extractor.extract(text, open.context, published);
                add(new Found(text, open.heading, fields));
            }
            if (open != null && open.marker) {
                // the case heading ends with its case
                while (!headings.isEmpty() && headings.get(headings.size() - 1).level() >= 5) {
                    headings.remove(headings.size() - 1);
                }
            }
            open = null;
        }

        private void add(Found one) {
            if (found.size() >= maxDrafts) {
                throw new BulletinRefusedException(BulletinRefusedException.Reason.TOO_LARGE, "too-many-cases", "the page holds more than "
                        + maxDrafts + " cases (qiandai.bulletins.max-drafts): split it into smaller pages");
            }
            found.add(one);
        }
    }

    /** What the finder asks of a line, each worked out once and only when asked. */
    private final class Facts {
        final String text;
        final String folded;
        private List<Amount> amounts;
        private Boolean victim;
        private Boolean narrative;

        Facts(String text) {
            this.text = text;
            this.folded = Texts.fold(text);
        }

        List<Amount> amounts() {
            if (amounts == null) {
                amounts = FieldExtractor.amounts(folded);
            }
            return amounts;
        }

        /** Money said to be lost or paid. */
        boolean money() {
            for (Amount a : amounts()) {
                if (a.kind() == Amount.Kind.LOSS || a.kind() == Amount.Kind.TOTAL || a.kind() == Amount.Kind.PAY) {
                    return true;
                }
            }
            return false;
        }

        /** A victim is named: an age, (男/(女, 市民, 学生, 女士 …, or a person written X某 / 某某 / 某女. */
        boolean victim() {
            if (victim == null) {
                victim = names(folded);
            }
            return victim;
        }

        /** Whether the line narrates (part of) a case: money lost or paid, or a victim with case words. */
        boolean narrative() {
            if (narrative == null) {
                boolean caseWord = false;
                for (String word : CASE_WORDS) {
                    caseWord |= folded.contains(word);
                }
                if (money()) {
                    narrative = victim() || caseWord || !lexicon.scan(folded).isEmpty();
                } else {
                    narrative = victim() && caseWord && folded.length() >= 20;
                }
            }
            return narrative;
        }
    }

    /** Whether the first 24 characters hold a word police advice starts with (checked before the advice pattern). */
    private static boolean adviceWords(String f) {
        String head = f.length() > 24 ? f.substring(0, 24) : f;
        for (String word : ADVICE_WORDS) {
            if (head.contains(word)) {
                return true;
            }
        }
        return false;
    }

    private static boolean names(String f) {
        if (FieldExtractor.ageAfter(f, 0) >= 0) {
            return true;
        }
        for (String word : VICTIM_WORDS) {
            if (f.contains(word)) {
                return true;
            }
        }
        for (int at = f.indexOf('某'); at >= 0; at = f.indexOf('某', at + 1)) {
            int after = at + 1 < f.length() && f.charAt(at + 1) == '某' ? at + 2 : at + 1;
            if (after < f.length() && (f.charAt(after) == '男' || f.charAt(after) == '女')) {
                return true; // 某女，26岁
            }
            if (at > 0 && Texts.isHan(f.charAt(at - 1)) && !NOT_A_PERSON.matcher(f).region(after, f.length()).lookingAt()) {
                return true; // 李某, 王某某
            }
        }
        return false;
    }

    /** A case being gathered: the lines of its narrative, and whether a case heading opened it. */
    private static final class Story {
        final boolean marker;
        final String heading;
        final Context context;
        final List<String> lines = new ArrayList<>();
        Facts only;
        boolean toldMoney;

        Story(boolean marker, String heading, Context context) {
            this.marker = marker;
            this.heading = heading;
            this.context = context;
        }

        void add(Facts line) {
            lines.add(line.text);
            only = lines.size() == 1 ? line : null;
            toldMoney |= line.money();
        }
    }

    /** The level of a heading line (1 outermost … 4), or 0 when the line is not a heading. */
    private int headingLevel(Line line, Facts facts) {
        String folded = facts.folded;
        int length = line.text().length();
        if (length > 40) {
            return 0;
        }
        if (line.tagLevel() > 0) {
            return line.tagLevel();
        }
        Matcher prefix = SECTION_PREFIX.matcher(folded);
        char first = folded.isEmpty() ? ' ' : folded.strip().isEmpty() ? ' ' : folded.strip().charAt(0);
        if ((first == '(' || first == '第' || first == '【' || "一二三四五六七八九十".indexOf(first) >= 0) && prefix.lookingAt()) {
            String p = prefix.group();
            return p.contains("（") || p.contains("(") || p.contains("【") ? 3 : 2;
        }
        if (line.bold() && !facts.narrative()) {
            return 4;
        }
        if (length <= 20 && !facts.narrative() && extractor.namesTypeOrDistrict(line.text())) {
            return 4;
        }
        return 0;
    }
}
