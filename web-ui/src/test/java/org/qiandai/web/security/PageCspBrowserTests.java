package org.qiandai.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.qiandai.campaign.audit.AuditLog;
import org.qiandai.campaign.users.Role;
import org.qiandai.campaign.users.UserAccounts;
import org.qiandai.web.Browser;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every page the application maps (a GET outside {@code /api/**} without path variables, found in
 * {@link RequestMappingHandlerMapping}, so a new page is covered without touching this test), opened in headless
 * Chromium under the production Content Security Policy by a user holding every role, in Chinese and in English: the
 * browser console reports no CSP violation on any of them — no inline script or style slipped in.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "qiandai.store.in-memory=true", "qiandai.demo.enabled=false", "qiandai.pushes.scheduler.enabled=false"})
class PageCspBrowserTests {

    static final String PASSWORD = "csp-walker-password";

    @LocalServerPort
    int port;
    @Autowired
    UserAccounts accounts;
    @Autowired
    AuditLog audit;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;
    @TempDir
    Path temp;

    @BeforeAll
    static void needsChromium() {
        Browser.assumeInstalled();
    }

    List<String> pages() {
        TreeSet<String> pages = new TreeSet<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> e : mappings.getHandlerMethods().entrySet()) {
            var methods = e.getKey().getMethodsCondition().getMethods();
            if (!methods.isEmpty() && !methods.contains(RequestMethod.GET)) {
                continue;
            }
            for (String path : e.getKey().getPathPatternsCondition().getPatternValues()) {
                if (!path.startsWith("/api/") && !path.contains("{") && !path.equals("/error") && !path.equals("/login")) {
                    pages.add(path);
                }
            }
        }
        return List.copyOf(pages);
    }

    @Test
    void noPageLogsAContentSecurityPolicyViolation() throws IOException {
        accounts.create("csp.walker", PASSWORD, EnumSet.allOf(Role.class));
        audit.record("csp.walker", "test.entry", "thing", "=1+1", "an entry for the audit page to show", "127.0.0.1");
        List<String> pages = pages();
        assertThat(pages).contains("/", "/audit", "/users", "/cases", "/dashboard", "/warnings");
        List<String> violations = new ArrayList<>();
        try (Browser browser = Browser.open(temp)) {
            WebDriver driver = browser.driver();
            WebDriverWait wait = Browser.waitUpTo(driver, Duration.ofSeconds(30));
            driver.get(url("/login"));
            record(browser, driver, "/login", violations);
            browser.submitLogin("csp.walker", PASSWORD);
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("form.logout")));
            for (String lang : List.of("zh-CN", "en")) {
                for (String page : pages) {
                    driver.get(url(page + "?lang=" + lang));
                    wait.until(d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
                    record(browser, driver, page + "?lang=" + lang, violations);
                }
            }
            driver.get(url("/audit?lang=zh-CN"));
            assertThat(driver.findElement(By.id("audit-table")).getText()).contains("test.entry").contains("=1+1");
            browser.screenshot("audit.png");
        }
        assertThat(violations).isEmpty();
    }

    private static void record(Browser browser, WebDriver driver, String page, List<String> violations) {
        // give scripts that start on load (charts, polling) a moment to run into the policy, if they would
        try {
            Thread.sleep(150);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        browser.cspViolations().forEach(v -> violations.add(page + ": " + v));
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }
}
