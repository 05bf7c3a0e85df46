package dev.bulkexport.e2e;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The console in headless Debian chromium, as a user sees it: one method per thing a user does or looks at. */
final class ConsolePage implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Dimension DESKTOP = new Dimension(1280, 900);
    static final Dimension NARROW = new Dimension(390, 844);

    private final ChromeDriver browser;
    private final String consoleUrl;
    private final Path downloads;

    private ConsolePage(ChromeDriver browser, String consoleUrl, Path downloads) {
        this.browser = browser;
        this.consoleUrl = consoleUrl;
        this.downloads = downloads;
    }

    /** Starts chromium; fails (never skips) when Debian's chromium or chromium-driver is not installed. */
    static ConsolePage open(String consoleUrl, Path downloads) throws IOException {
        for (Path binary : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(binary)) {
                throw new IllegalStateException(binary + " is missing: apt-get install -y chromium chromium-driver"
                        + " (.ci/run does)");
            }
        }
        Files.createDirectories(downloads);
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                        "--window-size=1280,900")
                .setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                        "download.prompt_for_download", false));
        // An explicit driver: Selenium Manager would try to download one.
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        ChromeDriver browser = new ChromeDriver(service, options);
        browser.executeCdpCommand("Browser.setDownloadBehavior",
                Map.of("behavior", "allow", "downloadPath", downloads.toString()));
        return new ConsolePage(browser, consoleUrl, downloads);
    }

    /** A fresh tab state: the console's address, nothing in session storage, desktop width. */
    void reset() {
        resize(DESKTOP);
        browser.get(consoleUrl);
        browser.executeScript("sessionStorage.clear()");
        browser.navigate().refresh();
        await().until(ExpectedConditions.visibilityOfElementLocated(By.id("api-key")));
    }

    /** A wait that also rides out the job list being redrawn (its polling) between finding and reading. */
    WebDriverWait await() {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(90), Duration.ofMillis(100));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    void signIn(String key) {
        browser.findElement(By.id("api-key")).sendKeys(key);
        browser.findElement(By.cssSelector("#sign-in-form button[type=submit]")).click();
        await().until(ExpectedConditions.visibilityOfElementLocated(By.id("view-jobs")));
        await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("page-info"), "Page"));
    }

    void signOut() {
        browser.findElement(By.id("sign-out")).click();
        await().until(ExpectedConditions.visibilityOfElementLocated(By.id("api-key")));
    }

    boolean signInShown() {
        return browser.findElement(By.id("view-sign-in")).isDisplayed();
    }

    Object sessionStorage(String script) {
        return browser.executeScript("return " + script);
    }

    void openCreate() {
        browser.findElement(By.cssSelector("#nav a[data-view=create]")).click();
        await().until(ExpectedConditions.visibilityOfElementLocated(By.id("create-form")));
    }

    void openJobs() {
        browser.findElement(By.cssSelector("#nav a[data-view=jobs]")).click();
        await().until(ExpectedConditions.visibilityOfElementLocated(By.id("job-list")));
    }

    void openSchedules() {
        browser.findElement(By.cssSelector("#nav a[data-view=schedules]")).click();
        await().until(ExpectedConditions.visibilityOfElementLocated(By.id("schedule-form")));
        await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("schedules-page-info"), "Page"));
    }

    /** Fills the new-schedule form: its own members, then the report, format and property ids typed. */
    void fillSchedule(String name, String cadence, String timeZone, String window, String report, String format,
            String propertyIds) {
        type("schedule-name", name);
        type("schedule-cadence", cadence);
        type("schedule-time_zone", timeZone);
        new Select(browser.findElement(By.id("schedule-window"))).selectByValue(window);
        new Select(browser.findElement(By.id("schedule-report_type"))).selectByValue(report);
        new Select(browser.findElement(By.id("schedule-output_format"))).selectByValue(format);
        type("schedule-property_ids", propertyIds);
    }

    /** Types into a text field after clearing it. */
    void type(String id, String text) {
        WebElement input = browser.findElement(By.id(id));
        input.clear();
        input.sendKeys(text);
    }

    /** Sends the new-schedule form with the keyboard (Enter in its name field). */
    void submitSchedule() {
        browser.findElement(By.id("schedule-name")).sendKeys(Keys.ENTER);
    }

    /** The schedule ids listed, oldest first. */
    List<String> listedScheduleIds() {
        return browser.findElements(By.cssSelector("#schedule-list [data-schedule-id]")).stream()
                .map(item -> item.getDomAttribute("data-schedule-id")).toList();
    }

    String scheduleText(String scheduleId, String cssSelector) {
        return text("#schedule-list [data-schedule-id='" + scheduleId + "'] " + cssSelector);
    }

    String scheduleAttribute(String scheduleId, String attribute) {
        return browser.findElement(By.cssSelector("#schedule-list [data-schedule-id='" + scheduleId + "']"))
                .getDomAttribute(attribute);
    }

    void selectSchedule(String id, String value) {
        new Select(browser.findElement(By.id(id))).selectByValue(value);
    }

    void clickSchedule(String scheduleId, String action) {
        browser.findElement(By.cssSelector("#schedule-list [data-schedule-id='" + scheduleId + "'] [data-action="
                + action + "]")).click();
    }

    /** Deletes the schedule, confirming the browser's dialog. */
    void deleteSchedule(String scheduleId) {
        clickSchedule(scheduleId, "delete");
        await().until(ExpectedConditions.alertIsPresent()).accept();
    }

    /** Opens the schedule's runs, types the backfill range and sends it. */
    void backfill(String scheduleId, String from, String to) {
        if (!"true".equals(browser.findElement(By.cssSelector("#schedule-list [data-schedule-id='" + scheduleId
                + "'] [data-action=runs]")).getDomAttribute("aria-expanded"))) {
            clickSchedule(scheduleId, "runs");
        }
        setDate("backfill-" + scheduleId + "-from", from);
        setDate("backfill-" + scheduleId + "-to", to);
        browser.findElement(By.cssSelector("#runs-" + scheduleId + " .backfill button[type=submit]")).click();
    }

    /** Waits until the schedule's runs show a run with a job in that status (the console polls on its own). */
    WebElement awaitRun(String scheduleId, String status) {
        return await().until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#runs-" + scheduleId + " .runs [data-job-id][data-status='" + status + "']")));
    }

    void openDestinations() {
        browser.findElement(By.cssSelector("#nav a[data-view=destinations]")).click();
        await().until(ExpectedConditions.visibilityOfElementLocated(By.id("destination-form")));
    }

    /** Fills the new-destination form (type s3, the only one); an empty endpoint is left empty. */
    void fillDestination(String name, String bucket, String prefix, String region, String endpoint,
            String accessKeyId, String secretAccessKey) {
        type("destination-name", name);
        type("destination-bucket", bucket);
        type("destination-prefix", prefix);
        type("destination-region", region);
        type("destination-endpoint", endpoint);
        type("destination-access_key_id", accessKeyId);
        type("destination-secret_access_key", secretAccessKey);
    }

    /** Sends the new-destination form with the keyboard (Enter in its secret field). */
    void submitDestination() {
        browser.findElement(By.id("destination-secret_access_key")).sendKeys(Keys.ENTER);
    }

    /** The destination ids listed, oldest first. */
    List<String> listedDestinationIds() {
        return browser.findElements(By.cssSelector("#destination-list [data-destination-id]")).stream()
                .map(item -> item.getDomAttribute("data-destination-id")).toList();
    }

    /** Deletes the destination, confirming the browser's dialog. */
    void deleteDestination(String destinationId) {
        browser.findElement(By.cssSelector("#destination-list [data-destination-id='" + destinationId
                + "'] [data-action=delete]")).click();
        await().until(ExpectedConditions.alertIsPresent()).accept();
    }

    /** Chooses a destination in a form's "Destination" select once the console has filled it in. */
    void chooseDestination(String selectId, String destinationId) {
        await().until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#" + selectId + " option[value='" + destinationId + "']")));
        new Select(browser.findElement(By.id(selectId))).selectByValue(destinationId);
    }

    /** Fills the create form; property ids through the picker (lookup by city), the dates typed. */
    void fillCreate(String report, String format, String start, String end, String propertyIds) {
        new Select(browser.findElement(By.id("report_type"))).selectByValue(report);
        new Select(browser.findElement(By.id("output_format"))).selectByValue(format);
        setDate("start_date", start);
        setDate("end_date", end);
        WebElement ids = browser.findElement(By.id("property_ids"));
        ids.clear();
        ids.sendKeys(propertyIds);
        browser.findElement(By.id("callback_url")).click();
    }

    /** Chooses a compression and types the columns wanted. */
    void fillOptions(String compression, String fields) {
        new Select(browser.findElement(By.id("compression"))).selectByValue(compression);
        WebElement columns = browser.findElement(By.id("fields"));
        columns.clear();
        columns.sendKeys(fields);
        browser.findElement(By.id("callback_url")).click();
    }

    /** Chromium's date input takes keys in the locale's order; setting the value is what a picker does. */
    private void setDate(String id, String isoDate) {
        browser.executeScript("const input = document.getElementById(arguments[0]); input.value = arguments[1];"
                + "input.dispatchEvent(new Event('change', {bubbles: true}));", id, isoDate);
    }

    /** Searches the property picker and adds the first property found. */
    String pickFirstProperty(String city) {
        browser.findElement(By.id("lookup-city")).sendKeys(city);
        browser.findElement(By.id("lookup")).click();
        WebElement add = await().until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("#lookup-results button[data-property-id]")));
        String id = add.getDomAttribute("data-property-id");
        add.click();
        return id;
    }

    String quotaImpact() {
        return await().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-quota=impact]")))
                .getText();
    }

    void submitCreate() {
        browser.findElement(By.id("create-submit")).click();
    }

    String fieldError(String field) {
        return await().until(ExpectedConditions.visibilityOfElementLocated(By.id(field + "-error"))).getText();
    }

    String attribute(String id, String attribute) {
        return browser.findElement(By.id(id)).getDomAttribute(attribute);
    }

    String value(String id) {
        return browser.findElement(By.id(id)).getDomProperty("value");
    }

    String focusedId() {
        return browser.switchTo().activeElement().getDomAttribute("id");
    }

    /** The job ids on the current page of the list, newest first. */
    List<String> listedJobIds() {
        return browser.findElements(By.cssSelector("#job-list [data-job-id]")).stream()
                .map(item -> item.getDomAttribute("data-job-id")).toList();
    }

    /** Waits until the list shows the job with that status (the console polls on its own). */
    WebElement awaitJob(String jobId, String status) {
        return await().until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#job-list [data-job-id='" + jobId + "'][data-status='" + status + "']")));
    }

    WebElement awaitRunning(String jobId) {
        return await().until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#job-list [data-job-id='" + jobId + "'] .badge-running")));
    }

    void click(String jobId, String action) {
        await().until(driver -> {
            driver.findElement(By.cssSelector("#job-list [data-job-id='" + jobId + "'] [data-action=" + action + "]"))
                    .click();
            return true;
        });
    }

    /** The element's text; an element redrawn between finding and reading it (the lists poll) is found again. */
    String text(String cssSelector) {
        return await().until(driver -> driver.findElement(By.cssSelector(cssSelector)).getText());
    }

    String pageSource() {
        return browser.getPageSource();
    }

    String currentUrl() {
        return browser.getCurrentUrl();
    }

    Object script(String script) {
        return browser.executeScript(script);
    }

    Path downloaded(String fileName) {
        return downloads.resolve(fileName);
    }

    /**
     * A screenshot of the whole page laid out at {@code size}'s width: the viewport is set to that width and to
     * the page's height, so there is no scrollbar and nothing is cut. The width stays until {@link #resize}.
     */
    Path screenshot(Dimension size, Path file) throws IOException {
        viewport(size.width, size.height);
        long height = (Long) browser.executeScript("return document.documentElement.scrollHeight");
        viewport(size.width, (int) Math.max(size.height, Math.min(height, 6000)));
        Map<String, Object> shot = browser.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png"));
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
        return file;
    }

    /** True when nothing on the page is wider than the viewport (no sideways scrolling). */
    boolean fitsTheWidth() {
        return (Boolean) browser.executeScript(
                "return document.documentElement.scrollWidth <= document.documentElement.clientWidth");
    }

    private void viewport(int width, int height) {
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
    }

    /** Back to a plain window of that size. */
    void resize(Dimension size) {
        browser.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        browser.manage().window().setSize(size);
    }

    @Override
    public void close() {
        browser.quit();
    }
}
