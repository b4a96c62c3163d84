package org.linkagehub.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser (Debian's chromium and chromium-driver, which {@code .ci/run} installs): each
 * role logs in through the form, an operator finds a decision and reads its timeline, replays a quarantined
 * record and re-routes a returned delivery, a department signs for its delivery and files a case that the bureau
 * answers. Screenshots of the main pages go to {@code target/screenshots/}.
 */
class ConsoleBrowserIT extends ConsoleTestSupport {

    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private static ChromeDriver browser;
    private static Path profile;

    @BeforeAll
    static void startBrowser() throws IOException {
        assumeTrue(Files.isExecutable(CHROMEDRIVER), "no " + CHROMEDRIVER + ": apt-get install chromium chromium-driver");
        profile = Files.createTempDirectory("linkage-chromium");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless",
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1366,900",
                "--lang=zh-CN", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @BeforeEach
    void loggedOut() {
        browser.manage().deleteAllCookies();
    }

    @Test
    void operatorFindsADecisionReadsItsTimelineAndReplaysAQuarantinedRecord() {
        String doc = approve(BUILDING_PERMIT, "宁夏星光置业有限公司");
        long quarantined = quarantineOne();
        logIn("operator", "operator");
        assertThat(browser.findElement(By.id("routes")).getText()).contains("project-approval-intake", "Started");
        // the hubs that are up: this one alone here, leading the jobs that run once in the city
        assertThat(browser.findElement(By.id("hubs")).getText()).contains("deadline-scan");
        screenshot("overview");

        browser.findElement(By.linkText("决定查询")).click();
        browser.findElement(By.id("q")).sendKeys(doc);
        browser.findElement(By.id("search")).click();
        screenshot("decision-search");
        browser.findElement(By.cssSelector("#results a.timeline")).click();
        waitFor(By.cssSelector("main.timeline"));
        String timeline = browser.findElement(By.tagName("main")).getText();
        assertThat(timeline).contains(doc, "石嘴山市住房和城乡建设局", "石嘴山市应急管理局", "DISPATCHED",
                "project-approval v1");
        screenshot("timeline");

        open("/console/quarantine/" + quarantined);
        assertThat(browser.findElement(By.id("reasons")).getText()).contains("subject.uscc", "uscc-checksum");
        assertThat(browser.findElement(By.id("quarantine-mapping")).getText()).contains("project-approval v1");
        screenshot("quarantine-detail");
        browser.findElement(By.id("replay")).click();
        waitFor(By.id("replayed-as"));
        assertThat(browser.findElement(By.id("quarantine-status")).getText()).isEqualTo("REPLAYED");

        open("/console/quarantine");
        screenshot("quarantine");
        open("/console/departments");
        screenshot("departments");
        open("/console/actions");
        assertThat(browser.findElement(By.id("audit")).getText()).contains("quarantine.replay");
        screenshot("actions");
    }

    @Test
    void operatorReroutesAReturnedDeliveryOnTheActionsPage() {
        String doc = approve(BUILDING_PERMIT, "宁夏星光置业有限公司");
        String returned = deliveryOf(doc, "YJ");
        assertThat(post("/api/v1/deliveries/" + returned + "/receipt", bearer("demo-yj"),
                "{\"status\":\"RETURNED\",\"note\":\"不属于本部门\"}").statusCode()).isEqualTo(200);
        logIn("operator", "operator");
        open("/console/actions");
        By row = By.id("returned-" + returned);
        waitFor(row);
        assertThat(browser.findElement(row).getText()).contains(doc, "不属于本部门");
        new Select(browser.findElement(row).findElement(By.name("department"))).selectByValue("GA");
        browser.findElement(row).findElement(By.name("reason")).sendKeys("涉及治安管理，由公安局协同");
        screenshot("actions-reroute");
        browser.findElement(row).findElement(By.cssSelector("button.reroute")).click();
        waitFor(By.id("rerouted"));
        String created = jdbc.queryForObject("select rerouted_to::text from delivery where id = ?::uuid", String.class,
                returned);
        assertThat(browser.findElement(By.id("rerouted")).getText()).contains(returned, "GA", created);
        assertThat(browser.findElements(row)).isEmpty();
        assertThat(browser.findElement(By.id("audit")).getText()).contains("delivery.reroute");
        screenshot("actions-rerouted");
    }

    @Test
    void auditorReadsTheScorecardsInEnglishAndCannotAct() {
        approve(BUILDING_PERMIT, "宁夏星光置业有限公司");
        logIn("auditor", "auditor");
        open("/console/scorecards?lang=en");
        assertThat(browser.findElement(By.id("scorecards")).getText()).contains("Median working days to sign");
        screenshot("scorecards");
        open("/console/scorecards/print");
        screenshot("scorecards-print");
        open("/console?lang=zh_CN");
        assertThat(browser.findElements(By.cssSelector("#routes button"))).isEmpty();
        assertThat(browser.findElements(By.id("open-quarantine"))).hasSize(1);
    }

    @Test
    void aDepartmentSignsForItsDeliveryInTheBrowser() {
        String doc = approve(BUILDING_PERMIT, "宁夏星光置业有限公司");
        String delivery = deliveryOf(doc, "ZJ");
        logIn("zj", "demo-zj");
        assertThat(browser.getCurrentUrl()).endsWith("/console/departments/ZJ");
        assertThat(browser.findElements(By.linkText("隔离区"))).isEmpty();
        By row = By.id("delivery-" + delivery);
        waitFor(row);
        screenshot("department");
        browser.findElement(row).findElement(By.name("signedBy")).sendKeys("王科长");
        browser.findElement(row).findElement(By.cssSelector("button.sign")).click();
        waitFor(By.cssSelector(".flash.ok"));
        assertThat(jdbc.queryForObject("select status from delivery where id = ?::uuid", String.class, delivery))
                .isEqualTo("SIGNED");
        open("/console/departments/YJ");
        assertThat(browser.findElement(By.tagName("body")).getText()).doesNotContain(doc);
    }

    /**
     * Issue 12 in the browser: ZJ files an erroneous-approval case through the console's form, the bureau (SJ) finds
     * it in its inbox with its reply deadline and replies from the case's page, ZJ reads the reply, and the decision's
     * timeline shows the case and the reply.
     */
    @Test
    void aDepartmentFilesACaseTheBureauRepliesFromItsInboxAndTheTimelineShowsIt() {
        assumeCasesFeature();
        String doc = approve(BUILDING_PERMIT, "宁夏星光置业有限公司");
        String caseRef = "ZJ-HG-" + UUID.randomUUID().toString().substring(0, 8);
        logIn("zj", "demo-zj");
        browser.findElement(By.id("nav-cases")).click();
        waitFor(By.id("new-case"));
        browser.findElement(By.id("new-case")).click();
        waitFor(By.id("case-form"));
        new Select(browser.findElement(By.name("type"))).selectByValue("ERRONEOUS_APPROVAL");
        browser.findElement(By.name("caseRef")).sendKeys(caseRef);
        browser.findElement(By.name("summary")).sendKeys("该项目不符合施工许可条件，建议撤销");
        browser.findElement(By.name("decisionDocumentNumber")).sendKeys(doc);
        new Select(browser.findElement(By.name("requestedAction"))).selectByValue("REVOKE");
        browser.findElement(By.name("letterDocumentNumber")).sendKeys("石建函〔2026〕12号");
        browser.findElement(By.name("letterDate")).sendKeys("2026-12-01");
        browser.findElement(By.name("letterSigner")).sendKeys("李局长");
        screenshot("case-new");
        browser.findElement(By.id("file-case")).click();
        waitFor(By.id("filed"));
        String caseId = browser.getCurrentUrl().substring(browser.getCurrentUrl().lastIndexOf('/') + 1);
        assertThat(browser.findElement(By.id("case-facts")).getText()).contains(doc, "李局长");
        screenshot("case-filed");

        browser.manage().deleteAllCookies();
        logIn("sj", "demo-sj");
        assertThat(browser.getCurrentUrl()).as("the bureau lands on its inbox").endsWith("/console/cases");
        By row = By.id("case-" + caseId);
        waitFor(row);
        assertThat(browser.findElement(row).getText()).contains(caseRef, "审批错误", "石嘴山市住房和城乡建设局");
        screenshot("case-inbox");
        browser.findElement(row).findElement(By.cssSelector("a.case")).click();
        waitFor(By.id("reply-form"));
        new Select(browser.findElement(By.name("outcome"))).selectByValue("WILL_REVOKE");
        browser.findElement(By.name("letterDocumentNumber")).sendKeys("石审批函〔2026〕3号");
        browser.findElement(By.name("letterDate")).sendKeys("2026-12-02");
        browser.findElement(By.name("letterSigner")).sendKeys("张局长");
        browser.findElement(By.name("note")).sendKeys("经核查，将依法撤销该许可");
        browser.findElement(By.id("send-reply")).click();
        waitFor(By.id("replied"));
        assertThat(browser.findElements(By.id("reply-form"))).as("answered once").isEmpty();
        screenshot("case-replied");

        browser.manage().deleteAllCookies();
        logIn("zj", "demo-zj");
        open("/console/cases/" + caseId);
        assertThat(browser.findElement(By.id("reply")).getText()).contains("拟撤销", "经核查，将依法撤销该许可", "张局长");
        assertThat(browser.findElement(By.id("case-status")).getText()).isEqualTo("待出具决定");
        browser.findElement(By.id("case-decision")).click();
        waitFor(By.cssSelector("main.timeline"));
        assertThat(browser.findElement(By.id("cases")).getText()).contains(caseRef, "拟撤销", "经核查，将依法撤销该许可");
        screenshot("timeline-case");
    }

    private void logIn(String user, String password) {
        open("/login");
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("login")).click();
        waitFor(By.cssSelector("header.nav"));
    }

    private void open(String path) {
        browser.get(uri(path).toString());
    }

    private static void waitFor(By element) {
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(element));
    }

    private static void screenshot(String name) {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        try {
            Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
