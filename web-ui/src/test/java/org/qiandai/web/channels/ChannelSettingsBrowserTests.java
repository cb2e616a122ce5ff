package org.qiandai.web.channels;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.qiandai.campaign.audit.AuditLog;
import org.qiandai.campaign.users.Role;
import org.qiandai.campaign.users.UserAccounts;
import org.qiandai.channels.settings.ChannelSettings;
import org.qiandai.channels.twilio.TwilioSender;
import org.qiandai.web.Browser;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The channel settings page in a real browser under the production CSP: an administrator sees every channel with
 * where each value comes from, a refused rate is named in place (htmx) with nothing saved, a saved change turns Twilio
 * on in the running application with the secret shown only as set (never in the page), the change is in the card's
 * history and the audit trail; the page reads in English too. Screenshots go to {@code target/screenshots/}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "qiandai.store.in-memory=true", "qiandai.demo.enabled=false", "qiandai.pushes.scheduler.enabled=false", "spring.thymeleaf.cache=false",
        "qiandai.channels.partners.didi.url=http://127.0.0.1:9/didi", "qiandai.channels.partners.didi.secret=browser-didi-secret-000000000000",
        "qiandai.channels.partners.didi.enabled=false"})
class ChannelSettingsBrowserTests {

    static final String PASSWORD = "settings-tester-1";
    static final String TOKEN = "browser-typed-auth-token-6620";

    @LocalServerPort
    int port;

    @Autowired UserAccounts accounts;
    @Autowired AuditLog audit;
    @Autowired TwilioSender sender;

    @TempDir
    Path temp;

    Browser browser;
    WebDriver driver;
    WebDriverWait wait;

    @BeforeAll
    static void needsChromium() {
        Browser.assumeInstalled();
    }

    @BeforeEach
    void openBrowser() throws IOException {
        if (accounts.find("browser.admin").isEmpty()) {
            accounts.create("browser.admin", PASSWORD, EnumSet.of(Role.ADMIN));
        }
        browser = Browser.open(temp);
        driver = browser.driver();
        wait = Browser.waitUpTo(driver, Duration.ofSeconds(30));
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void anAdministratorTurnsTwilioOnWithAWriteOnlyTokenAndSeesARefusedRateNamed() throws IOException {
        signIn("browser.admin", "/channels/settings");
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("渠道设置");
        assertThat(text("settings-precedence")).contains("qiandai.channels.*").contains("优先").contains("10 秒");
        assertThat(driver.findElements(By.cssSelector("section.channel-settings"))).extracting(e -> e.getAttribute("data-channel"))
                .containsExactly("sms-twilio", "sms-smpp", "didi");
        assertThat(card("sms-twilio").findElement(By.cssSelector(".channel-state")).getText()).isEqualTo("未启用");
        assertThat(card("sms-twilio").findElement(By.cssSelector(".secret-state")).getText()).isEqualTo("未设置");
        assertThat(card("didi").findElement(By.cssSelector(".secret-state")).getText()).isEqualTo("已设置");
        assertThat(card("didi").getText()).contains("来自配置文件");

        // a rate of 0 is refused in place, naming the field, with nothing saved
        type("sms-twilio-rate", "0");
        card("sms-twilio").findElement(By.cssSelector(".settings-form button[type=submit]")).click();
        wait.until(d -> !card("sms-twilio").findElements(By.cssSelector(".settings-problem")).isEmpty());
        assertThat(card("sms-twilio").findElement(By.cssSelector(".settings-problem")).getText()).startsWith("rate: ").contains("more than 0");
        assertThat(card("sms-twilio").findElement(By.cssSelector(".field.invalid input")).getAttribute("id")).isEqualTo("sms-twilio-rate");
        assertThat(driver.findElement(By.id("sms-twilio-rate")).getAttribute("value")).as("what was typed stays").isEqualTo("0");
        assertThat(audit.about(ChannelSettings.AUDIT_OBJECT, "sms-twilio", 5)).isEmpty();
        browser.screenshot("channel-settings-refused.png");

        type("sms-twilio-account-sid", "AC" + "0123456789abcdef".repeat(2));
        type("sms-twilio-auth-token", TOKEN);
        type("sms-twilio-from", "+15005550006");
        type("sms-twilio-rate", "30/m");
        driver.findElement(By.id("sms-twilio-enabled")).click();
        card("sms-twilio").findElement(By.cssSelector(".settings-form button[type=submit]")).click();
        wait.until(d -> !card("sms-twilio").findElements(By.cssSelector(".settings-notice")).isEmpty());
        WebElement twilio = card("sms-twilio");
        assertThat(twilio.findElement(By.cssSelector(".settings-notice")).getText()).isEqualTo("已保存并生效。");
        assertThat(twilio.findElement(By.cssSelector(".channel-state")).getText()).isEqualTo("已启用");
        assertThat(twilio.findElement(By.cssSelector(".secret-state")).getText()).isEqualTo("已设置");
        assertThat(driver.findElement(By.id("sms-twilio-auth-token")).getAttribute("value")).isEmpty();
        assertThat(driver.findElement(By.id("sms-twilio-rate")).getAttribute("value")).isEqualTo("0.5");
        assertThat(twilio.findElement(By.cssSelector(".settings-history")).getAttribute("textContent")).contains("browser.admin").contains("rate");
        assertThat(driver.getPageSource()).doesNotContain(TOKEN);
        assertThat(sender.enabled()).as("in force in the running application").isTrue();
        assertThat(sender.rate()).isEqualTo(0.5);
        assertThat(audit.about(ChannelSettings.AUDIT_OBJECT, "sms-twilio", 5)).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo("browser.admin");
            assertThat(e.details()).contains("enabled").contains("rate").contains("auth-token set").doesNotContain(TOKEN);
        });
        browser.screenshot("channel-settings-saved.png");
        assertThat(browser.cspViolations()).isEmpty();

        driver.get(url("/channels/settings?lang=en"));
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Channel settings");
        assertThat(card("sms-twilio").findElement(By.cssSelector(".secret-state")).getText()).isEqualTo("set");
        assertThat(card("sms-twilio").getText()).contains("saved here (overrides)");
        assertThat(text("settings-precedence")).contains("overrides");
        browser.screenshot("channel-settings-en.png");
        assertThat(browser.cspViolations()).isEmpty();
    }

    private WebElement card(String channel) {
        return driver.findElement(By.id("channel-" + channel));
    }

    private void type(String id, String value) {
        WebElement input = driver.findElement(By.id(id));
        input.clear();
        input.sendKeys(value);
    }

    private void signIn(String user, String path) {
        driver.get(url(path));
        wait.until(ExpectedConditions.urlContains("/login"));
        browser.submitLogin(user, PASSWORD);
        wait.until(ExpectedConditions.urlContains(path));
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private String text(String id) {
        return driver.findElement(By.id(id)).getText().trim();
    }
}
