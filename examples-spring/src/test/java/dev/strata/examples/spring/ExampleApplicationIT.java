package dev.strata.examples.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.testkit.PostgreSQL;
import dev.strata.testkit.Redis;
import dev.strata.testkit.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the example web application on testkit's PostgreSQL primary + replica and Redis, on a
 * random port, and drives it over HTTP.
 */
class ExampleApplicationIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static TestDatabase db;
  private static ConfigurableApplicationContext app;
  private static HttpClient http;
  private static String base;

  @BeforeAll
  static void start() {
    db = PostgreSQL.shared().newDatabase("example");
    List<String> args = new ArrayList<>(LocalRun.serverArguments(db, Redis.shared().standalone().uri()));
    args.add("--server.port=0");
    args.add("--strata.cache.namespace=example-" + UUID.randomUUID().toString().substring(0, 8));
    app = SpringApplication.run(ExampleApplication.class, args.toArray(String[]::new));
    base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
    http = HttpClient.newHttpClient();
    db.server().awaitReplicaCatchUp(Duration.ofSeconds(30)); // the schema, created on the primary
  }

  @AfterAll
  static void stop() {
    if (db != null && db.server().isReplayPaused()) {
      db.server().resumeReplay();
    }
    if (app != null) {
      app.close();
    }
  }

  @Test
  void dashboard_isReadOnTheReplica_andCachedUntilTheUsersNextWrite() throws Exception {
    JsonNode first = get("/dashboard", "bob");
    assertEquals(0, first.get("notes").asLong());
    assertTrue(first.get("onReplica").asBoolean(), "a read-only transaction runs on the replica: " + first);
    try (var c = db.dataSource().getConnection(); var st = c.createStatement()) {
      st.execute("INSERT INTO note (owner, body) VALUES ('bob', 'written behind the application''s back')");
    }
    db.server().awaitReplicaCatchUp(Duration.ofSeconds(30));
    assertEquals(0, get("/dashboard", "bob").get("notes").asLong(), "served from the cache, not the database");

    db.server().pauseReplay();
    try {
      post("/notes", "bob", "evicts the dashboard");
      JsonNode after = get("/dashboard", "bob");
      assertEquals(2, after.get("notes").asLong(), "the write evicted bob's cached dashboard after its commit: " + after);
    } finally {
      db.server().resumeReplay();
    }
  }

  @Test
  void usersNextRequest_seesTheirWrite_whileTheReplicaHasNotReplayedIt() throws Exception {
    db.server().pauseReplay();
    try {
      long id = post("/notes", "alice", "pitch deck v2").get("id").asLong();
      try (var c = db.replicaDataSource().getConnection();
          var st = c.prepareStatement("SELECT count(*) FROM note WHERE id = ?")) {
        st.setLong(1, id);
        try (var rs = st.executeQuery()) {
          rs.next();
          assertEquals(0, rs.getLong(1), "the paused replica has not replayed the note");
        }
      }
      JsonNode notes = get("/notes", "alice");
      assertEquals(1, notes.size(), notes.toString());
      assertEquals("pitch deck v2", notes.get(0).get("body").asText(), "alice's next request sees her write");
      JsonNode dashboard = get("/dashboard", "alice");
      assertEquals(1, dashboard.get("notes").asLong());
      assertFalse(dashboard.get("onReplica").asBoolean(), "served by the primary while the replica is behind her write");
    } finally {
      db.server().resumeReplay();
    }
  }

  @Test
  void badRequests_areRefused_namingTheRule() throws Exception {
    HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(base + "/notes")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(401, anonymous.statusCode());
    HttpResponse<String> blank = send(HttpRequest.newBuilder(URI.create(base + "/notes")).header(ExampleApplication.USER_HEADER, "carol")
        .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(" ")).build());
    assertEquals(400, blank.statusCode());
    assertTrue(blank.body().contains("must not be blank"), blank.body());
  }

  private static JsonNode get(String path, String user) throws Exception {
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + path)).header(ExampleApplication.USER_HEADER, user).GET().build());
    assertEquals(200, r.statusCode(), r.body());
    return JSON.readTree(r.body());
  }

  private static JsonNode post(String path, String user, String body) throws Exception {
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + path)).header(ExampleApplication.USER_HEADER, user)
        .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    assertEquals(201, r.statusCode(), r.body());
    return JSON.readTree(r.body());
  }

  private static HttpResponse<String> send(HttpRequest request) throws Exception {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
