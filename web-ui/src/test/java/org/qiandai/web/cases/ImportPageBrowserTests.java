package org.qiandai.web.cases;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
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
import org.qiandai.campaign.users.Role;
import org.qiandai.campaign.users.UserAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The import page in a real browser against the real application: sign in, upload an .xlsx, watch it import,
 * read the counts and the rejected row, then find the cases in the list. Everything runs under the production CSP,
 * so a page that needed inline script or style would fail here. Screenshots go to {@code target/screenshots/}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "qiandai.store.in-memory=true",
        "qiandai.demo.enabled=false",
        "spring.thymeleaf.cache=false"
})
class ImportPageBrowserTests {

    static final String USER = "browser.analyst";
    static final String PASSWORD = "import-tester-1";

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
    void importsAWorkbookAndShowsItsCountsErrorsAndCases() throws IOException {
        Path workbook = writeWorkbook(temp.resolve("包头测试.xlsx"));
        WebDriverWait wait = Browser.waitUpTo(driver, Duration.ofSeconds(60));

        driver.get(url("/cases/import"));
        wait.until(ExpectedConditions.urlContains("/login"));
        browser.screenshot("login.png");
        signIn(USER, PASSWORD);
        wait.until(ExpectedConditions.urlContains("/cases/import"));
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("导入案件文件");

        driver.findElement(By.id("import-file")).sendKeys(workbook.toAbsolutePath().toString());
        driver.findElement(By.id("import-submit")).click();
        wait.until(ExpectedConditions.or(
                ExpectedConditions.visibilityOfElementLocated(By.id("import-result")),
                ExpectedConditions.visibilityOfElementLocated(By.id("import-message"))));
        assertThat(driver.findElement(By.id("import-message")).isDisplayed())
                .as("the page reported a failure: %s", driver.findElement(By.id("import-message")).getText())
                .isFalse();

        assertThat(text("count-rows")).isEqualTo("5");
        assertThat(text("count-imported")).isEqualTo("4");
        assertThat(text("count-updated")).isEqualTo("0");
        assertThat(text("count-unchanged")).isEqualTo("0");
        assertThat(text("count-rejected")).isEqualTo("1");
        assertThat(((Number) Long.valueOf(driver.findElement(By.id("import-progress")).getDomProperty("value"))).intValue())
                .isEqualTo(100);
        assertThat(text("ignored-columns")).contains("内部编码");
        List<WebElement> errorRows = driver.findElements(By.cssSelector("#import-errors tbody tr"));
        assertThat(errorRows).hasSize(1);
        assertThat(errorRows.get(0).getText()).contains("4").contains("受害人年龄").contains("约四十");
        // The past imports table reloads itself (htmx) once the import is done.
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("past-imports"), "包头测试.xlsx"));
        browser.screenshot("import-page.png");

        // A file that only claims to be a workbook is refused as a whole, and the page says so.
        driver.get(url("/cases/import"));
        Path fake = Files.writeString(temp.resolve("不是表格.xlsx"), "这不是一个工作簿");
        driver.findElement(By.id("import-file")).sendKeys(fake.toAbsolutePath().toString());
        driver.findElement(By.id("import-submit")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("import-message")));
        assertThat(text("import-message-title")).isIn("文件被拒绝", "导入失败");
        assertThat(text("import-message-text")).isNotBlank();
        assertThat(driver.findElement(By.id("import-result")).isDisplayed()).isFalse();
        browser.screenshot("import-refused.png");

        driver.get(url("/cases"));
        List<WebElement> rows = driver.findElements(By.cssSelector("#case-table tbody tr"));
        assertThat(rows).hasSize(4);
        assertThat(driver.findElement(By.id("case-table")).getText())
                .contains("BT2024001").contains("BT2024002").doesNotContain("BT2024003")
                .contains("1,250,000").contains("80,000");
        browser.screenshot("cases.png");

        driver.findElement(By.linkText("BT2024001")).click();
        wait.until(ExpectedConditions.urlContains("/cases/BT2024001"));
        assertThat(text("case-loss")).isEqualTo("80,000");
        assertThat(driver.findElement(By.tagName("body")).getText()).contains("包头测试.xlsx").contains("虚假养老投资");
        browser.screenshot("case-detail.png");

        driver.get(url("/?lang=en"));
        assertThat(driver.findElement(By.tagName("body")).getText()).contains("Welcome, " + USER).contains("Cases stored");
        assertThat(text("case-count")).isEqualTo("4");
        browser.screenshot("home-en.png");

        assertThat(browser.cspViolations()).as("CSP violations in the browser console").isEmpty();
    }

    @Test
    void anAdministratorManagesAccountsButCannotReadCases() throws IOException {
        if (accounts.find("browser.admin").isEmpty()) {
            accounts.create("browser.admin", PASSWORD, EnumSet.of(Role.ADMIN));
        }
        WebDriverWait wait = Browser.waitUpTo(driver, Duration.ofSeconds(30));
        driver.get(url("/login"));
        signIn("browser.admin", PASSWORD);
        wait.until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));

        driver.get(url("/users"));
        driver.findElement(By.id("new-username")).sendKeys("new.publicist");
        driver.findElement(By.id("new-password")).sendKeys("publicity-pass-1");
        driver.findElement(By.cssSelector("#user-create input[value=PUBLICITY]")).click();
        driver.findElement(By.cssSelector("#user-create button[type=submit]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("users-notice")));
        assertThat(text("users-notice")).contains("new.publicist");
        driver.findElement(By.cssSelector("form[action='/users/new.publicist/disable'] button")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("form[action='/users/new.publicist/enable']")));
        assertThat(accounts.find("new.publicist")).hasValueSatisfying(u -> assertThat(u.enabled()).isFalse());
        browser.screenshot("users.png");

        driver.get(url("/cases"));
        assertThat(driver.findElement(By.tagName("body")).getText()).contains("您没有访问此页面的权限");
        browser.screenshot("forbidden.png");

        driver.findElement(By.cssSelector("form.logout button")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("logged-out")));
        assertThat(browser.cspViolations()).as("CSP violations in the browser console").isEmpty();
    }

    private void signIn(String username, String password) {
        browser.submitLogin(username, password);
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private String text(String id) {
        return driver.findElement(By.id(id)).getText().trim();
    }

    /** Five cases as a case system exports them; row 4 has an age in words, which the import must refuse. */
    static Path writeWorkbook(Path file) throws IOException {
        List<String> headers = List.of("案件编号", "报案日期", "所属辖区", "受害人年龄", "性别", "职业", "诈骗类型", "损失金额(元)", "内部编码");
        List<List<Object>> rows = List.of(
                List.of("BT2024001", "2024-03-05", "青山区", 67, "女", "退休人员", "虚假养老投资", 80000, "x1"),
                List.of("BT2024002", "2024-03-06", "昆都仑区", 23, "男", "学生", "刷单返利", 1250000, "x2"),
                List.of("BT2024003", "2024-03-07", "东河区", "约四十", "男", "个体户", "贷款诈骗", 5000, "x3"),
                List.of("BT2024004", "2024-03-08", "九原区", 35, "女", "财务人员", "冒充领导", 300000.5, "x4"),
                List.of("BT2024005", "2024-03-09", "青山区", 45, "男", "无业", "网络游戏", 1200, "x5"));
        try (XSSFWorkbook workbook = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(file)) {
            Sheet sheet = workbook.createSheet("案件");
            Row header = sheet.createRow(0);
            for (int i = 0; i < headers.size(); i++) {
                header.createCell(i).setCellValue(headers.get(i));
            }
            for (int r = 0; r < rows.size(); r++) {
                Row row = sheet.createRow(r + 1);
                List<Object> values = rows.get(r);
                for (int i = 0; i < values.size(); i++) {
                    Object value = values.get(i);
                    if (value instanceof Number n) {
                        row.createCell(i).setCellValue(n.doubleValue());
                    } else {
                        row.createCell(i).setCellValue(String.valueOf(value));
                    }
                }
            }
            workbook.write(out);
        }
        return file;
    }
}
