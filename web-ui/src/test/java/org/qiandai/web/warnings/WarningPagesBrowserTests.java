package org.qiandai.web.warnings;

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
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.qiandai.campaign.audit.AuditLog;
import org.qiandai.campaign.contacts.DoNotContactList;
import org.qiandai.campaign.users.Role;
import org.qiandai.campaign.users.UserAccounts;
import org.qiandai.campaign.warnings.CaseStatus;
import org.qiandai.campaign.warnings.WarningCases;
import org.qiandai.campaign.warnings.WarningViewer;
import org.qiandai.web.Browser;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The early-warning pages in a real browser under the production CSP: the duty desk types in a lead and sees the case,
 * its timeline and the open cases' deadlines counting down; an officer on a phone-sized window taps to call (the
 * number shown only then, audited) and records the outcome in two taps; a leader reads the figures. Screenshots go to
 * {@code target/screenshots/}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "qiandai.store.in-memory=true", "qiandai.demo.enabled=false", "qiandai.pushes.scheduler.enabled=false", "spring.thymeleaf.cache=false"})
class WarningPagesBrowserTests {

    static final String PASSWORD = "warning-tester-1";

    @LocalServerPort
    int port;

    @Autowired UserAccounts accounts;
    @Autowired DoNotContactList dnc;
    @Autowired AuditLog audit;
    @Autowired WarningCases cases;

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
        if (accounts.find("browser.duty").isEmpty()) {
            accounts.create("browser.duty", PASSWORD, EnumSet.of(Role.DUTY));
            accounts.create("browser.officer", PASSWORD, EnumSet.of(Role.OFFICER), List.of("昆都仑区"));
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
    void theDeskTypesInALeadAndAnOfficerCallsAndRecordsTheOutcomeInTwoTaps() throws IOException {
        dnc.add("+8613900000201", "browser test: straight to a call", "manual", "test");
        signIn("browser.duty", "/warnings");
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("预警值班台");
        driver.findElement(By.id("lead-phone")).sendKeys("139 0000 0201");
        new Select(driver.findElement(By.id("lead-district"))).selectByValue("昆都仑区");
        new Select(driver.findElement(By.id("lead-source"))).selectByValue("BANK_ALERT");
        new Select(driver.findElement(By.id("lead-fraud"))).selectByValue("冒充公检法及政府机关");
        driver.findElement(By.id("lead-age")).sendKeys("72");
        driver.findElement(By.id("lead-amount")).sendKeys("50000");
        driver.findElement(By.cssSelector("#lead-form button[type=submit]")).click();
        wait.until(ExpectedConditions.urlContains("/warnings/cases/"));
        String caseId = driver.getCurrentUrl().substring(driver.getCurrentUrl().lastIndexOf('/') + 1);
        assertThat(text("case-phone")).isEqualTo("139****0201");
        assertThat(text("case-timeline")).contains("收到线索").contains("跳过预警短信").contains("号码在免打扰名单");
        assertThat(text("case-tasks")).contains("值班民警电话劝阻").contains("browser.officer");
        wait.until(d -> d.findElement(By.cssSelector("#case-tasks .countdown")).getText().startsWith("剩 9:"));
        browser.screenshot("warning-case.png");

        driver.get(url("/warnings"));
        WebElement row = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#open-cases-table tr[data-case='" + caseId + "']")));
        assertThat(row.getText()).contains("139****0201").contains("紧急").contains("browser.officer");
        wait.until(d -> d.findElement(By.cssSelector("#open-cases-table tr[data-case='" + caseId + "'] .countdown")).getText().startsWith("剩"));
        browser.screenshot("warning-desk.png");
        assertThat(browser.cspViolations()).isEmpty();
        signOut();

        driver.manage().window().setSize(new Dimension(390, 844));
        signIn("browser.officer", "/warnings/tasks");
        WebElement card = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".task-card[data-task='" + caseId + "-t1']")));
        assertThat(card.findElement(By.cssSelector(".phone")).getText()).isEqualTo("139****0201");
        assertThat(card.getText()).contains("公检法机关不会电话办案");
        card.findElement(By.cssSelector("button.call")).click();
        wait.until(d -> d.findElement(By.cssSelector(".task-card[data-task='" + caseId + "-t1'] .phone")).getText().equals("+8613900000201"));
        assertThat(card.findElement(By.cssSelector("a.tel-link")).getAttribute("href")).isEqualTo("tel:+8613900000201");
        assertThat(audit.about("warning-task", caseId + "-t1", 5)).singleElement().satisfies(e -> assertThat(e.actor()).isEqualTo("browser.officer"));
        browser.screenshot("warning-officer-call.png");

        card = driver.findElement(By.cssSelector(".task-card[data-task='" + caseId + "-t1']"));
        card.findElement(By.cssSelector("button.outcome[value=DISSUADED]")).click();
        WebElement confirm = card.findElement(By.cssSelector("button.confirm-button"));
        assertThat(confirm.isDisplayed()).isTrue();
        assertThat(confirm.getText()).contains("已劝阻");
        assertThat(cases.get(caseId, desk()).status()).as("one tap is not enough").isEqualTo(CaseStatus.OPEN);
        browser.screenshot("warning-officer-confirm.png");
        confirm.click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("no-tasks")));
        assertThat(cases.get(caseId, desk()).status()).isEqualTo(CaseStatus.DISSUADED);
        assertThat(browser.cspViolations()).isEmpty();
        signOut();

        driver.manage().window().setSize(new Dimension(1280, 1000));
        signIn("browser.leader", "/warnings/stats");
        assertThat(text("total-leads")).isEqualTo("1");
        assertThat(text("total-rate")).isEqualTo("100.0%");
        assertThat(text("stats-groups")).contains("昆都仑区");
        browser.screenshot("warning-stats.png");
        assertThat(browser.cspViolations()).isEmpty();
    }

    private WarningViewer desk() {
        return new WarningViewer("test", EnumSet.of(Role.DUTY), List.of());
    }

    private void signIn(String user, String path) {
        driver.get(url(path));
        wait.until(ExpectedConditions.urlContains("/login"));
        browser.submitLogin(user, PASSWORD);
        wait.until(ExpectedConditions.urlContains(path));
    }

    private void signOut() {
        driver.findElement(By.cssSelector("form.logout button")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("logged-out")));
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private String text(String id) {
        return driver.findElement(By.id(id)).getText().trim();
    }
}
