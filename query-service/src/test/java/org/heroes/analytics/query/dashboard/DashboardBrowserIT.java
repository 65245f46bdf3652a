package org.heroes.analytics.query.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.heroes.analytics.auth.TokenIssuer;
import org.heroes.analytics.query.QueryApplication;
import org.heroes.analytics.query.QueryClient;
import org.heroes.analytics.query.QueryIntegrationTest;
import org.heroes.analytics.query.Rollups;
import org.heroes.analytics.query.Roster;
import org.heroes.analytics.testsupport.DbRole;
import org.heroes.analytics.testsupport.HeroesInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The dashboard in headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, as {@code
 * scripts/test.sh} installs them), against the real service in the {@code local} profile: the demo sign-in, the
 * classroom list equal to the API's, a classroom page with its chart and lesson funnel, and a second facilitator who
 * sees none of the first's classrooms, and a classroom in {@code Asia/Kolkata} whose "last 7 days" are its own local
 * days, named, while the browser itself runs in {@code America/Los_Angeles}. Screenshots go to {@code
 * target/screenshots/}.
 */
@SpringBootTest(
        classes = QueryApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=query-service")
@ActiveProfiles("local")
class DashboardBrowserIT extends QueryIntegrationTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final UUID DEMO_FACILITATOR = UUID.randomUUID();

    /** The browser's own zone, far from the classroom's: what the page shows must not depend on it. */
    private static final String BROWSER_ZONE = "America/Los_Angeles";

    private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");
    private static final Path DEMO_TOKEN_FILE =
            SCREENSHOTS.resolve("demo-facilitator.jwt").toAbsolutePath();

    /** Where the local issuer (scripts/demo.sh) would have put the demo facilitator's token. */
    @DynamicPropertySource
    static void demoToken(DynamicPropertyRegistry registry) {
        registry.add("heroes.query.demo.token-file", DEMO_TOKEN_FILE::toString);
    }

    @LocalServerPort
    int port;

    private final HeroesInfrastructure infra = HeroesInfrastructure.get();
    private final TokenIssuer tokens = infra.tokens();
    private final UUID otherFacilitator = UUID.randomUUID();
    private final List<UUID> demoClassrooms = new ArrayList<>();
    private final List<UUID> otherClassrooms = new ArrayList<>();
    private WebDriver browser;
    private Path profile;

    @BeforeEach
    void termAndBrowser() throws IOException {
        assumeTrue(
                Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "assumes Debian's chromium and chromium-driver at /usr/bin (apt-get install -y chromium chromium-driver,"
                        + " as scripts/test.sh does); without them the browser test is skipped");
        infra.truncateAll();
        Roster roster = new Roster(infra.dataSource(DbRole.WRITER));
        Instant now = Instant.now();
        roster.facilitator(DEMO_FACILITATOR);
        roster.facilitator(otherFacilitator);
        String[] names = {"Maple class", "Cedar class", "Willow class"};
        for (int c = 0; c < names.length; c++) {
            UUID classroom = roster.classroom(DEMO_FACILITATOR, names[c], true, now.minus(40 + c, ChronoUnit.DAYS));
            demoClassrooms.add(classroom);
            for (int s = 0; s < 6; s++) {
                UUID student = roster.student(classroom, true);
                for (int lesson = 1; lesson <= 12 - s; lesson++) {
                    roster.progress(student, classroom, lesson, lesson < 6 - c ? "completed" : "in_progress");
                }
                roster.feedback(classroom, student, 1 + s); // lessons 1..6: one student each, too few to show
                roster.feedback(classroom, student, 7); // lesson 7: all six students
            }
            for (int e = 0; e < 60; e++) {
                String type = e % 3 == 0 ? "quiz_answered" : e % 3 == 1 ? "lesson_started" : "hint_used";
                roster.event(
                        classroom,
                        type,
                        e % 3 == 1 ? "lesson" : "quiz",
                        e % 2 == 0 ? e * 1.5 : null,
                        now.minus(e * 7L + c, ChronoUnit.HOURS));
            }
        }
        for (int c = 0; c < 2; c++) {
            UUID classroom = roster.classroom(otherFacilitator, "Oak class " + c, true, now.minus(c, ChronoUnit.DAYS));
            otherClassrooms.add(classroom);
            roster.event(classroom, "lesson_started", "lesson", 1.0, now.minus(2, ChronoUnit.HOURS));
        }
        new Rollups(infra.dataSource(DbRole.WRITER)).derive();

        Files.createDirectories(SCREENSHOTS);
        Files.writeString(DEMO_TOKEN_FILE, tokens.facilitatorToken(DEMO_FACILITATOR, Duration.ofHours(1)));
        profile = Files.createTempDirectory("dashboard-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1366,900",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withEnvironment(Map.of("TZ", BROWSER_ZONE))
                .build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void closeBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            }
        }
    }

    @Test
    void demoSignInListsTheApisClassroomsAndAClassroomPageDrawsItsChartAndFunnel() throws IOException {
        browser.get(baseUrl());
        WebElement demo = waitFor().until(ExpectedConditions.elementToBeClickable(By.id("demo-sign-in")));
        screenshot("01-sign-in");
        demo.click();

        List<String> listed = listedClassroomIds();
        assertThat(listed).containsExactlyElementsOf(apiClassroomIds(DEMO_FACILITATOR));
        assertThat(listed).containsExactlyInAnyOrderElementsOf(ids(demoClassrooms));
        assertThat(browser.findElement(By.id("list-as-of")).getText()).startsWith("Data as of");
        screenshot("02-classrooms");

        browser.findElement(By.cssSelector("#classroom-list li[data-id='" + demoClassrooms.get(0) + "'] a"))
                .click();
        waitFor().until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("#chart svg rect.bar"), 0));
        waitFor().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#funnel svg g.lesson"), 12));
        assertThat(browser.findElement(By.id("detail-name")).getText()).isEqualTo("Maple class");
        List<WebElement> mix = browser.findElements(By.cssSelector("#event-mix tbody tr"));
        assertThat(mix)
                .extracting(WebElement::getText)
                .anySatisfy(row -> assertThat(row).contains("quiz_answered"));
        assertThat(browser.findElements(By.cssSelector("#funnel svg rect.completed")))
                .isNotEmpty();
        List<WebElement> feedback = browser.findElements(By.cssSelector("#feedback tbody tr"));
        assertThat(feedback).hasSize(7);
        assertThat(feedback.get(0).getText()).startsWith("Lesson 1").contains("too few students to show");
        assertThat(feedback.get(6).getText()).startsWith("Lesson 7").doesNotContain("too few");
        assertThat(browser.findElement(By.id("detail-as-of")).getText()).startsWith("Data as of");
        screenshot("03-classroom-laptop");

        browser.manage().window().setSize(new Dimension(820, 1180));
        screenshot("04-classroom-tablet");

        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("bucket"))).selectByValue("hour");
        waitFor()
                .until(driver -> driver.findElements(By.cssSelector("#chart svg rect.bar"))
                                .size()
                        > 100);
        screenshot("05-classroom-hourly");
    }

    @Test
    void secondFacilitatorSeesNoneOfTheFirstsClassrooms() throws IOException {
        browser.get(baseUrl());
        WebElement field = waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        field.sendKeys(tokens.facilitatorToken(otherFacilitator, Duration.ofMinutes(10)));
        browser.findElement(By.id("sign-in-button")).click();

        List<String> listed = listedClassroomIds();
        assertThat(listed).containsExactlyElementsOf(apiClassroomIds(otherFacilitator));
        assertThat(listed).containsExactlyInAnyOrderElementsOf(ids(otherClassrooms));
        assertThat(listed).doesNotContainAnyElementsOf(ids(demoClassrooms));
        assertThat(browser.getPageSource()).doesNotContain("Maple class", "Cedar class", "Willow class");
        screenshot("06-second-facilitator");

        browser.get(baseUrl() + "#classroom/" + demoClassrooms.get(0));
        waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "404"));
        assertThat(browser.findElements(By.cssSelector("#chart svg rect.bar"))).isEmpty();
        screenshot("07-foreign-classroom");
    }

    @Test
    void aClassroomsLastSevenDaysAreItsOwnLocalDaysAndThePageNamesItsZone() throws IOException {
        Roster roster = new Roster(infra.dataSource(DbRole.WRITER));
        UUID facilitator = roster.facilitator(UUID.randomUUID());
        UUID lotus =
                roster.classroom(facilitator, "Lotus class", Instant.now().minus(30, ChronoUnit.DAYS), "Asia/Kolkata");
        LocalDate today = LocalDate.now(KOLKATA);
        // yesterday 00:10 and 23:50 in Kolkata: one local day, two UTC dates (18:40Z and 18:20Z)
        roster.event(lotus, "lesson_started", "lesson", null, at(today.minusDays(1), LocalTime.of(0, 10)));
        roster.event(lotus, "lesson_started", "lesson", null, at(today.minusDays(1), LocalTime.of(23, 50)));
        // the first of the seven days, five minutes in; and the day before it, five minutes before its end: outside
        roster.event(lotus, "hint_used", "quiz", null, at(today.minusDays(6), LocalTime.of(0, 5)));
        roster.event(lotus, "hint_used", "quiz", null, at(today.minusDays(7), LocalTime.of(23, 55)));
        new Rollups(infra.dataSource(DbRole.WRITER)).derive();

        browser.get(baseUrl());
        WebElement field = waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        field.sendKeys(tokens.facilitatorToken(facilitator, Duration.ofMinutes(10)));
        browser.findElement(By.id("sign-in-button")).click();
        assertThat(listedClassroomIds()).containsExactly(lotus.toString());
        assertThat(browser.findElement(By.cssSelector("#classroom-list li[data-id] .code"))
                        .getText())
                .endsWith("Asia/Kolkata");
        browser.findElement(By.cssSelector("#classroom-list li[data-id] a")).click();
        waitFor().until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("#chart svg rect.bar"), 0));
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("period"))).selectByValue("7");
        waitFor().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#chart svg rect.bar"), 7));

        List<String> starts = new ArrayList<>();
        List<String> counts = new ArrayList<>();
        for (WebElement bar : browser.findElements(By.cssSelector("#chart svg rect.bar"))) {
            starts.add(bar.getAttribute("data-start"));
            counts.add(bar.getAttribute("data-count"));
        }
        List<String> localMidnights = new ArrayList<>();
        for (int back = 6; back >= 0; back--) {
            localMidnights.add(today.minusDays(back)
                    .atStartOfDay(KOLKATA)
                    .toInstant()
                    .toString()
                    .replace("Z", ".000Z"));
        }
        assertThat(starts).as("the bars start at Kolkata's midnights").containsExactlyElementsOf(localMidnights);
        assertThat(counts).containsExactly("1", "0", "0", "0", "0", "2", "0");
        assertThat(browser.findElement(By.id("detail-zone")).getText()).contains("Asia/Kolkata");
        screenshot("08-classroom-in-kolkata");
    }

    private static Instant at(LocalDate date, LocalTime time) {
        return date.atTime(time).atZone(KOLKATA).toInstant();
    }

    private List<String> listedClassroomIds() {
        waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("overview")));
        waitFor()
                .until(ExpectedConditions.numberOfElementsToBeMoreThan(
                        By.cssSelector("#classroom-list li[data-id]"), 0));
        List<String> ids = new ArrayList<>();
        for (WebElement item : browser.findElements(By.cssSelector("#classroom-list li[data-id]"))) {
            ids.add(item.getAttribute("data-id"));
        }
        return ids;
    }

    private List<String> apiClassroomIds(UUID facilitator) {
        JsonNode answer = QueryClient.json(new QueryClient(port)
                .get("/v1/classrooms", tokens.facilitatorToken(facilitator, Duration.ofMinutes(5))));
        List<String> ids = new ArrayList<>();
        answer.forEach(classroom -> ids.add(classroom.get("id").asString()));
        return ids;
    }

    private static List<String> ids(List<UUID> uuids) {
        return uuids.stream().map(UUID::toString).toList();
    }

    private WebDriverWait waitFor() {
        return new WebDriverWait(browser, Duration.ofSeconds(15));
    }

    private String baseUrl() {
        return "http://127.0.0.1:" + port + "/";
    }

    private void screenshot(String name) throws IOException {
        Path file = SCREENSHOTS.resolve("dashboard-" + name + ".png");
        Files.write(file, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
