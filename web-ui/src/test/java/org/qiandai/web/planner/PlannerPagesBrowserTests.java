package org.qiandai.web.planner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.qiandai.web.Browser;
import org.qiandai.campaign.segments.SegmentView;
import org.qiandai.campaign.segments.Segments;
import org.qiandai.campaign.users.Role;
import org.qiandai.campaign.users.UserAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The planner's pages in a real browser under the production CSP, as the publicity team uses them: import contacts
 * (counts and a refused row), the list with masked numbers and one audited reveal, a number put on the do-not-contact
 * list, and a segment built in the editor while its live count follows each change, then saved. Screenshots go to
 * {@code target/screenshots/}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "qiandai.store.in-memory=true",
        "qiandai.demo.enabled=false",
        "qiandai.crypto.key=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "spring.thymeleaf.cache=false"
})
class PlannerPagesBrowserTests {

    static final String PASSWORD = "planner-tester-1";
    static final Pattern CLEAR_NUMBER = Pattern.compile("1[3-9]\\d{9}");

    /** Five good rows (three in 东河区, one of them 25) and one whose number is no phone number; 备注 is not a column. */
    static final String CSV = """
            手机号,所属辖区,年龄,性别,职业,学历,来源,同意日期,备注
            13900000001,东河区,25,男,学生,本科,职业学校,2024-03-01,班长
            13900000002,东河区,41,女,个体户,高中,社区登记,2024-03-02,
            13900000003,东河区,67,女,退休,初中,社区登记,2024-03-02,
            13900000004,青山区,22,男,学生,本科,职业学校,2024-03-01,
            13900000005,昆都仑区,30,女,财务,本科,企业财务,2024-03-05,
            12345,东河区,30,男,学生,本科,社区登记,2024-03-01,
            """;

    @LocalServerPort
    int port;

    @Autowired
    UserAccounts accounts;

    @Autowired
    Segments segments;

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
        if (accounts.find("planner.publicity").isEmpty()) {
            accounts.create("planner.publicity", PASSWORD, EnumSet.of(Role.PUBLICITY));
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
    void thePublicityTeamImportsRevealsOptsOutAndBuildsASegment() throws IOException {
        signIn("planner.publicity", "/contacts/import");
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("导入联系人文件");
        Path csv = Files.writeString(temp.resolve("联系人.csv"), CSV);
        driver.findElement(By.id("import-file")).sendKeys(csv.toAbsolutePath().toString());
        driver.findElement(By.id("import-submit")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("import-result")));
        assertThat(text("count-rows")).isEqualTo("6");
        assertThat(text("count-imported")).isEqualTo("5");
        assertThat(text("count-rejected")).isEqualTo("1");
        assertThat(text("ignored-columns")).contains("备注");
        List<WebElement> errors = driver.findElements(By.cssSelector("#import-errors tbody tr"));
        assertThat(errors).hasSize(1);
        // Even a refused number is shown masked.
        assertThat(errors.get(0).getText()).startsWith("7").contains("手机号").contains("***45").contains("not a mobile number");
        browser.screenshot("planner-contacts-import.png");

        // The list: every number masked, in the page and its source, until one is revealed (and that is recorded).
        driver.findElement(By.cssSelector("nav.mainnav a[href='/contacts']")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("contacts-table")));
        assertThat(text("contact-total")).isEqualTo("共 5 人");
        assertThat(text("contacts-table")).contains("139****0001").contains("139****0005");
        assertThat(CLEAR_NUMBER.matcher(driver.getPageSource()).find()).as("a number in clear in the page source").isFalse();
        new Select(driver.findElement(By.id("f-district"))).selectByValue("东河区");
        driver.findElement(By.cssSelector("#contact-filter button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBe(By.id("contact-total"), "共 3 人"));
        WebElement row = driver.findElement(By.xpath("//table[@id='contacts-table']//tr[td/span[@class='phone' and text()='139****0001']]"));
        row.findElement(By.cssSelector("button.reveal")).click();
        wait.until(ExpectedConditions.visibilityOf(row.findElement(By.cssSelector(".reveal-note"))));
        assertThat(row.findElement(By.cssSelector(".phone")).getText()).isEqualTo("+8613900000001");
        assertThat(row.findElement(By.cssSelector(".reveal-note")).getText()).contains("审计日志");
        browser.screenshot("planner-contacts-revealed.png");

        // The do-not-contact list.
        driver.findElement(By.cssSelector("nav.mainnav a[href='/dnc']")).click();
        driver.findElement(By.id("dnc-phone")).sendKeys("139 0000 0002");
        driver.findElement(By.id("dnc-reason")).sendKeys("电话要求不再接收");
        driver.findElement(By.id("dnc-save")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("dnc-notice")));
        assertThat(text("dnc-table")).contains("139****0002").contains("电话要求不再接收").contains("planner.publicity");
        assertThat(CLEAR_NUMBER.matcher(driver.getPageSource()).find()).isFalse();
        browser.screenshot("planner-dnc.png");

        // The segment editor: the count follows each change.
        driver.get(url("/segments"));
        driver.findElement(By.id("segment-new")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("segment-form")));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("segment-count-problem"), "请至少设置一个条件"));
        driver.findElement(By.id("segment-name")).sendKeys("东河区青年");
        new Select(driver.findElement(By.id("seg-district"))).selectByValue("东河区");
        waitFor("segment-count", "3");
        assertThat(text("segment-rule-text")).isEqualTo("辖区 ∈ {东河区}");
        driver.findElement(By.id("seg-age-min")).sendKeys("18");
        driver.findElement(By.id("seg-age-max")).sendKeys("30");
        waitFor("segment-count", "1");
        assertThat(text("segment-rule-text")).isEqualTo("辖区 ∈ {东河区} 且 年龄 18–30岁");
        browser.screenshot("planner-segment-editor.png");
        // Any of the two: everyone in 东河区 and everyone 18–30 elsewhere (青山区 22, 昆都仑区 30).
        driver.findElement(By.cssSelector("input[name=match][value=any]")).click();
        waitFor("segment-count", "5");
        driver.findElement(By.cssSelector("input[name=match][value=all]")).click();
        waitFor("segment-count", "1");
        driver.findElement(By.id("segment-save")).click();

        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("segments-saved")));
        assertThat(text("segments-saved")).contains("东河区青年");
        WebElement saved = driver.findElement(By.xpath("//table[@id='segments-table']//tr[td/strong[text()='东河区青年']]"));
        assertThat(saved.getText()).contains("辖区 ∈ {东河区} 且 年龄 18–30岁");
        wait.until(ExpectedConditions.textToBePresentInElement(saved.findElement(By.cssSelector("td.segment-count")), "1"));
        SegmentView stored = segments.list().stream().filter(s -> s.name().equals("东河区青年")).findFirst().orElseThrow();
        assertThat(stored.createdBy()).isEqualTo("planner.publicity");
        browser.screenshot("planner-segments.png");

        // Editing it again: the fields come back from the saved rule, and a change is saved with PUT.
        saved.findElement(By.cssSelector("a.segment-edit")).click();
        waitFor("segment-count", "1");
        assertThat(driver.findElement(By.id("seg-age-max")).getDomProperty("value")).isEqualTo("30");
        driver.findElement(By.id("seg-age-max")).clear();
        waitFor("segment-count", "3");
        driver.findElement(By.id("segment-save")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("segments-saved")));
        assertThat(segments.get(stored.id()).orElseThrow().ruleText()).isEqualTo("辖区 ∈ {东河区} 且 年龄 ≥ 18岁");
        assertThat(browser.cspViolations()).as("CSP violations").isEmpty();
    }

    private void signIn(String user, String path) {
        driver.get(url(path));
        wait.until(ExpectedConditions.urlContains("/login"));
        browser.submitLogin(user, PASSWORD);
        wait.until(ExpectedConditions.urlContains(path));
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
