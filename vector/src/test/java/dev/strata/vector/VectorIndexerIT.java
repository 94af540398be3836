package dev.strata.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.core.StrataJdbi;
import dev.strata.core.outbox.Outbox;
import dev.strata.core.outbox.OutboxMessage;
import dev.strata.core.schema.StrataSchema;
import dev.strata.testkit.Eventually;
import dev.strata.testkit.PostgresExtension;
import dev.strata.testkit.Qdrant;
import dev.strata.testkit.QdrantExtension;
import dev.strata.testkit.QdrantServer;
import dev.strata.testkit.TestDatabase;
import io.qdrant.client.QdrantClient;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Lossless indexing: content rows and their index jobs commit together; while Qdrant is down the
 * jobs wait in the outbox; once it is back, two indexers drain them and every item is stored exactly
 * once (one point per distinct content per venture), with nothing lost.
 */
@ExtendWith(PostgresExtension.class)
class VectorIndexerIT {

  @RegisterExtension
  static final QdrantExtension QDRANT = QdrantExtension.emulator(); // the test stops and restarts it

  static final String COLLECTION = "content_embeddings";
  static TestDatabase db;
  static Jdbi jdbi;
  static QdrantServer server;
  static VectorStore store;
  static VentureVectors vectors;
  static Outbox outbox;
  static CountingProvider provider;
  static VectorStats stats = VectorStats.create();
  static EmbeddingProvider dedup;

  @BeforeAll
  static void setUp(TestDatabase database, QdrantServer emulator, QdrantClient client) throws Exception {
    db = database;
    StrataSchema.migrate(db.dataSource());
    jdbi = StrataJdbi.create(db.dataSource());
    server = emulator;
    store = VectorStores.qdrant(client, QdrantOptions.builder().maxAttempts(2).initialBackoff(Duration.ofMillis(10))
        .maxBackoff(Duration.ofMillis(20)).timeout(Duration.ofSeconds(2)).build(), stats);
    vectors = VentureVectors.builder(store).collection(COLLECTION, 64).build();
    vectors.ensureCollections();
    outbox = Outbox.builder(db.dataSource()).initialBackoff(Duration.ofMillis(50)).maxBackoff(Duration.ofMillis(300)).build();
    provider = new CountingProvider("local", 64);
    dedup = EmbeddingProviders.deduplicating(provider, EmbeddingCache.inProcess(), stats);
    jdbi.useHandle(h -> {
      h.execute("INSERT INTO users (id, email, name) VALUES (1, 'a@x.test', 'A')");
      for (int v = 1; v <= 5; v++) {
        h.execute("INSERT INTO ventures (id, user_id, name) VALUES (?, 1, ?)", v, "V" + v);
      }
    });
  }

  @AfterAll
  static void tearDown() {
    store.close();
  }

  static VectorIndexer indexer() {
    return VectorIndexer.builder(outbox, vectors, dedup).batchSize(16).pollInterval(Duration.ofMillis(20)).listener(stats).build();
  }

  /** Writes a draft and its index job in one transaction; returns the draft id. */
  static long writeDraft(VectorIndexer indexer, long venture, String body) {
    return jdbi.inTransaction(h -> {
      long id = h.createUpdate("INSERT INTO content_drafts (venture_id, title, body) VALUES (?, 't', ?)")
          .bind(0, venture).bind(1, body).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
      indexer.enqueue(h, IndexJob.of(Long.toString(venture), COLLECTION, body).withPayload(Map.of("draft_id", id)));
      return id;
    });
  }

  static void awaitDrained(Duration timeout) {
    Eventually.within(timeout, () -> "outbox drained (" + outbox.pending(VectorIndexer.TOPIC) + " pending; " + stats + ")",
        () -> outbox.pending(VectorIndexer.TOPIC) == 0);
  }

  @Test
  void qdrantOutage_delaysIndexing_losesNothing_indexesEachItemOnce() throws Exception {
    VectorIndexer writer = indexer();
    long indexedBefore = stats.indexed();
    long embeddedBefore = provider.texts.get();
    Map<Long, Set<String>> expected = new HashMap<>();
    List<String> bodies = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      bodies.add("draft about topic " + (i % 70) + " and the launch"); // some content repeats within a venture
    }
    // before the outage
    for (int i = 0; i < 30; i++) {
      long venture = 1 + i % 5;
      writeDraft(writer, venture, bodies.get(i));
      expected.computeIfAbsent(venture, v -> new HashSet<>()).add(IndexJob.contentKey(bodies.get(i)));
    }
    // a rolled-back write leaves no job
    assertThrows(IllegalStateException.class, () -> jdbi.useTransaction(h -> {
      writer.enqueue(h, IndexJob.of("1", COLLECTION, "never committed"));
      throw new IllegalStateException("rollback");
    }));

    try (VectorIndexer a = indexer(); VectorIndexer b = indexer()) {
      a.start();
      b.start();
      awaitDrained(Duration.ofSeconds(30));
      server.stop(); // Qdrant goes away while content keeps being written
      for (int i = 30; i < 120; i++) {
        long venture = 1 + i % 5;
        writeDraft(writer, venture, bodies.get(i));
        expected.computeIfAbsent(venture, v -> new HashSet<>()).add(IndexJob.contentKey(bodies.get(i)));
      }
      Eventually.within(Duration.ofSeconds(5), () -> "indexers trying and deferring during the outage: " + stats,
          () -> stats.deferred() > 0);
      assertEquals(90, outbox.pending(VectorIndexer.TOPIC), "nothing lost, nothing done while Qdrant is down");
      server.start();
      awaitDrained(Duration.ofSeconds(60));
    }

    assertEquals(new HashSet<>(bodies).size(), provider.texts.get() - embeddedBefore,
        "the provider embedded each distinct text once, retries included");
    assertEquals(0, outbox.dead(VectorIndexer.TOPIC));
    assertEquals(120, stats.indexed() - indexedBefore, "every job completed exactly once");
    long distinctItems = 0;
    for (var e : expected.entrySet()) {
      String venture = Long.toString(e.getKey());
      assertEquals(e.getValue().size(), vectors.count(venture, COLLECTION), "venture " + venture);
      distinctItems += e.getValue().size();
      for (String key : e.getValue()) {
        // each item is findable by its own vector, under its content key
        String body = bodyFor(e.getKey(), key);
        List<VentureMatch> hit = vectors.search(venture, COLLECTION, SearchRequest.of(dedup.embed(body), 1));
        assertEquals(key, hit.get(0).key());
      }
    }
    assertEquals(distinctItems, store.count(COLLECTION, Filter.empty()) - vectors.count("9", COLLECTION), "no duplicate points");
    assertEquals(0, vectors.search("1", COLLECTION, SearchRequest.of(dedup.embed("never committed"), 5))
        .stream().filter(m -> m.key().equals(IndexJob.contentKey("never committed"))).count());
  }

  private static String bodyFor(long venture, String key) throws Exception {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT body FROM content_drafts WHERE venture_id = ?")) {
      ps.setLong(1, venture);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (IndexJob.contentKey(rs.getString(1)).equals(key)) {
            return rs.getString(1);
          }
        }
      }
    }
    throw new AssertionError("no draft of venture " + venture + " has content key " + key);
  }

  @Test
  void malformedJob_deadLettered_othersIndexed() throws Exception {
    VectorIndexer indexer = indexer();
    try (Connection c = db.dataSource().getConnection()) {
      outbox.enqueue(c, VectorIndexer.TOPIC, "{not json");
      outbox.enqueue(c, VectorIndexer.TOPIC, IndexJobCodecAccess.encode(IndexJob.of("9", "unknown_collection", "x")));
      indexer.enqueue(c, IndexJob.of("9", COLLECTION, "a fine draft").withKey("drafts/fine"));
    }
    while (indexer.drainOnce() > 0) {
      // drain
    }
    assertEquals(2, outbox.dead(VectorIndexer.TOPIC));
    assertEquals(1, vectors.search("9", COLLECTION, SearchRequest.of(dedup.embed("a fine draft"), 10)).stream()
        .filter(m -> m.key().equals("drafts/fine")).count());
    assertThrows(IllegalArgumentException.class, () -> {
      try (Connection c = db.dataSource().getConnection()) {
        indexer.enqueue(c, IndexJob.of("9", "unknown_collection", "x"));
      }
    });
    assertThrows(IllegalArgumentException.class, () -> IndexJob.of("9", COLLECTION, "  "));
    assertThrows(IllegalArgumentException.class, () -> IndexJob.of(" ", COLLECTION, "text"));
  }

  /**
   * The batch is completed with one statement; a job whose lease expired while the batch was being
   * indexed, and which another worker claimed, is left to that worker (it stays pending, and only the
   * new claim can complete it).
   */
  @Test
  void batchCompletion_oneStatement_leavesAnExpiredClaimToItsNewHolder() throws Exception {
    AtomicInteger outboxStatements = new AtomicInteger();
    DataSource counting = countingStatements(db.dataSource(), outboxStatements);
    Outbox countedOutbox = Outbox.builder(counting).build();
    List<OutboxMessage> stolen = new ArrayList<>();
    CountingProvider stealing = new CountingProvider("local", 64) {
      @Override
      public List<float[]> embed(List<String> batch) {
        // while the batch is embedded its lease (200 ms) runs out and another worker claims the oldest job
        Eventually.within(Duration.ofSeconds(30), "another worker claiming a job whose lease expired",
            () -> stolen.addAll(outbox.claim(VectorIndexer.TOPIC, 1, Duration.ofMinutes(5))));
        return super.embed(batch);
      }
    };
    VectorIndexer indexer = VectorIndexer.builder(countedOutbox, vectors, stealing).batchSize(16)
        .lease(Duration.ofMillis(200)).listener(stats).build();
    jdbi.useHandle(h -> h.execute("INSERT INTO ventures (id, user_id, name) VALUES (7, 1, 'V7')"));
    for (int i = 0; i < 3; i++) {
      writeDraft(indexer, 7, "batch completion draft " + i);
    }
    outboxStatements.set(0);

    assertEquals(3, indexer.drainOnce());

    assertEquals(2, outboxStatements.get(), "one claim and one completion for the batch of 3");
    assertEquals(1, stolen.size());
    assertEquals(1, outbox.pending(VectorIndexer.TOPIC), "the re-claimed job is left to its new holder");
    assertEquals(3, vectors.count("7", COLLECTION), "all three stored");
    assertTrue(outbox.complete(stolen.get(0)), "the new holder's claim still holds");
    assertEquals(0, outbox.pending(VectorIndexer.TOPIC));
  }

  /** {@code ds} counting the statements prepared on its connections into {@code count}. */
  static DataSource countingStatements(DataSource ds, AtomicInteger count) {
    return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
        (p, m, args) -> {
          Object r = invoke(ds, m, args);
          if (!(r instanceof Connection c)) {
            return r;
          }
          return Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (cp, cm, cargs) -> {
            if (cm.getName().startsWith("prepare") || cm.getName().equals("createStatement")) {
              count.incrementAndGet();
            }
            return invoke(c, cm, cargs);
          });
        });
  }

  private static Object invoke(Object target, Method m, Object[] args) throws Throwable {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
