package org.qiandai.web.analytics;

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
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.qiandai.campaign.users.Role;
import org.qiandai.campaign.users.UserAccounts;
import org.qiandai.web.Browser;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/**
 * The dashboard in headless Chromium under the production CSP, on a small synthetic year: the headline tiles, every
 * chart drawn with data (reach over time, by channel, district and target group, the funnel, the case trend with
 * campaign periods), a leader setting a target, a campaign's comparison with its caveats, the English page, and a
 * weekly report scheduled and made on the reports page. Screenshots go to {@code target/screenshots/}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "qiandai.store.in-memory=true", "qiandai.demo.enabled=false", "spring.thymeleaf.cache=false", "qiandai.pushes.scheduler.enabled=false",
        "qiandai.analytics.schedules.enabled=false", "qiandai.analytics.rebuild-when-needed=false"})
class DashboardBrowserTests {

    static final String USER = "browser.leader";
    static final String PASSWORD = "leader-tester-1";
    static final List<String> CHARTS = List.of("chart-time", "chart-channel", "chart-district", "chart-segment", "chart-funnel", "chart-cases");

    @LocalServerPort int port;
    @Autowired UserAccounts accounts;
    @Autowired ApplicationContext context;
    @TempDir Path temp;

    Browser browser;
    WebDriver driver;

    @BeforeAll
    static void needsBrowser() {
        Browser.assumeInstalled();
    }

    @BeforeEach
    void openBrowser() throws IOException {
        if (accounts.find(USER).isEmpty()) {
            accounts.create(USER, PASSWORD, EnumSet.of(Role.LEADER));
        }
        DemoAnalytics.load(context);
        browser = Browser.open(temp);
        driver = browser.driver();
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void aLeaderSeesEveryChartDrawnSetsATargetAndReadsACampaignsComparison() throws IOException {
        WebDriverWait wait = Browser.waitUpTo(driver, Duration.ofSeconds(60));
        driver.get(url("/login"));
        browser.submitLogin(USER, PASSWORD);
        wait.until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));

        driver.findElement(By.linkText("成效看板")).click();
        wait.until(ExpectedConditions.urlContains("/dashboard"));
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("宣传成效看板");
        // a year, so that every chart has something to draw
        String to = driver.findElement(By.id("to")).getDomProperty("value");
        driver.get(url("/dashboard?from=" + java.time.LocalDate.parse(to).minusDays(364) + "&to=" + to));
        driver.manage().window().setSize(new Dimension(1600, 3200));
        for (String chart : CHARTS) {
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#" + chart + " canvas")));
        }
        wait.until(d -> CHARTS.stream().allMatch(this::drawnWithData));
        assertThat(Long.parseLong(driver.findElement(By.cssSelector("#tile-reach .tile-value")).getText().replace(",", ""))).isPositive();
        assertThat(driver.findElement(By.id("tile-reach")).getText()).contains("实测");
        assertThat(driver.findElement(By.id("tile-impressions")).getText()).contains("合作方报告");
        assertThat(driver.findElement(By.id("tile-estimated")).getText()).contains("估算");
        assertThat(markedCampaigns()).isPositive();
        browser.screenshot("dashboard.png");

        // a leader sets this year's targets
        driver.findElement(By.cssSelector("#targets summary")).click();
        driver.findElement(By.id("t-people")).sendKeys("50000");
        driver.findElement(By.id("t-actions")).sendKeys("300");
        driver.findElement(By.name("people.东河区")).sendKeys("8000");
        driver.findElement(By.id("save-target")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".alert-info"), "目标已保存"));
        assertThat(driver.findElement(By.cssSelector(".targets-table")).getText()).contains("50,000").contains("东河区").contains("8,000");

        // one campaign: its comparison, shown with its caveats
        new Select(driver.findElement(By.id("campaignId"))).selectByIndex(1);
        driver.findElement(By.cssSelector("#dashboard-filters button[type=submit]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("comparison")));
        assertThat(driver.findElement(By.id("comparison")).getText()).contains("目标辖区内的目标人群").contains("不能证明成效");
        wait.until(d -> drawnWithData("chart-cases"));
        browser.screenshot("dashboard-campaign.png");
        assertThat(browser.cspViolations()).as("CSP violations in the browser console").isEmpty();

        driver.get(url("/dashboard?lang=en"));
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Reach and effect");
        wait.until(d -> drawnWithData("chart-cases"));
    }

    @Test
    void aLeaderSchedulesAWeeklyReportAndDownloadsIt() throws IOException {
        WebDriverWait wait = Browser.waitUpTo(driver, Duration.ofSeconds(60));
        driver.get(url("/login"));
        browser.submitLogin(USER, PASSWORD);
        wait.until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
        driver.get(url("/reports"));
        driver.findElement(By.id("s-name")).sendKeys("浏览器周报");
        driver.findElement(By.id("schedule-save")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("schedules"), "浏览器周报"));
        driver.findElement(By.cssSelector("#schedules button:not(.danger)")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("stored-reports")));
        assertThat(driver.findElement(By.id("stored-reports")).getText()).contains("浏览器周报").contains(".xlsx");
        browser.screenshot("reports.png");
        assertThat(browser.cspViolations()).isEmpty();
    }

    /** Whether the chart's ECharts instance has a series with at least one figure above zero. */
    private boolean drawnWithData(String id) {
        Object drawn = ((JavascriptExecutor) driver).executeScript(
                "var c = window.echarts && echarts.getInstanceByDom(document.getElementById(arguments[0]));"
                        + "if (!c) { return false; } var o = c.getOption();"
                        + "return (o.series || []).some(function (s) { return (s.data || []).some(function (d) {"
                        + "  var v = (d !== null && typeof d === 'object') ? d.value : d; return v > 0; }); });", id);
        return Boolean.TRUE.equals(drawn);
    }

    private long markedCampaigns() {
        Object n = ((JavascriptExecutor) driver).executeScript(
                "var o = echarts.getInstanceByDom(document.getElementById('chart-cases')).getOption();"
                        + "return o.series[0].markArea.data.length;");
        return ((Number) n).longValue();
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
