package org.qiandai.web.bulletins;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
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
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.qiandai.campaign.users.Role;
import org.qiandai.campaign.users.UserAccounts;
import org.qiandai.web.Browser;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The bulletin review in a real browser under the production CSP: upload a typical-cases page, see every case with its
 * spans marked, watch a field's span light up when its input has the focus (the page's script), correct a value,
 * confirm, and find the case record with the bulletin as its source. Screenshots go to {@code target/screenshots/}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "qiandai.store.in-memory=true",
        "qiandai.demo.enabled=false",
        "spring.thymeleaf.cache=false",
        // a context (and store) of its own: this test stores a case, and ImportPageBrowserTests counts the cases in its store
        "qiandai.bulletins.max-drafts=1000"
})
class BulletinPagesBrowserTests {

    static final String USER = "browser.bulletins";
    static final String PASSWORD = "bulletin-tester-1";

    @LocalServerPort
    int port;
    @Autowired
    UserAccounts accounts;
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
    void reviewsABulletinsDraftsAndConfirmsOneIntoACaseRecord() throws IOException {
        Path page = temp.resolve("典型案例.html");
        try (InputStream in = getClass().getResourceAsStream("/bulletins/02-typical-cases.html")) {
            Files.copy(in, page);
        }
        WebDriverWait wait = Browser.waitUpTo(driver, Duration.ofSeconds(60));
        driver.get(url("/cases/bulletins"));
        wait.until(ExpectedConditions.urlContains("/login"));
        browser.submitLogin(USER, PASSWORD);
        wait.until(ExpectedConditions.urlContains("/cases/bulletins"));

        driver.findElement(By.id("bulletin-file")).sendKeys(page.toAbsolutePath().toString());
        driver.findElement(By.id("bulletin-submit")).click();
        wait.until(ExpectedConditions.urlMatches(".*/cases/bulletins/bl-[0-9a-f]{12}$"));
        assertThat(driver.findElement(By.id("bulletin-title")).getText()).isEqualTo("包头警方发布五起电信网络诈骗典型案例");
        assertThat(driver.findElement(By.id("bulletin-notice")).getText()).contains("5");
        List<WebElement> drafts = driver.findElements(By.cssSelector("article.draft"));
        assertThat(drafts).hasSize(5);
        WebElement first = drafts.get(0);
        assertThat(first.findElement(By.cssSelector("h2")).getText()).isEqualTo("案例一：刷单返利诈骗");
        assertThat(first.findElement(By.cssSelector("mark.hl-loss")).getText()).isEqualTo("2.36万元");
        browser.screenshot("bulletin-review.png");

        // the focused field's span lights up (bulletin-review.js, allowed by the CSP)
        WebElement loss = first.findElement(By.cssSelector("input[name=loss]"));
        loss.click();
        wait.until(d -> first.findElement(By.cssSelector("mark.hl-loss")).getAttribute("class").contains("active"));
        loss.clear();
        loss.sendKeys("23700");
        first.findElement(By.cssSelector("input[name=caseNo]")).sendKeys("KDL-20241008");
        first.findElement(By.cssSelector("button.confirm")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("bulletin-notice")));
        assertThat(driver.findElement(By.id("bulletin-notice")).getText()).contains("KDL-20241008");
        assertThat(driver.findElement(By.id("bulletin-progress")).getText()).contains("已入库 1").contains("待确认 4");
        browser.screenshot("bulletin-confirmed.png");

        driver.findElement(By.linkText("KDL-20241008")).click();
        wait.until(ExpectedConditions.urlContains("/cases/KDL-20241008"));
        assertThat(driver.findElement(By.id("case-loss")).getText()).isEqualTo("23,700");
        assertThat(driver.findElement(By.tagName("body")).getText()).contains("包头警方发布五起电信网络诈骗典型案例").contains("刷单返利");
        browser.screenshot("bulletin-case.png");

        assertThat(browser.cspViolations()).as("CSP violations in the browser console").isEmpty();
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
