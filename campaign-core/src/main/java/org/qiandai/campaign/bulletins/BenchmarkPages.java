package org.qiandai.campaign.bulletins;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.SplittableRandom;

import org.qiandai.campaign.cases.CaseDistricts;

/**
 * Generates a multi-case bulletin page of a given size for the benchmark, the way a city police site serves one: a
 * head with analytics scripts and styles, navigation, breadcrumbs and a side bar of links, then the article: weekly
 * bulletin sections under fraud-type headings with numbered lines, typical cases under 案例 headings with police advice
 * after each, summary sentences listing several victims' amounts, a case table, and a footer. The same seed gives the
 * same page; the narratives vary (districts, ages, occupations, venues, amounts in figures and Chinese numerals).
 */
final class BenchmarkPages {

    private static final String[] OCCUPATIONS = {"退休教师", "企业职工", "个体户", "在校大学生", "无业", "财务人员", "外卖骑手", "村民", "公司职员"};
    private static final String[] VENUES = {"在家中", "在宿舍内", "在单位", "在出租屋内", "在其经营的店内", "在家里"};
    private static final String[] CHINESE_AMOUNTS = {"三万元", "五千元", "十二万元", "八千五百元", "两万三千元", "四十万元"};
    private static final String[][] TYPES = {
            {"刷单返利", "通过QQ添加陌生人，被拉入兼职群做点赞任务，按要求垫付后无法提现"},
            {"虚假网络投资理财", "通过微信被拉入“荐股群”，在虚假投资平台充值后无法提现"},
            {"虚假网络贷款", "接到“备用金已到账”的短信，下载贷款APP后被以解冻金为由要求转账"},
            {"冒充电商物流客服", "接到自称“快递客服”的电话，称快递丢失可双倍理赔，按对方指引共享屏幕"},
            {"冒充公检法及政府机关", "接到自称“公安局民警”的电话，称其涉嫌洗钱，要求将存款转入“安全账户”"},
            {"冒充领导熟人", "被拉入QQ工作群，冒充单位领导的人要求其向“合作方”账户转账"},
            {"网络游戏产品虚假交易", "在游戏平台看到有人低价出售游戏账号，付款后被对方拉黑"},
            {"网络婚恋交友", "在婚恋网站结识一名男子，确立恋爱关系后被对方以急需用钱为由索要钱款"}};

    private BenchmarkPages() {
    }

    /** A page of at least {@code bytes} bytes in UTF-8 (whole sections: a few KB more at most). */
    static byte[] page(int bytes, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        LocalDate published = LocalDate.of(2025, 3, 24);
        StringBuilder html = new StringBuilder(bytes + 8192);
        html.append("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">")
                .append("<title>全市电信网络诈骗典型案例通报（第").append(seed).append("期）_包头市公安局</title>")
                .append("<meta name=\"PubDate\" content=\"").append(published).append(" 09:00\">")
                .append("<meta name=\"ContentSource\" content=\"包头市公安局\">")
                .append("<link rel=\"stylesheet\" href=\"/css/site.css\"><style>.nav li{float:left;margin:0 12px}.content p{text-indent:2em}</style>")
                .append("<script>var _hmt=_hmt||[];(function(){var hm=document.createElement('script');hm.src='https://hm.example.cn/hm.js?")
                .append(Long.toHexString(seed)).append("';var s=document.getElementsByTagName('script')[0];s.parentNode.insertBefore(hm,s);})();</script>")
                .append("</head><body><div class=\"header\"><div class=\"logo\">包头市公安局</div><div class=\"search\"><form action=\"/search\">")
                .append("<input name=\"q\"><button>搜索</button></form></div></div><div class=\"nav\"><ul>");
        for (String item : List.of("首页", "警务公开", "通知公告", "警情通报", "反诈宣传", "办事指南", "互动交流", "专题专栏")) {
            html.append("<li><a href=\"/").append(item.hashCode() & 0xfff).append("/\">").append(item).append("</a></li>");
        }
        html.append("</ul></div><div class=\"position\">当前位置：首页 &gt; 反诈宣传 &gt; 典型案例</div><div class=\"sidebar\"><h3>热点新闻</h3><ul>");
        for (int i = 0; i < 12; i++) {
            html.append("<li><a href=\"/news/").append(i).append(".html\">全市公安机关开展反诈宣传进社区活动（").append(i + 1).append("）</a></li>");
        }
        html.append("</ul></div><div class=\"article\"><h1>全市电信网络诈骗典型案例通报</h1>")
                .append("<div class=\"info\">发布时间：").append(published).append("　来源：包头市公安局　浏览次数：").append(1000 + r.nextInt(9000))
                .append("</div><div class=\"content\">");
        String footer = "</div></div><div class=\"footer\"><p>版权所有：包头市公安局　蒙ICP备00000000号</p><p>主办单位：包头市公安局</p></div></body></html>";
        int section = 0;
        int footerBytes = footer.getBytes(StandardCharsets.UTF_8).length;
        while (utf8Length(html) + footerBytes < bytes) {
            switch (section++ % 4) {
                case 0 -> weekly(html, r, section);
                case 1 -> typical(html, r);
                case 2 -> summary(html, r);
                default -> table(html, r);
            }
        }
        return html.append(footer).toString().getBytes(StandardCharsets.UTF_8);
    }

    private static int utf8Length(CharSequence text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
        }
        return bytes;
    }

    private static void weekly(StringBuilder html, SplittableRandom r, int section) {
        String[] type = TYPES[r.nextInt(TYPES.length)];
        html.append("<p><strong>").append(toChinese(section % 9 + 1)).append("、").append(type[0]).append("类（6起）</strong></p><p>");
        for (int i = 1; i <= 6; i++) {
            html.append("（").append(i).append("）").append(district(r)).append("某").append(r.nextBoolean() ? "女" : "男").append("，")
                    .append(18 + r.nextInt(60)).append("岁，").append(OCCUPATIONS[r.nextInt(OCCUPATIONS.length)]).append("，")
                    .append(VENUES[r.nextInt(VENUES.length)]).append(type[1]).append("，损失").append(amount(r)).append("。");
            html.append(i < 6 ? "<br>\n" : "</p>");
        }
    }

    private static void typical(StringBuilder html, SplittableRandom r) {
        for (int i = 1; i <= 3; i++) {
            String[] type = TYPES[r.nextInt(TYPES.length)];
            html.append("<p><strong>案例").append(toChinese(i)).append("：").append(type[0]).append("诈骗</strong></p>")
                    .append("<p>").append(1 + r.nextInt(12)).append("月").append(1 + r.nextInt(28)).append("日，").append(district(r))
                    .append("居民").append("王李张刘陈杨赵黄周吴".charAt(r.nextInt(10))).append("某（").append(r.nextBoolean() ? "女" : "男")
                    .append("，").append(18 + r.nextInt(60)).append("岁，").append(OCCUPATIONS[r.nextInt(OCCUPATIONS.length)]).append("）")
                    .append(VENUES[r.nextInt(VENUES.length)]).append(type[1]).append("。</p><p>随后，对方以各种理由要求其继续转账，")
                    .append("先后转账").append(2 + r.nextInt(5)).append("次，共计")
                    .append(r.nextInt(4) == 0 ? CHINESE_AMOUNTS[r.nextInt(CHINESE_AMOUNTS.length)] : amount(r)).append("。</p>")
                    .append("<p>警方提示：凡是要求下载会议软件、共享屏幕、向“安全账户”转账的，都是诈骗！</p>");
        }
    }

    private static void summary(StringBuilder html, SplittableRandom r) {
        String[] type = TYPES[r.nextInt(TYPES.length)];
        html.append("<p>近期，").append(district(r)).append("连续发生三起").append(type[0]).append("类诈骗案件。辖区居民")
                .append(type[1]).append("。该三起案件中，被害人分别被骗").append(amount(r)).append("、").append(amount(r)).append("和")
                .append(amount(r)).append("。</p>");
    }

    private static void table(StringBuilder html, SplittableRandom r) {
        html.append("<table border=\"1\"><tr><th>序号</th><th>案发时间</th><th>辖区</th><th>性别</th><th>年龄</th><th>职业</th>")
                .append("<th>诈骗类型</th><th>损失金额(元)</th><th>简要案情</th></tr>");
        for (int i = 1; i <= 8; i++) {
            String[] type = TYPES[r.nextInt(TYPES.length)];
            html.append("<tr><td>").append(i).append("</td><td>2025-0").append(1 + r.nextInt(3)).append('-').append(10 + r.nextInt(18))
                    .append("</td><td>").append(district(r)).append("</td><td>").append(r.nextBoolean() ? "女" : "男").append("</td><td>")
                    .append(18 + r.nextInt(60)).append("</td><td>").append(OCCUPATIONS[r.nextInt(OCCUPATIONS.length)]).append("</td><td>")
                    .append(type[0]).append("</td><td>").append(1000 + r.nextInt(300_000)).append("</td><td>").append(type[1]).append("</td></tr>");
        }
        html.append("</table>");
    }

    private static String district(SplittableRandom r) {
        return CaseDistricts.BAOTOU.get(r.nextInt(CaseDistricts.BAOTOU.size()));
    }

    private static String amount(SplittableRandom r) {
        return r.nextBoolean() ? (500 + r.nextInt(50_000)) + "元" : (1 + r.nextInt(90)) + "." + r.nextInt(10) + "万元";
    }

    private static String toChinese(int n) {
        return String.valueOf("零一二三四五六七八九十".charAt(Math.min(n, 10)));
    }
}
