package org.qiandai.campaign.templates;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/** The checks a warning passes before it is saved: variables, links, signature and length, rich HTML cleaning. */
class WarningChecksTests {

    static Warnings warnings(boolean allowLinks) {
        return new Warnings(null, Clock.fixed(Instant.parse("2026-11-29T02:00:00Z"), ZoneId.of("Asia/Shanghai")),
                new StaticListableBeanFactory().getBeanProvider(TemplateUsage.class), "【包头公安】", allowLinks, "96110", 10, 500);
    }

    final Warnings warnings = warnings(false);

    @Test
    void smsIsCountedWithItsSignatureAndVariablesAtTheirLongest() {
        TemplateCheck check = warnings.check(sms("【包头公安】", "{district}居民请注意：公检法不会电话办案，遇疑问请拨打{hotline}。"));
        assertThat(check.problems()).isEmpty();
        assertThat(check.variables()).containsExactly("district", "hotline");
        assertThat(check.encoding()).isEqualTo("UCS-2");
        // 6 (signature) + 9 (longest district) + 23 + 5 (hotline) + 1
        String longest = "【包头公安】达尔罕茂明安联合旗居民请注意：公检法不会电话办案，遇疑问请拨打96110。";
        assertThat(check.sms().units()).isEqualTo(longest.length());
        assertThat(check.parts()).isEqualTo(1);
        assertThat(warnings.check(sms(null, "x")).signature()).isEqualTo("【包头公安】");
    }

    @Test
    void unknownVariablesAndUnbalancedBracesAreRefusedWithTheirRule() {
        assertThat(rules(sms(null, "{name}您好，请注意防骗"))).containsExactly("unknown-variable");
        assertThat(rules(sms(null, "{phone}"))).containsExactly("unknown-variable");
        assertThat(rules(sms(null, "请拨打{hotline"))).containsExactly("unbalanced-brace");
        assertThat(rules(sms(null, "请拨打hotline}"))).containsExactly("unbalanced-brace");
        assertThat(rules(sms(null, "{ {district}"))).containsExactly("unbalanced-brace");
        assertThat(warnings.check(sms(null, "{name}")).problems().get(0).message()).contains("{district}").contains("personal data");
    }

    @Test
    void linksOfEveryKindAreRefusedByDefault() {
        for (String body : List.of("点击 http://example.com 领取", "详见https://gov-cn.top/a", "访问www.baidu.com", "xx.cn/abc",
                "退款请点t.cn/A6xYz", "bit.ly/3abc 查看", "登录 ｘｘ．ｃｎ/abc", "打开abc。cn/x", "see 192.168.1.10/pay",
                "Visit Safe-Refund.com now", "ftp://files", "加好友 abc.wang/x")) {
            TemplateCheck check = warnings.check(sms(null, body));
            assertThat(check.problems()).as(body).extracting(TemplateProblem::rule).containsExactly("no-links");
            assertThat(check.problems().get(0).message()).contains("genuine police warnings carry none");
        }
        for (String body : List.of("请拨打96110。", "No.1 rule: never pay, e.g. a fee. Call 96110.", "版本1.2.3", "Mr.Wang, 下午3.30开会",
                "金额5.2万元")) {
            assertThat(warnings.check(sms(null, body)).problems()).as(body).isEmpty();
        }
    }

    @Test
    void linksAreAllowedWithTheSetting() {
        assertThat(warnings(true).check(sms(null, "国家反诈中心 https://example.cn/app")).problems()).isEmpty();
    }

    @Test
    void tooManyPartsAreRefused() {
        assertThat(rules(sms(null, "预".repeat(67 * 10 - 6)))).isEmpty();
        assertThat(rules(sms(null, "预".repeat(67 * 10 - 5)))).containsExactly("sms-too-long");
    }

    @Test
    void missingFieldsUnknownChannelsAndLanguagesAreNamed() {
        assertThat(rules(new TemplateDraft(" ", "fax", "fr", "", null)))
                .containsExactly("name-required", "unknown-channel", "unsupported-language", "body-required");
        assertThat(warnings.check(new TemplateDraft("n", "SMS", "zh-CN", "b", null)).channel()).isEqualTo("sms");
        assertThat(warnings.check(new TemplateDraft("n", "sms-smpp", "en", "b", null)).channel()).isEqualTo("sms-smpp");
    }

    @Test
    void richContentIsCleanedAndTheRemovalsAreListed() {
        String html = "<p onclick=\"steal()\">注意<b>防骗</b></p><script>alert(1)</script>"
                + "<img src=x onerror=alert(1)><iframe src=\"https://evil.example\"></iframe>"
                + "<a href=\"javascript:alert(1)\">点此</a><style>p{}</style>"
                + "<img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"海报\"><form><input></form>";
        TemplateCheck check = warnings.check(new TemplateDraft("卡片", "partner-card", "zh-CN", html, null));
        assertThat(check.problems()).isEmpty();
        assertThat(check.encoding()).isEqualTo("HTML");
        assertThat(check.body()).doesNotContain("script").doesNotContain("onerror").doesNotContain("onclick")
                .doesNotContain("iframe").doesNotContain("javascript").doesNotContain("href").doesNotContain("style")
                .doesNotContain("form").contains("<b>防骗</b>").contains("点此")
                .contains("<img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"海报\">");
        assertThat(check.removed()).contains("<script>", "<p onclick>", "<img onerror>", "<iframe>", "<style>", "<form>", "<input>")
                .anyMatch(r -> r.startsWith("<a href=javascript:"))
                .anyMatch(r -> r.startsWith("<img src=x"));
        assertThat(check.signature()).isNull();
    }

    @Test
    void richContentTextIsCheckedForLinksAndVariables() {
        assertThat(rules(new TemplateDraft("卡", "mms", "zh-CN", "<p>访问 <a href=\"http://x.cn\">x.cn/pay</a></p>", null)))
                .containsExactly("no-links");
        assertThat(rules(new TemplateDraft("卡", "mms", "zh-CN", "<p>{district}居民：拨打{hotline}</p>", null))).isEmpty();
        assertThat(rules(new TemplateDraft("卡", "mms", "zh-CN", "<p>{姓名}</p>", null))).containsExactly("unknown-variable");
    }

    @Test
    void renderFillsVariablesAndPutsTheSignatureFirst() {
        WarningTemplate sms = new WarningTemplate("t", "n", "sms", "zh-CN", "{district}居民请拨打{hotline}", "【包头公安】", "UCS-2", 1, null);
        assertThat(warnings.render(sms, Map.of("district", "青山区"))).isEqualTo("【包头公安】青山区居民请拨打96110");
        assertThat(warnings.render(sms, Map.of())).isEqualTo("【包头公安】本市居民请拨打96110");
        WarningTemplate card = new WarningTemplate("t", "n", "partner-card", "en", "<p>{district}</p>", null, "HTML", 1, null);
        assertThat(warnings.render(card, Map.of("district", "<b>x</b>"))).isEqualTo("<p>&lt;b&gt;x&lt;/b&gt;</p>");
        assertThat(sms.fitsChannel("sms-twilio")).isTrue();
        assertThat(sms.fitsChannel("mms")).isFalse();
        assertThat(card.fitsChannel("partner-card")).isTrue();
    }

    private List<String> rules(TemplateDraft draft) {
        return warnings.check(draft).problems().stream().map(TemplateProblem::rule).toList();
    }

    private static TemplateDraft sms(String signature, String body) {
        return new TemplateDraft("预警", "SMS", "zh-CN", body, signature);
    }
}
