package dev.strata.vector.langchain4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import dev.strata.vector.EmbeddingCache;
import dev.strata.vector.EmbeddingProvider;
import dev.strata.vector.EmbeddingProviders;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The adapter gives the model's own vectors, and dedup never mixes the vectors of two models. */
class LangChain4jEmbeddingProviderTest {

  private static final List<String> TEXTS = List.of(
      "Spring launch plan for the new coffee blend",
      "Quarterly invoice reminder for the bakery",
      "Instagram post: behind the scenes at the roastery",
      "Team meeting about the summer calendar",
      "Spring  launch plan for the new coffee   blend"); // a whitespace variant of the first

  /** A LangChain4j model that records how many texts it was asked for, around another model. */
  static final class CountingModel implements EmbeddingModel {
    final EmbeddingModel delegate;
    final String name;
    final AtomicInteger texts = new AtomicInteger();

    CountingModel(EmbeddingModel delegate, String name) {
      this.delegate = delegate;
      this.name = name;
    }

    @Override
    public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
      texts.addAndGet(segments.size());
      return delegate.embedAll(segments);
    }

    @Override
    public int dimension() {
      return delegate.dimension();
    }

    @Override
    public String modelName() {
      return name;
    }
  }

  /** A deterministic stand-in model: character trigram hashing into {@code dimension} buckets. */
  static class TrigramModel implements EmbeddingModel {
    final int dimension;

    TrigramModel(int dimension) {
      this.dimension = dimension;
    }

    @Override
    public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
      List<Embedding> out = new ArrayList<>();
      for (TextSegment s : segments) {
        float[] v = new float[dimension];
        String t = s.text();
        for (int i = 0; i + 3 <= t.length(); i++) {
          v[Math.floorMod(t.substring(i, i + 3).hashCode(), dimension)] += 1;
        }
        out.add(Embedding.from(v));
      }
      return Response.from(out);
    }

    @Override
    public int dimension() {
      return dimension;
    }

    @Override
    public String modelName() {
      return "trigram";
    }
  }

  /** An EmbeddingCache that remembers every key written. */
  static final class RecordingCache implements EmbeddingCache {
    final Map<String, float[]> map = new ConcurrentHashMap<>();

    @Override
    public float[] get(String key) {
      return map.get(key);
    }

    @Override
    public void put(String key, float[] vector) {
      map.put(key, vector);
    }
  }

  @Test
  void adapterVectors_equalTheModelsOwnOutput_directAndThroughDedup() {
    LangChain4jEmbeddingProvider minilm = AllMiniLmL6V2Embeddings.provider();
    assertEquals(384, minilm.dimension());
    assertEquals("onnx/all-minilm-l6-v2", minilm.modelId());
    List<TextSegment> segments = TEXTS.stream().map(TextSegment::from).toList();
    List<Embedding> own = minilm.model().embedAll(segments).content();

    List<float[]> adapted = minilm.withMaxBatchSize(2).embed(TEXTS); // three model calls
    for (int i = 0; i < TEXTS.size(); i++) {
      assertArrayEquals(own.get(i).vector(), adapted.get(i), 0f, "text " + i);
    }
    // the decorator sends the normalized text: for the whitespace variant that is the first text
    List<float[]> deduped = EmbeddingProviders.deduplicating(minilm, EmbeddingCache.inProcess()).embed(TEXTS);
    for (int i = 0; i < 4; i++) {
      assertArrayEquals(own.get(i).vector(), deduped.get(i), 0f, "text " + i);
    }
    assertArrayEquals(own.get(0).vector(), deduped.get(4), 0f);
    // and a real model: related texts are closer than unrelated ones
    assertTrue(dot(adapted.get(0), minilm.embed("coffee product launch")) > dot(adapted.get(1), minilm.embed("coffee product launch")));
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  @Test
  void dedupKeysOfTwoModels_neverCollide_evenWithOneCacheSameTextsAndSameDimension() {
    RecordingCache cache = new RecordingCache();
    CountingModel minilm = new CountingModel(AllMiniLmL6V2Embeddings.provider().model(), "all-minilm-l6-v2");
    CountingModel trigram = new CountingModel(new TrigramModel(384), "trigram");
    EmbeddingProvider a = EmbeddingProviders.deduplicating(LangChain4jEmbeddingProvider.of(minilm, "onnx/all-minilm-l6-v2"), cache);
    EmbeddingProvider b = EmbeddingProviders.deduplicating(LangChain4jEmbeddingProvider.of(trigram, "test/trigram"), cache);

    List<float[]> fromA = a.embed(TEXTS);
    Set<String> keysOfA = new HashSet<>(cache.map.keySet());
    List<float[]> fromB = b.embed(TEXTS);
    Set<String> keysOfB = new HashSet<>(cache.map.keySet());
    keysOfB.removeAll(keysOfA);

    assertEquals(4, minilm.texts.get(), "4 distinct texts after normalization");
    assertEquals(4, trigram.texts.get(), "the second model found none of the first model's vectors");
    assertEquals(4, keysOfA.size());
    assertEquals(4, keysOfB.size());
    assertEquals(8, cache.map.size());
    for (int i = 0; i < TEXTS.size(); i++) {
      String normalized = i == 4 ? TEXTS.get(0) : TEXTS.get(i);
      assertArrayEquals(new TrigramModel(384).embedAll(List.of(TextSegment.from(normalized))).content().get(0).vector(), fromB.get(i), 0f);
    }
    // repeats are served from the cache, each model its own
    assertArrayEquals(fromA.get(2), a.embed(TEXTS.get(2)), 0f);
    assertArrayEquals(fromB.get(2), b.embed(TEXTS.get(2)), 0f);
    assertEquals(4, minilm.texts.get());
    assertEquals(4, trigram.texts.get());
  }

  @Test
  void sameModelNameAtTwoDimensions_getsTwoKeySpaces() {
    RecordingCache cache = new RecordingCache();
    CountingModel small = new CountingModel(new TrigramModel(64), "trigram");
    CountingModel large = new CountingModel(new TrigramModel(128), "trigram");
    EmbeddingProvider a = EmbeddingProviders.deduplicating(LangChain4jEmbeddingProvider.of(small), cache);
    EmbeddingProvider b = EmbeddingProviders.deduplicating(LangChain4jEmbeddingProvider.of(large), cache);
    assertEquals(a.modelId(), b.modelId());

    assertEquals(64, a.embed(TEXTS.get(0)).length);
    assertEquals(128, b.embed(TEXTS.get(0)).length);
    assertEquals(1, small.texts.get());
    assertEquals(1, large.texts.get());
    assertEquals(2, cache.map.size());
  }

  @Test
  void modelId_derivedFromProviderAndName_orRefusedWhenTheModelHasNone() {
    assertEquals("langchain4j/OTHER/trigram", LangChain4jEmbeddingProvider.of(new TrigramModel(16)).modelId());
    EmbeddingModel unnamed = new TrigramModel(16) {
      @Override
      public String modelName() {
        return "unknown";
      }
    };
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LangChain4jEmbeddingProvider.of(unnamed));
    assertTrue(e.getMessage().contains("model.modelName()") && e.getMessage().contains("'unknown'"), e.getMessage());
  }

  @Test
  void badArguments_rejectedNamingThem_beforeTheModelIsCalled() {
    CountingModel model = new CountingModel(new TrigramModel(16), "trigram");
    assertEquals("model", assertThrows(NullPointerException.class, () -> LangChain4jEmbeddingProvider.of(null, "x")).getMessage());
    assertEquals("modelId", assertThrows(NullPointerException.class, () -> LangChain4jEmbeddingProvider.of(model, null)).getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> LangChain4jEmbeddingProvider.of(model, " ")).getMessage()
        .startsWith("modelId must not be blank"));
    LangChain4jEmbeddingProvider p = LangChain4jEmbeddingProvider.of(model, "test/trigram");
    assertTrue(assertThrows(IllegalArgumentException.class, () -> p.withMaxBatchSize(0)).getMessage()
        .equals("maxBatchSize must be >= 1, was: 0"));
    List<String> withNull = new ArrayList<>(List.of("a text"));
    withNull.add(null);
    assertEquals("texts[1]", assertThrows(NullPointerException.class, () -> p.embed(withNull)).getMessage());
    assertEquals("texts[1] must not be empty or blank",
        assertThrows(IllegalArgumentException.class, () -> p.embed(List.of("a text", "  "))).getMessage());
    assertEquals(0, model.texts.get());
  }

  @Test
  void modelAnsweringWithWrongCountOrDimension_failsNamingTheModel() {
    EmbeddingModel shortAnswer = new TrigramModel(16) {
      @Override
      public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
        return Response.from(List.of(Embedding.from(new float[8])));
      }
    };
    LangChain4jEmbeddingProvider p = LangChain4jEmbeddingProvider.of(shortAnswer, "test/short");
    assertEquals("model test/short returned 1 embeddings for 2 texts",
        assertThrows(IllegalStateException.class, () -> p.embed(List.of("a", "b"))).getMessage());
    assertEquals("model test/short returned a vector of dimension 8, expected 16",
        assertThrows(IllegalStateException.class, () -> p.embed(List.of("a"))).getMessage());
  }
}
