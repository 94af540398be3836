package dev.strata.examples.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.examples.EmbeddingChoice;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every endpoint of the demo app over HTTP, on two instances sharing the testkit's real servers. */
class DemoAppIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static DemoStack stack;
  private static DemoApp a;
  private static DemoApp b;
  private static long user;
  private static long venture;
  private static long othersVenture;

  @BeforeAll
  static void start() throws Exception {
    stack = DemoStack.start(60);
    a = new DemoApp("it-a", stack, EmbeddingChoice.HASHING.provider(), 0);
    b = new DemoApp("it-b", stack, EmbeddingChoice.HASHING.provider(), 0);
    JsonNode users = get(a, "/api/users", 200).get("users");
    user = users.get(0).get("id").asLong();
    venture = get(a, "/api/users/" + user + "/dashboard", 200).at("/dashboard/ventures/0/venture/id").asLong();
    long other = users.get(1).get("id").asLong();
    othersVenture = get(a, "/api/users/" + other + "/dashboard", 200).at("/dashboard/ventures/0/venture/id").asLong();
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.heal();
    }
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
  }

  @Test
  void health_answersUpWithTheInstanceAndTheDrillState() throws Exception {
    JsonNode h = get(b, "/health", 200);
    assertEquals("up", h.get("status").asText());
    assertEquals("it-b", h.get("instance").asText());
    assertFalse(h.at("/drills/redisStopped").asBoolean());
  }

  @Test
  void dashboard_isOneStatementThenServedFromTheCache() throws Exception {
    long u = get(a, "/api/users", 200).at("/users/2/id").asLong();
    long before = a.data().readStatements();
    JsonNode first = get(a, "/api/users/" + u + "/dashboard", 200);
    assertEquals(before + 1, a.data().readStatements(), "one round trip underneath");
    JsonNode again = get(a, "/api/users/" + u + "/dashboard", 200);
    assertEquals(before + 1, a.data().readStatements(), "the second load comes from the cache");
    assertEquals(first.get("dashboard"), again.get("dashboard"));
    assertTrue(first.at("/dashboard/ventures").size() >= 2);
  }

  @Test
  void context_pagesThroughEveryAssetWithTheOpaqueCursor() throws Exception {
    long v = scalar("SELECT venture_id FROM shared_assets GROUP BY venture_id ORDER BY count(*) DESC LIMIT 1");
    Set<Long> seen = new HashSet<>();
    String cursor = null;
    int pages = 0;
    do {
      JsonNode page = get(a, "/api/ventures/" + v + "/context" + (cursor == null ? "" : "?cursor=" + cursor), 200);
      assertEquals(v, page.get("ventureId").asLong());
      page.get("assets").forEach(x -> assertTrue(seen.add(x.get("id").asLong()), "no asset twice: " + x));
      cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
      pages++;
    } while (cursor != null && pages < 100);
    assertEquals(countAssets(v), seen.size(), "every asset once");
    assertTrue(pages > 1, "several pages: " + pages);
  }

  @Test
  void createContent_onA_showsOnBsDashboard_andIsFoundBySearchInItsVentureOnly() throws Exception {
    get(b, "/api/users/" + user + "/dashboard", 200); // B has the pre-write dashboard cached
    JsonNode created = post(a, "/api/ventures/" + venture + "/content", "application/json",
        "{\"userId\": " + user + ", \"title\": \"Harvest festival\", \"body\": \"Pumpkin stall rota and a harvest festival poster\"}", 201);
    long draft = created.get("draftId").asLong();
    assertNotNull(created.get("token").textValue(), "the write's read-your-writes token");
    // the invalidation reaches B over Redis pub/sub: wait for that event (bounded), not for a fixed time
    awaitBody(b, "/api/users/" + user + "/dashboard", d -> hasDraft(d, draft), "B shows draft " + draft);
    awaitBody(b, "/api/ventures/" + venture + "/search?q=harvest+festival+poster",
        r -> r.get("hits").size() > 0 && r.at("/hits/0/draftId").asLong() == draft, "search finds draft " + draft);
    assertEquals("Harvest festival", get(b, "/api/ventures/" + venture + "/search?q=harvest+festival+poster", 200)
        .at("/hits/0/title").asText());
    JsonNode other = get(b, "/api/ventures/" + othersVenture + "/search?q=harvest+festival+poster", 200);
    other.get("hits").forEach(h -> assertTrue(h.get("draftId").asLong() != draft, "another venture never sees it"));
  }

  @Test
  void drills_replicaPaused_ownWriteStillSeen_redisAndQdrantDown_servedAndNothingLost() throws Exception {
    try {
      post(a, "/api/drills/replica/pause", null, null, 200);
      long draft = post(a, "/api/ventures/" + venture + "/content", "application/json",
          "{\"userId\": " + user + ", \"title\": \"During lag\", \"body\": \"Written while replay is paused\"}", 201)
          .get("draftId").asLong();
      awaitBody(b, "/api/users/" + user + "/dashboard", d -> hasDraft(d, draft), "read-your-writes on B during lag");
      post(a, "/api/drills/replica/resume", null, null, 200);

      assertTrue(post(a, "/api/drills/redis/stop", null, null, 200).get("redisStopped").asBoolean());
      assertTrue(get(b, "/api/users/" + user + "/dashboard", 200).at("/dashboard/ventures").size() > 0, "fail-open");
      post(a, "/api/drills/redis/start", null, null, 200);

      post(a, "/api/drills/qdrant/stop", null, null, 200);
      long late = post(a, "/api/ventures/" + venture + "/content", "application/json",
          "{\"userId\": " + user + ", \"title\": \"Offline idea\", \"body\": \"Lantern parade route along the river\"}", 201)
          .get("draftId").asLong();
      post(a, "/api/drills/qdrant/start", null, null, 200);
      awaitBody(a, "/api/ventures/" + venture + "/search?q=lantern+parade+route+river",
          r -> r.get("hits").size() > 0 && r.at("/hits/0/draftId").asLong() == late, "indexed after Qdrant is back");
      assertEquals(6, get(a, "/api/drills", 200).get("drills").size());
    } finally {
      stack.heal();
    }
  }

  @Test
  void metrics_inPrometheusTextFormat_withStrataAndPageMeters() throws Exception {
    get(a, "/api/users/" + user + "/dashboard", 200);
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(a.uri().resolve("/metrics")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
    for (String name : new String[] {"demo_page_latency_seconds", "strata_cache_", "strata_routing_", "hikaricp_"}) {
      assertTrue(r.body().contains(name), name + " in /metrics");
    }
  }

  @Test
  void pageAndChartLibrary_areServedFromTheClassPath() throws Exception {
    assertTrue(text(a, "/").contains("uPlot.iife.min.js"));
    assertTrue(text(a, "/webjars/uplot/dist/uPlot.iife.min.js").contains("uPlot"));
    assertTrue(text(a, "/static/app.js").contains("refreshCharts"));
    JsonNode stats = get(a, "/api/stats", 200);
    a.stats().sample();
    assertTrue(get(a, "/api/stats", 200).get("t").size() > stats.get("t").size() - 1);
  }

  @Test
  void badInput_is4xxJsonNamingTheProblem_neverA500OrAStackTrace() throws Exception {
    String content = "/api/ventures/" + venture + "/content";
    String ok = "{\"userId\": " + user + ", \"title\": \"t\", \"body\": \"b\"}";
    String otherPage = get(a, "/api/ventures/" + othersVenture + "/context", 200).get("nextCursor").asText();
    bad(get(a, "/api/users/abc/dashboard", 400), "userId must be a positive whole number, was: 'abc'");
    bad(get(a, "/api/users/-3/dashboard", 400), "userId must be a positive whole number");
    bad(get(a, "/api/users/999999/dashboard", 404), "userId 999999 names no user");
    bad(get(a, "/api/ventures/999999/context", 404), "ventureId 999999 names no venture");
    bad(get(a, "/api/ventures/" + venture + "/context?cursor=not-a-cursor", 400), "cursor must be a cursor");
    bad(get(a, "/api/ventures/" + venture + "/context?cursor=" + otherPage, 400), "cursor must be a cursor");
    bad(get(a, "/api/ventures/x1/search?q=a", 400), "ventureId must be a positive whole number");
    bad(get(a, "/api/ventures/" + venture + "/search", 400), "query parameter q");
    bad(post(a, content, "text/plain", ok, 415), "Content-Type must be application/json, was: 'text/plain'");
    bad(post(a, content, null, ok, 415), "Content-Type must be application/json");
    bad(post(a, content, "application/json", "{\"userId\": 1, \"title\": \"" + "x".repeat(20_000) + "\"}", 413),
        "at most 16384 bytes");
    bad(post(a, content, "application/json", "{\"userId\": ", 400), "not valid JSON");
    bad(post(a, content, "application/json", "[1]", 400), "must be a JSON object");
    bad(post(a, content, "application/json", "{\"title\": \"t\", \"body\": \"b\"}", 400), "field userId is required");
    bad(post(a, content, "application/json", "{\"userId\": \"abc\", \"title\": \"t\", \"body\": \"b\"}", 400),
        "userId must be a positive whole number, was: 'abc'");
    bad(post(a, content, "application/json", "{\"userId\": " + user + ", \"title\": \" \", \"body\": \"b\"}", 400),
        "title must not be blank");
    bad(post(a, "/api/ventures/999999/content", "application/json", ok, 404), "ventureId 999999 names no venture");
    bad(post(a, "/api/ventures/" + othersVenture + "/content", "application/json", ok, 403),
        "is not a venture of user " + user);
    bad(get(a, "/api/nothing", 404), "no such endpoint: /api/nothing");
    bad(get(a, content, 405), "method GET is not allowed here; use POST");
    bad(post(a, "/api/drills/redis/explode", null, null, 400), "drill must be one of");
    bad(get(a, "/static/../pom.xml", 404), "no such file");
  }

  private static void bad(JsonNode body, String expected) {
    String error = body.get("error").asText();
    assertTrue(error.contains(expected), "error '" + error + "' says: " + expected);
    assertFalse(body.toString().contains("Exception") || body.toString().contains("\tat "), "no stack trace: " + body);
  }

  private static boolean hasDraft(JsonNode dashboardResponse, long draft) {
    for (JsonNode v : dashboardResponse.at("/dashboard/ventures")) {
      for (JsonNode d : v.get("recentDrafts")) {
        if (d.get("id").asLong() == draft) {
          return true;
        }
      }
    }
    return false;
  }

  private static long countAssets(long ventureId) throws Exception {
    return scalar("SELECT count(*) FROM shared_assets WHERE venture_id = " + ventureId);
  }

  private static long scalar(String sql) throws Exception {
    try (var c = stack.database().dataSource().getConnection(); var ps = c.prepareStatement(sql);
        var rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Polls {@code path} until {@code done} holds, for at most 10 s (a pub/sub delivery or an indexer round). */
  private static void awaitBody(DemoApp app, String path, Predicate<JsonNode> done, String what) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    JsonNode last;
    do {
      last = get(app, path, 200);
      if (done.test(last)) {
        return;
      }
      Thread.sleep(20);
    } while (System.nanoTime() < deadline);
    throw new AssertionError(what + " within 10 s; last answer: " + last);
  }

  static JsonNode get(DemoApp app, String path, int status) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(app.uri() + path)).GET().build(), status);
  }

  static JsonNode post(DemoApp app, String path, String type, String body, int status) throws Exception {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(app.uri() + path))
        .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (type != null) {
      r.header("Content-Type", type);
    }
    return send(r.build(), status);
  }

  private static String text(DemoApp app, String path) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(app.uri() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), path);
    return r.body();
  }

  private static JsonNode send(HttpRequest request, int status) throws Exception {
    HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    assertEquals(status, r.statusCode(), request.method() + " " + request.uri() + " answered " + r.body());
    assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""), r.body());
    return JSON.readTree(r.body());
  }
}
