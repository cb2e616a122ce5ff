package org.qiandai.web.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.qiandai.web.Browser;
import org.qiandai.campaign.campaigns.CampaignDetails;
import org.qiandai.campaign.campaigns.CampaignStatus;
import org.qiandai.campaign.campaigns.Campaigns;
import org.qiandai.campaign.users.Role;
import org.qiandai.campaign.users.UserAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The warning editor and the campaign pages in a real browser under the production CSP: the live counter follows the
 * typing (encoding, parts, refused links, what the HTML cleaner removes); a campaign is planned and submitted by the
 * publicity team and approved by a leader, with its history, an activity and the calendar. Screenshots go to
 * {@code target/screenshots/}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "qiandai.store.in-memory=true",
        "qiandai.demo.enabled=false",
        "spring.thymeleaf.cache=false"
})
class CampaignPagesBrowserTests {

    static final String PASSWORD = "campaign-tester-1";

    @LocalServerPort
    int port;

    @Autowired
    UserAccounts accounts;

    @Autowired
    Campaigns campaigns;

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
        if (accounts.find("browser.publicity").isEmpty()) {
            accounts.create("browser.publicity", PASSWORD, EnumSet.of(Role.PUBLICITY));
            accounts.create("browser.leader", PASSWORD, EnumSet.of(Role.LEADER));
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
    void theEditorCountsAsTheUserTypesAndShowsRefusedRulesAndCleaning() throws IOException {
        signIn("browser.publicity", "/templates/new");
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("新建预警模板");
        driver.findElement(By.id("template-name")).sendKeys("冒充公检法提醒");
        WebElement body = driver.findElement(By.id("template-body"));

        // 【包头公安】 (6) + 64 characters = 70: one UCS-2 part; one more makes two.
        body.sendKeys("预".repeat(64));
        waitFor("count-characters", "70");
        assertThat(text("count-encoding")).isEqualTo("UCS-2");
        assertThat(text("count-parts")).isEqualTo("1");
        body.sendKeys("警");
        waitFor("count-parts", "2");
        assertThat(text("count-detail")).contains("71").contains("67");
        browser.screenshot("template-editor-counter.png");

        body.sendKeys(" 退款请点 t.cn/A6xYz");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#template-problems li[data-rule=no-links]")));
        assertThat(text("template-problems")).contains("不得含链接").contains("genuine police warnings carry none");
        assertThat(driver.findElement(By.id("template-ok")).isDisplayed()).isFalse();
        browser.screenshot("template-editor-link-refused.png");

        // Saving anyway: the server refuses it with the rule, and keeps what was typed.
        driver.findElement(By.id("template-save")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("template-refused")));
        assertThat(text("template-refused")).contains("不得含链接");
        assertThat(driver.findElement(By.id("template-body")).getDomProperty("value")).contains("t.cn/A6xYz");

        // An English GSM-7 text with its own signature.
        new Select(driver.findElement(By.id("template-language"))).selectByValue("en");
        WebElement signature = driver.findElement(By.id("template-signature"));
        signature.clear();
        signature.sendKeys("[Baotou Police]");
        body = driver.findElement(By.id("template-body"));
        body.clear();
        body.sendKeys("Police never ask you to move money to a safe account. Call {hotline}.");
        waitFor("count-encoding", "GSM-7");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("template-ok")));
        assertThat(text("count-parts")).isEqualTo("1");

        // Rich content: the cleaner's removals are listed as the user types.
        new Select(driver.findElement(By.id("template-channel"))).selectByValue("partner-card");
        assertThat(driver.findElement(By.id("signature-field")).isDisplayed()).isFalse();
        body.clear();
        body.sendKeys("<p onclick=\"x()\">Call {hotline}</p><script>alert(1)</script><img src=x onerror=alert(1)>");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("template-removed"), "<script>"));
        assertThat(text("template-removed")).contains("<p onclick>").contains("<img onerror>");
        assertThat(text("count-encoding")).isEqualTo("HTML");
        browser.screenshot("template-editor-cleaning.png");
        driver.findElement(By.id("template-save")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("template-notice")));
        assertThat(text("saved-removed")).contains("<script>");
        assertThat(driver.findElement(By.id("template-body")).getDomProperty("value")).isEqualTo("<p>Call {hotline}</p>");
        browser.screenshot("template-saved.png");

        driver.get(url("/templates"));
        assertThat(text("templates-table")).contains("冒充公检法提醒").contains("HTML");
        assertThat(browser.cspViolations()).as("CSP violations").isEmpty();
    }

    @Test
    void thePublicityTeamSubmitsAndALeaderApproves() throws IOException {
        signIn("browser.publicity", "/campaigns/new");
        driver.findElement(By.id("campaign-name")).sendKeys("冬季反诈宣传月");
        driver.findElement(By.id("campaign-goal")).sendKeys("提醒退休老人警惕虚假养老投资");
        driver.findElement(By.id("campaign-districts")).sendKeys("青山区、东河区");
        driver.findElement(By.cssSelector("#campaign-channels input[value=sms-twilio]")).click();
        browser.screenshot("campaign-form.png");
        driver.findElement(By.id("campaign-save")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("campaign-notice")));
        assertThat(text("campaign-status")).isEqualTo("草稿");
        String id = driver.getCurrentUrl().replaceAll(".*/campaigns/", "");
        CampaignDetails stored = campaigns.details(id).orElseThrow();
        assertThat(stored.districts()).containsExactly("青山区", "东河区");

        // An offline activity on the campaign's first day.
        new Select(driver.findElement(By.id("activity-kind"))).selectByValue("RADIO");
        driver.findElement(By.id("activity-title")).sendKeys("交通广播反诈专题");
        driver.findElement(By.id("activity-place")).sendKeys("包头交通广播");
        ((JavascriptExecutor) driver).executeScript("arguments[0].value = arguments[1]",
                driver.findElement(By.id("activity-from")), stored.from().toString());
        driver.findElement(By.id("activity-districts")).sendKeys("青山区");
        driver.findElement(By.id("activity-audience")).sendKeys("20000");
        driver.findElement(By.id("activity-save")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("campaign-activities")));
        assertThat(text("campaign-activities")).contains("交通广播反诈专题").contains("20000");

        driver.findElement(By.id("campaign-submit")).click();
        wait.until(ExpectedConditions.textToBe(By.id("campaign-status"), "待审批"));
        assertThat(driver.findElements(By.id("campaign-approve"))).isEmpty();
        browser.screenshot("campaign-submitted.png");
        signOut();

        signIn("browser.leader", "/campaigns/" + id);
        assertThat(driver.findElements(By.id("campaign-submit"))).isEmpty();
        // Rejecting needs a reason: the browser holds the empty form back, and the server would refuse it too.
        driver.findElement(By.id("campaign-approve")).click();
        wait.until(ExpectedConditions.textToBe(By.id("campaign-status"), "已批准"));
        assertThat(text("campaign-notice")).isEqualTo("已批准。");
        List<WebElement> history = driver.findElements(By.cssSelector("#campaign-history tbody tr"));
        assertThat(history).hasSize(3);
        assertThat(history.get(1).getText()).contains("提交审批").contains("browser.publicity");
        assertThat(history.get(2).getText()).contains("批准").contains("待审批 → 已批准").contains("browser.leader");
        browser.screenshot("campaign-approved.png");
        assertThat(campaigns.details(id).orElseThrow().status()).isEqualTo(CampaignStatus.APPROVED);

        driver.get(url("/campaigns/calendar?month=" + stored.from().toString().substring(0, 7)));
        WebElement firstDay = driver.findElement(By.cssSelector("#calendar td[data-date='" + stored.from() + "']"));
        assertThat(firstDay.getText()).contains("冬季反诈宣传月").contains("交通广播反诈专题");
        assertThat(text("month-shown")).isEqualTo(stored.from().toString().substring(0, 7));
        browser.screenshot("campaign-calendar.png");

        driver.get(url("/campaigns?lang=en"));
        assertThat(text("campaigns-table")).contains("冬季反诈宣传月").contains("Approved");
        assertThat(browser.cspViolations()).as("CSP violations").isEmpty();
    }

    private void signIn(String user, String path) {
        driver.get(url(path));
        wait.until(ExpectedConditions.urlContains("/login"));
        browser.submitLogin(user, PASSWORD);
        wait.until(ExpectedConditions.urlContains(path.split("\\?")[0]));
    }

    private void signOut() {
        driver.findElement(By.cssSelector("form.logout button")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("logged-out")));
    }

    private void waitFor(String id, String value) {
        wait.until(ExpectedConditions.textToBe(By.id(id), value));
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private String text(String id) {
        return driver.findElement(By.id(id)).getText().trim();
    }

}
