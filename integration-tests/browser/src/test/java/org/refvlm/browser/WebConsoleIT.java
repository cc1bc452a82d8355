package org.refvlm.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page in real headless Chromium against {@code bin/refvlm serve} with the default model: a
 * user uploads the sample picture, draws a box prompt, asks, and sees the decoded objects drawn over
 * the picture; an administrator pins and unpins a decoder with the token.
 */
class WebConsoleIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private static ServedPlatform platform;
    private static ChromeDriver browser;

    @BeforeAll
    static void start() throws Exception {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("the browser tests need Debian's chromium and chromium-driver "
                    + "(/usr/bin/chromium, /usr/bin/chromedriver): apt-get install chromium chromium-driver");
        }
        platform = ServedPlatform.start("web-console");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1500");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().window().setSize(new Dimension(1280, 1500));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (browser != null) {
                browser.quit();
            }
        } finally {
            if (platform != null) {
                platform.close();
                assertThat(platform.configurations()).as("serve took its HTTP configuration back when it stopped")
                        .noneMatch(p -> p.toString().contains("felix/http"));
            }
        }
    }

    private WebDriverWait waiting() {
        // the decoders table is rebuilt after every change: a row found a moment ago may be gone
        return (WebDriverWait) new WebDriverWait(browser, Duration.ofSeconds(60))
                .ignoring(StaleElementReferenceException.class);
    }

    @Test
    void aUserAsksAboutABoxDrawnOnTheSamplePicture() throws Exception {
        browser.get(platform.url());
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "model loaded"));
        assertThat(browser.getCurrentUrl()).endsWith("/index.html");

        browser.findElement(By.id("file")).sendKeys(Path.of(ServedPlatform.required("refvlm.it.sample")).toRealPath().toString());
        waiting().until(d -> !d.findElement(By.id("stage")).getAttribute("class").contains("empty"));
        WebElement ask = browser.findElement(By.id("go"));
        assertThat(ask.isEnabled()).isTrue();

        browser.findElement(By.cssSelector("input[name=tool][value=box]")).click();
        WebElement layer = browser.findElement(By.id("layer"));
        org.openqa.selenium.Rectangle r = layer.getRect();
        // a box over the left middle of the picture, dragged from its top-left corner
        new Actions(browser).moveToElement(layer, -r.getWidth() / 4, -r.getHeight() / 8).clickAndHold()
                .moveByOffset(r.getWidth() / 5, r.getHeight() / 5).release().perform();
        assertThat(browser.findElement(By.id("prompt-count")).getText()).isEqualTo("1 visual prompt");
        assertThat(browser.findElements(By.cssSelector("#layer rect.prompt"))).hasSize(1);
        assertThat(browser.findElement(By.id("prompt")).getAttribute("value")).contains("<region>");

        WebElement prompt = browser.findElement(By.id("prompt"));
        prompt.clear();
        prompt.sendKeys("Find the yellow circle near <region> and give its bounding box.");
        ask.click();
        waiting().until(d -> !d.findElement(By.id("json")).getAttribute("textContent").isBlank());

        String json = browser.findElement(By.id("json")).getAttribute("textContent");
        assertThat(json).contains("\"objects\"");
        List<WebElement> drawn = browser.findElements(By.cssSelector("#layer g.object rect.box, #layer g.object image.mask"));
        assertThat(drawn).as("the decoded objects drawn over the picture; answer %s", json).isNotEmpty();
        assertThat(browser.findElements(By.cssSelector("#answer mark"))).as("phrases highlighted").isNotEmpty();
        assertThat(browser.findElements(By.cssSelector("#objects li"))).isNotEmpty();
        screenshot("web-console.png");
    }

    @Test
    void anAdministratorPinsAndUnpinsADecoderWithTheToken() throws Exception {
        browser.get(platform.url() + "index.html");
        By boxRow = By.xpath("//table[@id='decoders']//tr[td[1]='box']");
        waiting().until(ExpectedConditions.presenceOfElementLocated(boxRow));
        WebElement pin = browser.findElement(boxRow).findElement(By.tagName("button"));
        assertThat(pin.getText()).isEqualTo("pin");
        pin.click();
        Alert askToken = waiting().until(ExpectedConditions.alertIsPresent());
        askToken.sendKeys(platform.token());
        askToken.accept();
        waiting().until(d -> d.findElement(boxRow).findElement(By.tagName("button")).getText().equals("unpin"));
        assertThat(browser.findElement(boxRow).getText()).contains("detr").contains("yes yes");
        assertThat(browser.findElement(By.id("admin-error")).getText()).isEmpty();

        // the token is kept for the tab: unpinning asks no more
        browser.findElement(boxRow).findElement(By.tagName("button")).click();
        waiting().until(d -> d.findElement(boxRow).findElement(By.tagName("button")).getText().equals("pin"));
        screenshot("web-console-decoders.png");
    }

    private static void screenshot(String name) throws Exception {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Path out = Files.createDirectories(Path.of(ServedPlatform.required("refvlm.it.work"))).resolve(name);
        Files.copy(shot.toPath(), out, StandardCopyOption.REPLACE_EXISTING);
    }
}
