package dev.strata.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The deduplicating provider: cache by (model, dimension, normalized text), batches, single flight, checks. */
class EmbeddingDedupTest {

  static List<String> corpus(int size, int distinct, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      int n = i < distinct ? i : rnd.nextInt(distinct);
      String text = "post " + n + " about launch plans and growth";
      out.add(rnd.nextInt(4) == 0 ? "  " + text.replace(" ", "\n ") + " " : text); // whitespace variants are the same text
    }
    return out;
  }

  @Test
  void corpusTwice_costsDistinctTexts_thenZero() {
    CountingProvider p = new CountingProvider("m1", 32);
    VectorStats stats = VectorStats.create();
    EmbeddingProvider dedup = EmbeddingProviders.deduplicating(p, EmbeddingCache.inProcess(), stats);
    List<String> corpus = corpus(600, 150, 1);
    for (int from = 0; from < corpus.size(); from += 50) {
      dedup.embed(corpus.subList(from, from + 50));
    }
    assertEquals(150, p.texts.get());
    for (int from = 0; from < corpus.size(); from += 50) {
      dedup.embed(corpus.subList(from, from + 50));
    }
    assertEquals(150, p.texts.get());
    assertEquals(1_200, stats.embeddingsRequested());
    assertEquals(150, stats.embeddingsComputed());
    assertEquals(1 - 150 / 1_200.0, stats.embeddingCallsSavedRatio(), 1e-9);
  }

  @Test
  void sameTextInOneCall_embeddedOnce_resultsInOrder() {
    CountingProvider p = new CountingProvider("m1", 16);
    EmbeddingProvider dedup = EmbeddingProviders.deduplicating(p, EmbeddingCache.inProcess());
    List<float[]> v = dedup.embed(List.of("a b", "c", " a   b ", "c"));
    assertEquals(1, p.calls.get());
    assertEquals(List.of("a b", "c"), p.seen);
    assertArrayEquals(v.get(0), v.get(2));
    assertArrayEquals(p.local.embed("c"), v.get(1));
  }

  @Test
  void missesSentInProviderSizedBatches() {
    CountingProvider p = new CountingProvider("m1", 16);
    EmbeddingProvider dedup = EmbeddingProviders.deduplicating(p, EmbeddingCache.inProcess());
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      texts.add("text " + i);
    }
    dedup.embed(texts);
    assertEquals(3, p.calls.get()); // 64 + 64 + 22
  }

  @Test
  void concurrentRequestsForTheSameText_costOneProviderCall() throws Exception {
    CountingProvider p = new CountingProvider("m1", 16);
    p.delayMillis = 200;
    VectorStats stats = VectorStats.create();
    EmbeddingProvider dedup = EmbeddingProviders.deduplicating(p, EmbeddingCache.inProcess(), stats);
    int threads = 12;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<float[]>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        results.add(pool.submit(() -> {
          go.await();
          return dedup.embed("the same hot text");
        }));
      }
      go.countDown();
      for (Future<float[]> f : results) {
        assertArrayEquals(p.local.embed("the same hot text"), f.get(10, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, p.calls.get());
    assertEquals(threads - 1, stats.embeddingsJoined() + stats.embeddingCacheHits());
  }

  @Test
  void modelOrDimensionChange_neverServesTheOldVector() {
    EmbeddingCache shared = EmbeddingCache.inProcess();
    CountingProvider v1 = new CountingProvider("model-v1", 16);
    CountingProvider v2 = new CountingProvider("model-v2", 16);
    CountingProvider wide = new CountingProvider("model-v1", 32);
    EmbeddingProviders.deduplicating(v1, shared).embed("same text");
    EmbeddingProviders.deduplicating(v2, shared).embed("same text");
    assertEquals(32, EmbeddingProviders.deduplicating(wide, shared).embed("same text").length);
    assertEquals(1, v1.calls.get());
    assertEquals(1, v2.calls.get());
    assertEquals(1, wide.calls.get());
    EmbeddingProviders.deduplicating(v1, shared).embed("same text");
    assertEquals(1, v1.calls.get());
  }

  @Test
  void blankOrNullText_rejectedBeforeAnyProviderCall() {
    CountingProvider p = new CountingProvider("m1", 16);
    EmbeddingProvider dedup = EmbeddingProviders.deduplicating(p, EmbeddingCache.inProcess());
    assertEquals("texts[1] must not be empty or blank",
        assertThrows(IllegalArgumentException.class, () -> dedup.embed(List.of("ok", ""))).getMessage());
    assertThrows(IllegalArgumentException.class, () -> dedup.embed(List.of(" \n\t ")));
    assertThrows(NullPointerException.class, () -> dedup.embed(java.util.Arrays.asList("ok", null)));
    assertEquals(0, p.calls.get());
  }

  @Test
  void providerFailure_propagates_cachesNothing_thenRecovers() {
    CountingProvider p = new CountingProvider("m1", 16);
    EmbeddingProvider dedup = EmbeddingProviders.deduplicating(p, EmbeddingCache.inProcess());
    RuntimeException boom = new RuntimeException("model down");
    p.failWith = boom;
    assertSame(boom, assertThrows(RuntimeException.class, () -> dedup.embed("x")));
    p.failWith = null;
    dedup.embed("x");
    dedup.embed("x");
    assertEquals(2, p.calls.get());
  }

  @Test
  void badProviderOutput_rejected_notCached() {
    EmbeddingProvider nan = new CountingProvider("bad", 16) {
      @Override
      public List<float[]> embed(List<String> batch) {
        calls.incrementAndGet();
        float[] v = new float[16];
        v[0] = Float.NaN;
        return List.of(v);
      }
    };
    EmbeddingProvider dedup = EmbeddingProviders.deduplicating(nan, EmbeddingCache.inProcess());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> dedup.embed("x")).getMessage().contains("finite"));
    assertThrows(IllegalArgumentException.class, () -> dedup.embed("x"));
  }

  @Test
  void localHashing_isDeterministic_normalized_andSharedWordsAreCloser() {
    EmbeddingProvider local = EmbeddingProviders.localHashing(64);
    float[] a = local.embed("Launch plan for the spring campaign");
    assertArrayEquals(a, EmbeddingProviders.localHashing(64).embed("Launch plan for the spring campaign"));
    double norm = 0;
    for (float x : a) {
      norm += x * x;
    }
    assertEquals(1.0, norm, 1e-5);
    float[] near = local.embed("spring campaign launch plan");
    float[] far = local.embed("quarterly tax filing deadline");
    assertTrue(dot(a, near) > dot(a, far) + 0.2, dot(a, near) + " vs " + dot(a, far));
    assertNotEquals(0, dot(a, a));
    assertThrows(IllegalArgumentException.class, () -> EmbeddingProviders.localHashing(4));
  }

  @Test
  void cacheCodec_roundTrips() {
    float[] v = {1.5f, -0f, Float.MIN_VALUE, 3e38f};
    assertArrayEquals(v, EmbeddingCache.fromBytes(EmbeddingCache.toBytes(v)));
    assertThrows(IllegalArgumentException.class, () -> EmbeddingCache.fromBytes(new byte[3]));
    assertThrows(IllegalArgumentException.class, () -> EmbeddingCache.inProcess(0, EmbeddingCache.DEFAULT_TTL));
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
