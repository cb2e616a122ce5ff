package org.qiandai.campaign.bulletins;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeFilter;
import org.jsoup.select.NodeTraversor;

/**
 * Reads a page with jsoup into its title, publication date, source and the blocks of text that may narrate cases, in
 * document order: lines (a paragraph, a list item, a heading, a table cell, a {@code <br>}-separated line) and case
 * tables (a table whose first row names at least two case fields). What is not content is left out: scripts, styles,
 * comments, forms, frames, navigation, footers, side bars and elements whose class or id says so
 * ({@code nav}, {@code menu}, {@code breadcrumb}, {@code footer}, {@code share}, {@code related} …), hidden elements,
 * and lines such as "当前位置：首页 > …", "【打印】【关闭】", "上一篇", "责任编辑". Text without markup is read one line per
 * line. Every walk over the tree is iterative (jsoup's {@link NodeTraversor}), so no nesting breaks it; nesting deeper than
 * {@code qiandai.bulletins.max-depth} is refused.
 */
final class PageReader {

    /** A line of text; {@code tagLevel} 1–6 for {@code h1}–{@code h6}, 0 otherwise; {@code bold} when all its text is bold. */
    record Line(String text, int tagLevel, boolean bold, boolean listItem) implements Block {
    }

    /** A case table: its header row and its data rows, as cell texts. */
    record Table(List<String> headers, List<List<String>> rows) implements Block {
    }

    sealed interface Block permits Line, Table {
    }

    /** What a page holds. Any of title, published and source may be {@code null}. */
    record Page(String title, LocalDate published, String source, List<Block> blocks) {
    }

    private static final Set<String> SKIPPED = Set.of("script", "style", "noscript", "template", "iframe", "frame", "frameset",
            "object", "embed", "applet", "svg", "math", "canvas", "video", "audio", "map", "form", "input", "button", "select",
            "textarea", "option", "nav", "aside", "footer", "head", "link", "meta", "base", "dialog", "menu",
            "datalist", "output", "progress", "meter", "title");
    private static final Set<String> BLOCKS = Set.of("p", "div", "section", "article", "main", "li", "ul", "ol", "dl", "dt", "dd",
            "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "td", "th", "thead", "tbody", "tfoot", "caption", "blockquote",
            "pre", "hr", "br", "center", "figure", "figcaption", "address", "body", "fieldset", "details", "summary", "html");
    private static final Set<String> SKIPPED_BLOCKS = Set.of("nav", "aside", "footer", "form", "dialog", "menu", "iframe", "frame",
            "frameset", "template", "video", "audio", "canvas", "object", "embed", "applet");
    private static final Set<String> BOLD = Set.of("b", "strong");
    private static final Pattern BOILERPLATE_ATTRIBUTE = Pattern.compile(
            "(?i)(?:^|[\\s_\\-])(?:nav|navbar|navigation|menu|breadcrumbs?|crumbs?|footer|foot|sidebar|side|share|sharing|related|"
                    + "recommend|copyright|login|search|toolbar|pagination|pager|topbar|banner|advert|ads?|comments?|friendlinks?|"
                    + "position|location|dqwz|print|close)(?:$|[\\s_\\-\\d])");
    /** How lines that are page chrome start ("当前位置：…", "【打印】", "上一篇", "责任编辑" …), by first character. */
    private static final Map<Character, String[]> BOILERPLATE_STARTS = new HashMap<>();

    static {
        String[] starts = {"当前位置", "您现在的位置", "您的位置", "现在位置", "首页>", "首页 >", "首页»", "首页 »", "发布时间", "发布日期", "发文日期",
                "发表时间", "信息来源", "来源:", "来源 :", "作者:", "责任编辑", "编辑:", "审核:", "浏览次数", "阅读次数", "阅读量", "点击数", "访问量", "字号",
                "字体", "打印", "关闭", "分享到", "分享", "上一篇", "下一篇", "相关链接", "相关阅读", "相关新闻", "版权所有", "COPYRIGHT", "©", "网站标识码",
                "主办单位", "承办单位", "技术支持", "联系我们", "网站地图", "扫一扫", "关注我们", "返回顶部", "[打印", "[关闭"};
        Map<Character, List<String>> grouped = new HashMap<>();
        for (String start : starts) {
            grouped.computeIfAbsent(start.charAt(0), c -> new ArrayList<>()).add(start);
        }
        grouped.forEach((c, list) -> BOILERPLATE_STARTS.put(c, list.toArray(String[]::new)));
    }

    private static final Pattern SEPARATORS = Pattern.compile("[\\s>»/|·]+");
    private static final Pattern PUBLISHED_LINE = Pattern.compile(
            "(?:发布时间|发布日期|发文日期|发表时间|更新时间|时间|日期)\\s*[:：]?\\s*(\\d{4})\\s*[-/.年]\\s*(\\d{1,2})\\s*[-/.月]\\s*(\\d{1,2})");
    private static final Pattern SOURCE_LINE = Pattern.compile("(?:信息来源|来源)\\s*[:：]\\s*([^\\s|｜丨]{2,40})");
    private static final Pattern ISO_DATE = Pattern.compile("(\\d{4})\\s*[-/.年]\\s*(\\d{1,2})\\s*[-/.月]\\s*(\\d{1,2})");
    private static final Pattern MARKUP = Pattern.compile("<\\s*(?:[a-zA-Z][a-zA-Z0-9]*[\\s/>]|!--|!DOCTYPE|/[a-zA-Z])");
    private static final Pattern LINE_BREAKS = Pattern.compile("\\r?\\n|\\r");
    private static final Pattern MONEY = Pattern.compile("\\d+(?:\\.\\d+)?\\s*万?元");
    private static final Pattern TITLE_SEPARATOR = Pattern.compile("\\s*(?:_|\\||｜|——|—|\\s-\\s)\\s*");

    private final int maxDepth;
    private final Lexicon lexicon;

    PageReader(int maxDepth, Lexicon lexicon) {
        this.maxDepth = maxDepth;
        this.lexicon = lexicon;
    }

    Page read(String html) {
        if (!MARKUP.matcher(html).find()) {
            return readText(html);
        }
        Document doc = Jsoup.parse(html);
        Map<String, String> metas = metas(doc);
        String title = metaTitle(doc, metas);
        LocalDate published = metaDate(doc, metas);
        String source = meta(metas, "contentsource", "source", "og:site_name", "sitename", "site");
        Walk walk = new Walk(title, published, source);
        checkDepth(doc.head(), 2); // the head lies two levels below the document, as the body does
        NodeTraversor.filter(walk, doc.body());
        walk.flush();
        return new Page(walk.title, walk.published, walk.source, walk.blocks);
    }

    /** Text without markup: one line per line, the first short one as the title. */
    private Page readText(String text) {
        Walk walk = new Walk(null, null, null);
        boolean first = true;
        for (String raw : LINE_BREAKS.split(text)) {
            String line = Texts.collapse(raw);
            if (line.isEmpty()) {
                continue;
            }
            if (first && walk.title == null && line.length() <= 50 && !MONEY.matcher(line).find()) {
                walk.title = line;
                first = false;
                continue;
            }
            first = false;
            walk.current.append(line);
            walk.flush();
        }
        return new Page(walk.title, walk.published, walk.source, walk.blocks);
    }

    /** Refuses nesting deeper than the limit; the body's is checked as it is walked, the head's here. */
    private void checkDepth(Element root, int depth) {
        NodeTraversor.traverse((node, at) -> checkDepth(depth + at), root);
    }

    private void checkDepth(int depth) {
        if (depth > maxDepth) {
            throw new BulletinRefusedException(BulletinRefusedException.Reason.UNREADABLE, "too-deep", "the page nests its "
                    + "elements deeper than " + maxDepth + " levels (qiandai.bulletins.max-depth); real pages stay far below that");
        }
    }

    private static String metaTitle(Document doc, Map<String, String> metas) {
        String title = meta(metas, "articletitle", "og:title", "dc.title", "title");
        if (title != null) {
            return title;
        }
        String head = Texts.collapse(doc.title());
        if (head.isEmpty()) {
            return null;
        }
        String[] parts = TITLE_SEPARATOR.split(head);
        return parts.length > 0 && parts[0].length() >= 4 ? parts[0] : head;
    }

    private static LocalDate metaDate(Document doc, Map<String, String> metas) {
        String value = meta(metas, "pubdate", "publishdate", "publish_date", "article:published_time", "dc.date", "dc.date.issued",
                "firstpublishedtime", "publishtime", "date");
        if (value == null) {
            Element time = doc.getElementsByTag("time").stream().filter(t -> t.hasAttr("datetime")).findFirst().orElse(null);
            value = time == null ? null : time.attr("datetime");
        }
        return value == null ? null : date(ISO_DATE.matcher(Texts.fold(value)));
    }

    /** The page's {@code <meta>} values by {@code name} or {@code property} (lower case), the first of each name. */
    private static Map<String, String> metas(Document doc) {
        Map<String, String> metas = new HashMap<>();
        for (Element meta : doc.head().getElementsByTag("meta")) {
            String name = (meta.hasAttr("name") ? meta.attr("name") : meta.attr("property")).toLowerCase(Locale.ROOT);
            String content = Texts.collapse(meta.attr("content"));
            if (!name.isEmpty() && !content.isEmpty()) {
                metas.putIfAbsent(name, content.length() > 200 ? content.substring(0, 200) : content);
            }
        }
        return metas;
    }

    /** The first of the named {@code <meta>} values that is set. */
    private static String meta(Map<String, String> metas, String... names) {
        for (String wanted : names) {
            String value = metas.get(wanted);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static LocalDate date(Matcher m) {
        if (!m.find()) {
            return null;
        }
        try {
            return LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** One walk over the body collecting lines and case tables. */
    private final class Walk implements NodeFilter {
        final List<Block> blocks = new ArrayList<>();
        final StringBuilder current = new StringBuilder();
        String title;
        LocalDate published;
        String source;
        private int tagLevel;
        private int boldDepth;
        private boolean allBold = true;
        private boolean anyText;
        private boolean listItem;

        Walk(String title, LocalDate published, String source) {
            this.title = title;
            this.published = published;
            this.source = source;
        }

        @Override
        public FilterResult head(Node node, int depth) {
            checkDepth(depth + 2); // the walk starts at the body, two levels below the document
            if (node instanceof TextNode text) {
                String t = text.getWholeText(); // white space is collapsed once the line is complete
                if (!t.isBlank()) {
                    anyText = true;
                    if (boldDepth == 0) {
                        allBold = false;
                    }
                }
                current.append(t);
                return FilterResult.CONTINUE;
            }
            if (!(node instanceof Element el)) {
                return FilterResult.SKIP_ENTIRELY; // comments, data nodes, doctype
            }
            String tag = el.normalName();
            if (SKIPPED.contains(tag) || hidden(el) || boilerplate(el)) {
                if (BLOCKS.contains(tag) || SKIPPED_BLOCKS.contains(tag)) {
                    flush(); // a skipped script or input inside a paragraph does not cut it
                }
                return FilterResult.SKIP_ENTIRELY;
            }
            if (tag.equals("table")) {
                Table table = caseTable(el);
                if (table != null) {
                    flush();
                    blocks.add(table);
                    return FilterResult.SKIP_ENTIRELY;
                }
            }
            if (BLOCKS.contains(tag)) {
                flush();
            }
            if (tag.length() == 2 && tag.charAt(0) == 'h' && tag.charAt(1) >= '1' && tag.charAt(1) <= '6') {
                tagLevel = tag.charAt(1) - '0';
            } else if (tag.equals("li")) {
                listItem = true;
            } else if (BOLD.contains(tag)) {
                boldDepth++;
            }
            return FilterResult.CONTINUE;
        }

        @Override
        public FilterResult tail(Node node, int depth) {
            if (node instanceof Element el) {
                String tag = el.normalName();
                if (BOLD.contains(tag)) {
                    boldDepth--;
                }
                if (BLOCKS.contains(tag)) {
                    flush();
                }
            }
            return FilterResult.CONTINUE;
        }

        void flush() {
            if (current.length() > 0) {
                String text = Texts.collapse(current);
                current.setLength(0);
                if (!text.isEmpty()) {
                    line(text);
                }
            }
            tagLevel = 0;
            allBold = true;
            anyText = false;
            listItem = false;
        }

        private void line(String text) {
            String folded = Texts.fold(text);
            if (folded.length() <= 120 && boilerplateStart(folded) || folded.contains("ICP备") || folded.contains("公网安备")
                    || SEPARATORS.matcher(folded).matches() || folded.contains(" > ") && folded.length() < 120 && folded.startsWith("首页")) {
                metadata(folded, text);
                return;
            }
            if (published == null || source == null) {
                if (published == null && folded.length() < 120 && PUBLISHED_LINE.matcher(folded).find()) {
                    metadata(folded, text);
                    return;
                }
            }
            if (title == null && tagLevel == 1) {
                title = text;
                return;
            }
            if (title != null && same(text, title)) {
                return;
            }
            blocks.add(new Line(text, tagLevel, anyText && allBold, listItem));
        }

        private void metadata(String folded, String text) {
            if (published == null) {
                Matcher m = PUBLISHED_LINE.matcher(folded);
                published = date(m);
            }
            if (source == null) {
                Matcher m = SOURCE_LINE.matcher(text);
                if (m.find()) {
                    source = m.group(1);
                }
            }
        }

        private boolean same(String a, String b) {
            return a.replace(" ", "").equals(b.replace(" ", ""));
        }
    }

    /** Whether a (folded) line starts as page chrome does, also inside 【】 brackets: 【打印本页】【关闭窗口】. */
    private static boolean boilerplateStart(String folded) {
        int at = 0;
        while (at < folded.length() && (folded.charAt(at) == '【' || folded.charAt(at) == ' ')) {
            at++;
        }
        if (at >= folded.length()) {
            return false;
        }
        String[] starts = BOILERPLATE_STARTS.get(folded.charAt(at));
        if (starts != null) {
            for (String start : starts) {
                if (folded.startsWith(start, at)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean hidden(Element el) {
        if (el.hasAttr("hidden") || "true".equalsIgnoreCase(el.attr("aria-hidden"))) {
            return true;
        }
        String style = el.attr("style");
        if (style.isEmpty()) {
            return false;
        }
        String s = style.toLowerCase(Locale.ROOT).replace(" ", "");
        return s.contains("display:none") || s.contains("visibility:hidden");
    }

    private static boolean boilerplate(Element el) {
        String tag = el.normalName();
        if (tag.equals("body") || tag.equals("html") || tag.equals("table") || tag.equals("tr") || tag.equals("td")) {
            return false;
        }
        String attributes = el.className() + " " + el.id();
        if (attributes.isBlank() || !BOILERPLATE_ATTRIBUTE.matcher(attributes).find()) {
            return false;
        }
        // A misnamed wrapper holding the article itself is not boilerplate: keep elements with much narrative text.
        return el.text().length() < 400;
    }

    /** The table as a case table, or {@code null} when its first row of two or more cells names fewer than two fields. */
    private Table caseTable(Element table) {
        List<Element> rows = new ArrayList<>();
        for (Element child : table.children()) {
            String tag = child.normalName();
            if (tag.equals("tr")) {
                rows.add(child);
            } else if (tag.equals("thead") || tag.equals("tbody") || tag.equals("tfoot")) {
                for (Element row : child.children()) {
                    if (row.normalName().equals("tr")) {
                        rows.add(row);
                    }
                }
            }
        }
        int header = -1;
        List<String> headers = null;
        for (int i = 0; i < rows.size() && i < 3; i++) {
            List<String> cells = cells(rows.get(i));
            if (cells.size() >= 2) {
                header = i;
                headers = cells;
                break;
            }
        }
        if (headers == null) {
            return null;
        }
        java.util.Set<String> fields = new java.util.HashSet<>();
        for (String h : headers) {
            lexicon.tableField(h).ifPresent(fields::add);
        }
        fields.remove("narrative");
        if (fields.size() < 2) {
            return null;
        }
        List<List<String>> data = new ArrayList<>();
        for (int i = header + 1; i < rows.size(); i++) {
            List<String> cells = cells(rows.get(i));
            if (!String.join("", cells).isEmpty()) {
                data.add(cells);
            }
        }
        return new Table(headers, data);
    }

    private static List<String> cells(Element row) {
        List<String> cells = new ArrayList<>();
        for (Element cell : row.children()) {
            if (cell.normalName().equals("td") || cell.normalName().equals("th")) {
                // most cells hold one text node: read it directly rather than through jsoup's text()
                cells.add(cell.childNodeSize() == 1 && cell.childNode(0) instanceof TextNode only
                        ? Texts.collapse(only.getWholeText()) : cell.text());
            }
        }
        return cells;
    }
}
