package dev.strata.examples.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.examples.EmbeddingChoice;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The demo page in headless Chromium (Debian's {@code chromium}), driven over the DevTools protocol:
 * it loads without console errors, renders the dashboard, shows a draft created on instance A on
 * instance B's page, and draws its charts. Installs Chromium with apt-get when it can (root, apt-get
 * present); skips with a message naming what is missing otherwise. Screenshots go to examples/target.
 */
class DemoPageIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);
  private static String chromium;
  private static DemoStack stack;
  private static DemoApp a;
  private static DemoApp b;
  private static Process browser;
  private static Path profile;

  @BeforeAll
  static void start() throws Exception {
    chromium = findOrInstallChromium();
    assumeTrue(chromium != null, "headless Chromium is not installed and could not be installed here "
        + "(needs Debian's 'chromium' package: apt-get and root); the page test is skipped");
    stack = DemoStack.start(40);
    a = new DemoApp("page-a", stack, EmbeddingChoice.HASHING.provider(), 0);
    b = new DemoApp("page-b", stack, EmbeddingChoice.HASHING.provider(), 0);
    profile = Files.createTempDirectory("strata-demo-chromium");
    browser = new ProcessBuilder(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--remote-debugging-port=0", "--user-data-dir=" + profile, "about:blank")
        .redirectErrorStream(true).redirectOutput(new File("target/demo-page-chromium.log")).start();
  }

  @AfterAll
  static void stop() throws IOException {
    if (browser != null) {
      browser.descendants().forEach(ProcessHandle::destroy);
      browser.destroy();
    }
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
    if (stack != null) {
      stack.heal();
    }
    if (profile != null) {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  @Timeout(90)
  void page_rendersTheDashboard_showsADraftFromTheOtherInstance_andDrawsItsCharts_withoutConsoleErrors()
      throws Exception {
    int port = devToolsPort();
    long user = DemoAppIT.get(a, "/api/users", 200).at("/users/0/id").asLong();
    try (Cdp pageA = open(port, a.uri() + "/?user=" + user); Cdp pageB = open(port, b.uri() + "/?user=" + user)) {
      await(pageA, "document.body.dataset.ready === 'true'", "page A ready");
      await(pageB, "document.body.dataset.ready === 'true'", "page B ready");
      assertTrue(pageA.eval("document.querySelectorAll('#dashboard .venture').length").asInt() >= 2,
          "the dashboard lists the user's ventures");
      assertEquals(a.name(), pageA.eval("document.getElementById('instance').textContent").asText());

      pageA.eval("document.getElementById('draft-title').value = 'Browser draft';"
          + "document.getElementById('draft-body').value = 'Written in headless Chromium on instance A';"
          + "document.getElementById('create').click(); true");
      await(pageA, "document.getElementById('created').dataset.draft !== undefined", "draft created on A");
      long draft = pageA.eval("Number(document.getElementById('created').dataset.draft)").asLong();
      // B's page reloads its dashboard every second; the draft appears once the invalidation has reached B
      await(pageB, "document.querySelector('#dashboard [data-draft=\"" + draft + "\"]') !== null",
          "draft " + draft + " on instance B's page");

      String pixels = "Array.from(document.querySelectorAll('#charts canvas')).map(c => {"
          + " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;"
          + " for (let i = 3; i < d.length; i += 4) { if (d[i] !== 0) n++; }"
          + " return {w: c.width, h: c.height, drawn: n}; })";
      // the charts are made empty at start-up and drawn when the page's first /api/stats answer arrives,
      // which can come after the draft shows: wait for the drawing, not only for the canvases
      try {
        await(pageB, "window.uPlot !== undefined && document.querySelectorAll('#charts canvas').length === 6 && ("
            + pixels + ").every(c => c.drawn > 0)", "six charts drawn");
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + "; canvases: " + pageB.eval(pixels), e);
      }
      JsonNode charts = pageB.eval(pixels);
      for (JsonNode c : charts) {
        assertTrue(c.get("w").asInt() > 0 && c.get("h").asInt() > 0, "chart has a size: " + c);
        assertTrue(c.get("drawn").asInt() > 0, "chart drew pixels: " + c);
      }
      assertTrue(pageB.eval("document.querySelector('#charts .u-title') !== null").asBoolean(), "chart titles");
      screenshot(pageA, "target/demo-page-a.png");
      screenshot(pageB, "target/demo-page-b.png");
      assertEquals(List.of(), pageA.errors(), "page A console errors");
      assertEquals(List.of(), pageB.errors(), "page B console errors");
    }
  }

  private static Cdp open(int port, String url) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/json/new?" + url)).PUT(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    Cdp cdp = Cdp.connect(JSON.readTree(r.body()).get("webSocketDebuggerUrl").asText());
    cdp.call("Emulation.setDeviceMetricsOverride", Map.of("width", 1400, "height", 900, "deviceScaleFactor", 1,
        "mobile", false));
    cdp.call("Page.navigate", Map.of("url", url)); // again, now that errors are being listened to
    return cdp;
  }

  /** Polls {@code condition} in the page until true, for at most 20 s. */
  private static void await(Cdp page, String condition, String what) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      try {
        if (page.eval("(" + condition + ") === true").asBoolean()) {
          return;
        }
      } catch (IllegalStateException e) {
        // the page is still navigating: its context is not there yet
      }
      Thread.sleep(50);
    }
    throw new AssertionError(what + " within 20 s; console errors so far: " + page.errors());
  }

  private static void screenshot(Cdp page, String file) throws Exception {
    String png = page.call("Page.captureScreenshot", Map.of("format", "png")).get("data").asText();
    Files.write(Paths.get(file), Base64.getDecoder().decode(png));
  }

  /** Chromium writes the port it chose into its profile directory. */
  private static int devToolsPort() throws Exception {
    Path file = profile.resolve("DevToolsActivePort");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      if (Files.exists(file)) {
        List<String> lines = Files.readAllLines(file);
        if (!lines.isEmpty() && !lines.get(0).isBlank()) {
          return Integer.parseInt(lines.get(0).trim());
        }
      }
      assertTrue(browser.isAlive(), "chromium exited; see target/demo-page-chromium.log");
      Thread.sleep(50);
    }
    throw new AssertionError("chromium did not open its DevTools port within 20 s; see target/demo-page-chromium.log");
  }

  private static String findOrInstallChromium() throws Exception {
    String found = onPath("chromium");
    if (found != null) {
      return found;
    }
    String aptGet = onPath("apt-get");
    boolean root = "root".equals(System.getProperty("user.name"));
    if (aptGet == null || !root) {
      return null;
    }
    Process p = new ProcessBuilder("sh", "-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium")
        .redirectErrorStream(true).redirectOutput(new File("target/demo-page-apt-get.log")).start();
    if (!p.waitFor(INSTALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroy);
      p.destroy();
      return null;
    }
    return onPath("chromium");
  }

  private static String onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
      File f = new File(dir, command);
      if (f.canExecute()) {
        return f.getPath();
      }
    }
    return null;
  }
}
