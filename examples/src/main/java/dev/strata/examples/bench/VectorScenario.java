package dev.strata.examples.bench;

import static io.qdrant.client.QueryFactory.nearest;
import static io.qdrant.client.WithPayloadSelectorFactory.enable;

import dev.strata.examples.EmbeddingChoice;
import dev.strata.testkit.Qdrant;
import dev.strata.testkit.QdrantServer;
import dev.strata.vector.EmbeddingCache;
import dev.strata.vector.EmbeddingProvider;
import dev.strata.vector.EmbeddingProviders;
import dev.strata.vector.SearchRequest;
import dev.strata.vector.VectorEntry;
import dev.strata.vector.VectorStats;
import dev.strata.vector.VectorStore;
import dev.strata.vector.VectorStores;
import dev.strata.vector.VentureVectors;
import io.qdrant.client.ConditionFactory;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.grpc.Common;
import io.qdrant.client.grpc.Points.QueryPoints;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * strata-vector, two measurements.
 *
 * <p><b>Embedding calls saved.</b> A stream of embedding requests with the seed's duplication level
 * (it expects caching to cut embedding generation by 60–70%: here 65% of requests repeat an earlier
 * text, a quarter of them with different whitespace) goes through the deduplicating provider from
 * four threads at once, in batches of 16. The ratio is 1 − texts sent to the provider / texts
 * requested. Side by side, the seed's key (SHA-256 of the raw text, no model, no normalization) is
 * applied to the same stream to show what normalization adds.
 *
 * <p><b>A real model.</b> The same request stream (shorter) through the in-process
 * all-MiniLM-L6-v2 model, first without dedup (every request embedded) and then through the
 * deduplicating provider: milliseconds per 1,000 requests each, and the share of model time dedup
 * saves. And search quality of the model against the feature-hashing stand-in on
 * {@link LabelledSearchSet}: the share of queries whose one relevant text is in the top 5.
 *
 * <p><b>Overhead.</b> Venture-scoped searches through {@link VentureVectors} (shared collection,
 * tenant filter added by Strata, results checked and mapped) against the same query sent with the
 * raw Qdrant client, on the same testkit Qdrant emulator over loopback gRPC, in alternating blocks.
 */
final class VectorScenario implements Scenario {

  static final int DIM = 64;
  static final int BLOCK = 50;

  @Override
  public String name() {
    return "vector: embedding dedup, VentureVectors vs raw client";
  }

  @Override
  public void run(BenchContext ctx) throws Exception {
    embeddingDedup(ctx);
    realModel(ctx);
    searchOverhead(ctx);
  }

  /** Request stream: first occurrences and repeats (65%), some repeats with other whitespace. */
  static List<String> requestStream(int size, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<String> seen = new ArrayList<>();
    List<String> out = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      if (seen.isEmpty() || rnd.nextInt(100) >= 65) {
        String text = "Post idea " + seen.size() + ": our " + (seen.size() % 17) + " launch update for the community";
        seen.add(text);
        out.add(text);
      } else {
        String text = seen.get(rnd.nextInt(seen.size()));
        out.add(rnd.nextInt(4) == 0 ? " " + text.replace(" ", "  ") + "\n" : text);
      }
    }
    return out;
  }

  private void embeddingDedup(BenchContext ctx) throws Exception {
    List<String> stream = requestStream(ctx.quick() ? 4_000 : 20_000, 65);
    AtomicInteger providerTexts = new AtomicInteger();
    EmbeddingProvider local = EmbeddingProviders.localHashing(DIM);
    EmbeddingProvider counting = new EmbeddingProvider() {
      @Override
      public String modelId() {
        return local.modelId();
      }

      @Override
      public int dimension() {
        return DIM;
      }

      @Override
      public List<float[]> embed(List<String> texts) {
        providerTexts.addAndGet(texts.size());
        return local.embed(texts);
      }
    };
    VectorStats stats = VectorStats.create();
    EmbeddingProvider dedup = EmbeddingProviders.deduplicating(counting, EmbeddingCache.inProcess(), stats);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> parts = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        parts.add(pool.submit(() -> {
          for (int from = thread * 16; from < stream.size(); from += 64) {
            dedup.embed(stream.subList(from, Math.min(stream.size(), from + 16)));
          }
        }));
      }
      for (Future<?> f : parts) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    Set<String> seedKeys = new HashSet<>();
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    for (String text : stream) {
      seedKeys.add(java.util.HexFormat.of().formatHex(sha.digest(text.getBytes(StandardCharsets.UTF_8))));
    }
    ctx.put("vector.embedding_requests.count", stream.size());
    ctx.put("vector.embedding_provider_texts.count", providerTexts.get());
    ctx.put("vector.embedding_calls_saved_ratio", 1.0 - (double) providerTexts.get() / stream.size());
    ctx.put("vector.seed_key.embedding_calls_saved_ratio", 1.0 - (double) seedKeys.size() / stream.size());
    ctx.put("vector.embedding_single_flight_joins.count", stats.embeddingsJoined());
  }

  private void realModel(BenchContext ctx) {
    EmbeddingProvider hashing = EmbeddingChoice.HASHING.provider();
    long t0 = System.nanoTime();
    EmbeddingProvider minilm = EmbeddingChoice.MINILM.provider();
    minilm.embed("load the model and warm up its session");
    ctx.put("vector.model.load_ms", (System.nanoTime() - t0) / 1e6);
    ctx.put("vector.model.top5_hit_ratio", top5HitRatio(minilm));
    ctx.put("vector.hashing.top5_hit_ratio", top5HitRatio(hashing));

    List<String> stream = requestStream(ctx.quick() ? 400 : 2_000, 65);
    embedInBatches(minilm, requestStream(64, 7)); // warm-up on other texts
    double plainMs = embedInBatches(minilm, stream);
    VectorStats stats = VectorStats.create();
    double dedupMs = embedInBatches(EmbeddingProviders.deduplicating(minilm, EmbeddingCache.inProcess(), stats), stream);
    double perK = 1_000.0 / stream.size();
    ctx.put("vector.model.requests.count", stream.size());
    ctx.put("vector.model.provider_texts.count", stats.embeddingsComputed());
    ctx.put("vector.model.embed_ms_per_1k", plainMs * perK);
    ctx.put("vector.model.dedup.embed_ms_per_1k", dedupMs * perK);
    ctx.put("vector.model.dedup_saved_ratio", 1.0 - dedupMs / plainMs);
    ctx.put("vector.hashing.embed_ms_per_1k", embedInBatches(hashing, stream) * perK);
  }

  /** Milliseconds to embed {@code texts} in request batches of 16, one after the other. */
  private static double embedInBatches(EmbeddingProvider provider, List<String> texts) {
    long t0 = System.nanoTime();
    for (int from = 0; from < texts.size(); from += 16) {
      provider.embed(texts.subList(from, Math.min(texts.size(), from + 16)));
    }
    return (System.nanoTime() - t0) / 1e6;
  }

  /** Share of {@link LabelledSearchSet#QUERIES} whose relevant document is among the 5 most similar (cosine, exact). */
  static double top5HitRatio(EmbeddingProvider provider) {
    List<float[]> docs = provider.embed(LabelledSearchSet.DOCUMENTS);
    int hits = 0;
    for (LabelledSearchSet.Query q : LabelledSearchSet.QUERIES) {
      float[] query = provider.embed(q.text());
      double relevant = cosine(query, docs.get(q.relevant()));
      int better = 0;
      for (int d = 0; d < docs.size(); d++) {
        if (d != q.relevant() && cosine(query, docs.get(d)) >= relevant) {
          better++; // ties count against the relevant document
        }
      }
      hits += better < 5 ? 1 : 0;
    }
    return (double) hits / LabelledSearchSet.QUERIES.size();
  }

  private static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
  }

  private void searchOverhead(BenchContext ctx) throws Exception {
    int ventures = 200;
    int perVenture = 20;
    try (QdrantServer server = Qdrant.startEmulator(); QdrantClient client = ctx.network().qdrantClient(server);
        VectorStore store = VectorStores.qdrant(client)) {
      String collection = "content_embeddings";
      VentureVectors vectors = VentureVectors.builder(store).collection(collection, DIM).build();
      vectors.ensureCollections();
      EmbeddingProvider local = EmbeddingProviders.localHashing(DIM);
      for (int v = 0; v < ventures; v++) {
        List<VectorEntry> entries = new ArrayList<>();
        for (int i = 0; i < perVenture; i++) {
          String text = "venture " + v + " draft " + i + " about " + (i % 7) + " topics";
          entries.add(VectorEntry.of("drafts/" + i, local.embed(text), Map.of("kind", "draft")));
        }
        vectors.upsert(Integer.toString(v), collection, entries);
      }
      int iterations = ctx.iterations(4_000);
      SplittableRandom rnd = new SplittableRandom(7);
      String[] venture = new String[iterations];
      float[][] query = new float[iterations][];
      for (int i = 0; i < iterations; i++) {
        venture[i] = Integer.toString(rnd.nextInt(ventures));
        query[i] = local.embed("draft about " + rnd.nextInt(7) + " topics " + rnd.nextInt(1000));
      }
      Latencies strata = new Latencies(iterations);
      Latencies raw = new Latencies(iterations);
      for (int i = 0; i < ctx.warmup(4_000); i++) {
        int k = i % iterations;
        vectors.search(venture[k], collection, SearchRequest.of(query[k], 10));
        client.queryAsync(rawQuery(collection, venture[k], query[k])).get();
      }
      for (int from = 0; from < iterations; from += BLOCK) {
        int to = Math.min(iterations, from + BLOCK);
        for (int pass = 0; pass < 2; pass++) {
          boolean viaStrata = (pass == 0) == ((from / BLOCK) % 2 == 0);
          for (int i = from; i < to; i++) {
            long t0 = System.nanoTime();
            int hits = viaStrata ? vectors.search(venture[i], collection, SearchRequest.of(query[i], 10)).size()
                : client.queryAsync(rawQuery(collection, venture[i], query[i])).get().size();
            (viaStrata ? strata : raw).add(System.nanoTime() - t0);
            if (hits != 10) {
              throw new IllegalStateException("expected 10 hits, got " + hits);
            }
          }
        }
      }
      double strataP50 = strata.percentileMicros(50);
      double rawP50 = raw.percentileMicros(50);
      ctx.put("vector.strata.search_p50_us", strataP50);
      ctx.put("vector.strata.search_p99_us", strata.percentileMicros(99));
      ctx.put("vector.raw.search_p50_us", rawP50);
      ctx.put("vector.raw.search_p99_us", raw.percentileMicros(99));
      ctx.put("vector.overhead_ratio", strataP50 / rawP50);
    }
  }

  private static QueryPoints rawQuery(String collection, String venture, float[] vector) {
    return QueryPoints.newBuilder()
        .setCollectionName(collection)
        .setQuery(nearest(vector))
        .setFilter(Common.Filter.newBuilder().addMust(ConditionFactory.matchKeyword(VentureVectors.DEFAULT_TENANT_FIELD, venture)))
        .setLimit(10)
        .setWithPayload(enable(true))
        .build();
  }
}
