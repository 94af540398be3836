package dev.strata.examples.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.strata.core.dashboard.Dashboard;
import dev.strata.vector.EmbeddingProvider;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One demo app instance: the JDK's HTTP server in front of {@link DemoData}, JSON in and out, the
 * page and its chart library from the class path, {@code /metrics} in Prometheus text format and the
 * fault drills. Bad input is answered with a 4xx and {@code {"error": "..."}} naming what was wrong.
 */
final class DemoApp implements AutoCloseable {

  /** Largest request body accepted, in bytes. */
  static final int MAX_BODY_BYTES = 16 * 1024;
  private static final Logger log = LoggerFactory.getLogger(DemoApp.class);
  private static final Pattern ID = Pattern.compile("[^/]+");
  private static final Pattern DASHBOARD = Pattern.compile("/api/users/(" + ID + ")/dashboard");
  private static final Pattern CONTEXT = Pattern.compile("/api/ventures/(" + ID + ")/context");
  private static final Pattern CONTENT = Pattern.compile("/api/ventures/(" + ID + ")/content");
  private static final Pattern SEARCH = Pattern.compile("/api/ventures/(" + ID + ")/search");
  private static final Pattern DRILL = Pattern.compile("/api/drills/([a-z]+/[a-z]+)");
  private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8", "js",
      "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8");

  /** The uPlot WebJar's version, read from its Maven metadata on the class path. */
  static final String UPLOT_VERSION = webJarVersion("org.webjars.npm", "uplot");

  private final String name;
  private final DemoStack stack;
  private final DemoData data;
  private final PageStats stats;
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Timer pageTimer;
  private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
  private final HttpServer server;
  private final ExecutorService executor;

  /** Starts instance {@code name} on {@code port} (0: any free port) of the loopback interface. */
  DemoApp(String name, DemoStack stack, EmbeddingProvider model, int port) throws IOException {
    this.name = name;
    this.stack = stack;
    this.data = new DemoData(stack, name, registry, model);
    this.stats = new PageStats(data, name);
    this.pageTimer = Timer.builder("demo.page.latency").description("dashboard and context pages")
        .publishPercentiles(0.5, 0.99).tag("instance", name).register(registry);
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
    this.executor = Executors.newFixedThreadPool(8, r -> {
      Thread t = new Thread(r, name + "-http");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The instance's base URL, e.g. {@code http://127.0.0.1:8080}. */
  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  String name() {
    return name;
  }

  /** The first user the page offers (tour commands). */
  long firstUser() {
    return data.users(1).get(0).id();
  }

  /** The user's first venture (tour commands). */
  long firstVentureOf(long user) {
    return data.dashboard(user).ventures().get(0).venture().id();
  }

  /** The data calls (tests count statements through it). */
  DemoData data() {
    return data;
  }

  /** The chart figures; tests take a point without waiting for the timer. */
  PageStats stats() {
    return stats;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    stats.close();
    data.close();
    registry.close();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      try {
        route(ex);
      } catch (ApiError e) {
        send(ex, e.status(), Map.of("error", e.getMessage()));
      } catch (DemoData.NotFoundException e) {
        send(ex, 404, Map.of("error", e.getMessage()));
      } catch (DemoData.ForbiddenException e) {
        send(ex, 403, Map.of("error", e.getMessage()));
      } catch (IllegalArgumentException e) {
        send(ex, 400, Map.of("error", e.getMessage()));
      } catch (UnsupportedOperationException e) {
        send(ex, 409, Map.of("error", e.getMessage()));
      } catch (RuntimeException e) {
        // a server is down or a bug: the log gets the stack trace, the client a plain sentence
        log.warn("{} {} failed", ex.getRequestMethod(), ex.getRequestURI(), e);
        send(ex, 503, Map.of("error", "the request could not be served now (" + e.getClass().getSimpleName()
            + "); see the app's log"));
      }
    }
  }

  private void route(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    String method = ex.getRequestMethod();
    Matcher m;
    if (path.equals("/") || path.startsWith("/static/") || path.startsWith("/webjars/")) {
      requireMethod(method, "GET");
      resource(ex, path);
    } else if (path.equals("/health")) {
      requireMethod(method, "GET");
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("status", "up");
      body.put("instance", name);
      body.put("drills", stack.state());
      body.put("routing", data.routing());
      send(ex, 200, body);
    } else if (path.equals("/metrics")) {
      requireMethod(method, "GET");
      byte[] text = registry.scrape().getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
      ex.sendResponseHeaders(200, text.length);
      ex.getResponseBody().write(text);
    } else if (path.equals("/api/users")) {
      requireMethod(method, "GET");
      send(ex, 200, Map.of("instance", name, "users", data.users(20)));
    } else if ((m = DASHBOARD.matcher(path)).matches()) {
      requireMethod(method, "GET");
      long user = id(m.group(1), "userId");
      long t0 = System.nanoTime();
      Dashboard d = data.dashboard(user);
      page(t0);
      send(ex, 200, Map.of("instance", name, "dashboard", d));
    } else if ((m = CONTEXT.matcher(path)).matches()) {
      requireMethod(method, "GET");
      long venture = id(m.group(1), "ventureId");
      String cursor = query(ex).get("cursor");
      long t0 = System.nanoTime();
      DemoData.VentureContext c = data.context(venture, cursor);
      page(t0);
      send(ex, 200, c);
    } else if ((m = CONTENT.matcher(path)).matches()) {
      requireMethod(method, "POST");
      long venture = id(m.group(1), "ventureId");
      JsonNode body = jsonBody(ex);
      long user = id(field(body, "userId"), "userId");
      send(ex, 201, data.createContent(user, venture, field(body, "title"), field(body, "body")));
    } else if ((m = SEARCH.matcher(path)).matches()) {
      requireMethod(method, "GET");
      long venture = id(m.group(1), "ventureId");
      String q = query(ex).get("q");
      if (q == null || q.isBlank()) {
        throw new ApiError(400, "query parameter q (the text to search for) is required and must not be blank");
      }
      send(ex, 200, Map.of("ventureId", venture, "hits", data.search(venture, q, 5)));
    } else if (path.equals("/api/stats")) {
      requireMethod(method, "GET");
      send(ex, 200, stats.series());
    } else if (path.equals("/api/drills")) {
      requireMethod(method, "GET");
      send(ex, 200, Map.of("drills", DemoStack.DRILLS, "state", stack.state()));
    } else if ((m = DRILL.matcher(path)).matches()) {
      requireMethod(method, "POST");
      Map<String, Object> state = stack.drill(m.group(1));
      data.checkReplicas(); // the figures react at once rather than at the next background check
      send(ex, 200, state);
    } else {
      throw new ApiError(404, "no such endpoint: " + path);
    }
  }

  private void page(long t0) {
    long nanos = System.nanoTime() - t0;
    stats.page(nanos);
    pageTimer.record(nanos, TimeUnit.NANOSECONDS);
  }

  private static void requireMethod(String method, String allowed) {
    if (!method.equals(allowed)) {
      throw new ApiError(405, "method " + method + " is not allowed here; use " + allowed);
    }
  }

  private static long id(String value, String name) {
    if (value == null) {
      throw new ApiError(400, name + " is required");
    }
    try {
      long id = Long.parseLong(value);
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // answered below, like a non-positive number
    }
    throw new ApiError(400, name + " must be a positive whole number, was: '" + value + "'");
  }

  private static String field(JsonNode body, String name) {
    JsonNode v = body.get(name);
    if (v == null || v.isNull()) {
      throw new ApiError(400, "field " + name + " is required");
    }
    if (!v.isValueNode()) {
      throw new ApiError(400, "field " + name + " must be a string or a number");
    }
    return v.asText();
  }

  private JsonNode jsonBody(HttpExchange ex) throws IOException {
    String type = ex.getRequestHeaders().getFirst("Content-Type");
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      throw new ApiError(415, "Content-Type must be application/json, was: " + (type == null ? "(none)" : "'" + type + "'"));
    }
    String length = ex.getRequestHeaders().getFirst("Content-Length");
    if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > MAX_BODY_BYTES) {
      throw new ApiError(413, "the body must be at most " + MAX_BODY_BYTES + " bytes, was: " + length);
    }
    byte[] body;
    try (InputStream in = ex.getRequestBody()) {
      body = in.readNBytes(MAX_BODY_BYTES + 1);
    }
    if (body.length > MAX_BODY_BYTES) {
      throw new ApiError(413, "the body must be at most " + MAX_BODY_BYTES + " bytes");
    }
    try {
      JsonNode node = json.readTree(body);
      if (node == null || !node.isObject()) {
        throw new ApiError(400, "the body must be a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new ApiError(400, "the body is not valid JSON: " + e.getOriginalMessage());
    }
  }

  private static Map<String, String> query(HttpExchange ex) {
    Map<String, String> out = new LinkedHashMap<>();
    String raw = ex.getRequestURI().getRawQuery();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.putIfAbsent(k, v);
    }
    return out;
  }

  private void resource(HttpExchange ex, String path) throws IOException {
    String resource;
    if (path.equals("/")) {
      resource = "web/index.html";
    } else if (path.startsWith("/static/")) {
      resource = "web/" + path.substring("/static/".length());
    } else if (path.startsWith("/webjars/uplot/")) {
      // WebJars keep their files under META-INF/resources/webjars/<name>/<version>; the page names no version
      resource = "META-INF/resources/webjars/uplot/" + UPLOT_VERSION + "/" + path.substring("/webjars/uplot/".length());
    } else {
      throw new ApiError(404, "no such file: " + path);
    }
    String ext = resource.substring(resource.lastIndexOf('.') + 1);
    if (path.contains("..") || !TYPES.containsKey(ext)) {
      throw new ApiError(404, "no such file: " + path);
    }
    try (InputStream in = DemoApp.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new ApiError(404, "no such file: " + path);
      }
      byte[] bytes = in.readAllBytes();
      ex.getResponseHeaders().set("Content-Type", TYPES.get(ext));
      ex.sendResponseHeaders(200, bytes.length);
      ex.getResponseBody().write(bytes);
    }
  }

  private static String webJarVersion(String group, String artifact) {
    String file = "META-INF/maven/" + group + "/" + artifact + "/pom.properties";
    try (InputStream in = DemoApp.class.getClassLoader().getResourceAsStream(file)) {
      if (in == null) {
        throw new IllegalStateException("the WebJar " + group + ":" + artifact + " is not on the class path (no " + file + ")");
      }
      java.util.Properties p = new java.util.Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private void send(HttpExchange ex, int status, Object body) throws IOException {
    byte[] bytes = json.writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
  }
}
