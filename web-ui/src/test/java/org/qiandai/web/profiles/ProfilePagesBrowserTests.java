package org.qiandai.web.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;

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
import org.qiandai.web.Browser;
import org.qiandai.campaign.cases.CaseImports;
import org.qiandai.campaign.demo.DemoCaseGenerator;
import org.qiandai.campaign.segments.Segments;
import org.qiandai.campaign.users.Role;
import org.qiandai.campaign.users.UserAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * The profiling pages in a real browser under the production CSP: start a run on demo-like cases, follow its progress
 * to the run's page, see the profile cards, the scatter plot and the k chart drawn, save a profile as a segment from
 * the prefilled form, and find it on the segments page. Screenshots go to {@code target/screenshots/}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "qiandai.store.in-memory=true",
        "qiandai.demo.enabled=false",
        "spring.thymeleaf.cache=false"
})
@Import(FakeVictimProfiler.Config.class)
class ProfilePagesBrowserTests {

    static final String USER = "browser.profiler";
    static final String PASSWORD = "profile-tester-1";

    @LocalServerPort
    int port;

    @Autowired
    UserAccounts accounts;

    @Autowired
    CaseImports imports;

    @Autowired
    Segments segments;

    @TempDir
    Path temp;

    Browser browser;
    WebDriver driver;

    @BeforeAll
    static void needsBrowser() {
        Browser.assumeInstalled();
    }

    @BeforeEach
    void openBrowser() throws IOException {
        if (accounts.find(USER).isEmpty()) {
            accounts.create(USER, PASSWORD, EnumSet.of(Role.ANALYST));
            imports.importRecords("browser-demo", new DemoCaseGenerator(3, LocalDate.of(2024, 12, 31)).iterator(400), USER);
        }
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
    void startsARunSeesItsProfilesAndChartsAndSavesASegment() throws IOException {
        WebDriverWait wait = Browser.waitUpTo(driver, Duration.ofSeconds(60));
        driver.get(url("/login"));
        browser.submitLogin(USER, PASSWORD);
        wait.until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));

        driver.findElement(By.linkText("画像")).click();
        wait.until(ExpectedConditions.urlContains("/profiles"));
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("受害人画像");
        browser.screenshot("profiles.png");
        driver.findElement(By.id("profile-submit")).click();

        // The page follows the run and opens its page when it is done.
        wait.until(ExpectedConditions.urlMatches(".*/profiles/run-[^/]+$"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#scatter-chart canvas")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#k-chart canvas")));
        assertThat(driver.findElement(By.id("run-state")).getText()).isEqualTo("完成");
        assertThat(driver.findElement(By.id("run-case-count")).getText()).isEqualTo("400");
        List<WebElement> cards = driver.findElements(By.cssSelector("#profile-cards .profile-card"));
        assertThat(cards).hasSize(3);
        assertThat(cards.get(0).getText()).contains("稳定性").contains("职业");
        assertThat(cards.get(0).findElements(By.cssSelector("table.lifts meter"))).isNotEmpty();
        browser.screenshot("profile-run.png");

        String label = cards.get(0).findElement(By.className("profile-label")).getText();
        cards.get(0).findElement(By.className("save-segment")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("segment-dialog")));
        assertThat(driver.findElement(By.id("segment-name")).getDomProperty("value")).isEqualTo(label);
        assertThat(driver.findElements(By.cssSelector("#segment-conditions .condition"))).isNotEmpty();
        WebElement name = driver.findElement(By.id("segment-name"));
        name.clear();
        name.sendKeys("浏览器测试人群");
        browser.screenshot("segment-form.png");
        driver.findElement(By.id("segment-save")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("segment-notice")));
        assertThat(driver.findElement(By.id("segment-notice")).getText()).contains("浏览器测试人群");
        assertThat(segments.list()).anySatisfy(s -> assertThat(s.name()).isEqualTo("浏览器测试人群"));

        driver.findElement(By.linkText("查看目标人群")).click();
        wait.until(ExpectedConditions.urlContains("/segments"));
        assertThat(driver.findElement(By.id("segments-table")).getText()).contains("浏览器测试人群");
        browser.screenshot("segments.png");

        driver.get(url("/profiles"));
        assertThat(driver.findElement(By.id("runs-table")).getText()).contains("完成");
        assertThat(browser.cspViolations()).as("CSP violations in the browser console").isEmpty();
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

}
