package dev.strata.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strata.cache.TieredCache;
import dev.strata.testkit.RedisExtension;
import dev.strata.testkit.TestRedis;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The embedding dedup shared through Redis: what one instance paid for, another instance reuses. */
@ExtendWith(RedisExtension.class)
class TieredEmbeddingCacheIT {

  @Test
  void asecondInstanceReusesTheFirstInstancesVectorsThroughRedis(TestRedis redis) {
    try (TieredCache cacheA = TieredCache.builder().name("emb-a").namespace(redis.keyPrefix())
            .redis(redis.standalone().uri()).build();
        TieredCache cacheB = TieredCache.builder().name("emb-b").namespace(redis.keyPrefix())
            .redis(redis.standalone().uri()).build()) {
      CountingProvider providerA = new CountingProvider("model-a", 64);
      CountingProvider providerB = new CountingProvider("model-a", 64);
      EmbeddingProvider a = EmbeddingProviders.deduplicating(providerA, EmbeddingCache.tiered(cacheA));
      EmbeddingProvider b = EmbeddingProviders.deduplicating(providerB, EmbeddingCache.tiered(cacheB));

      List<String> corpus = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        corpus.add("launch post number " + (i % 10)); // 10 distinct texts
      }
      List<float[]> first = a.embed(corpus);
      assertEquals(10, providerA.texts.get(), "instance A embedded each distinct text once");

      List<float[]> second = b.embed(corpus);
      assertEquals(0, providerB.texts.get(), "instance B found every vector in Redis");
      for (int i = 0; i < corpus.size(); i++) {
        assertArrayEquals(first.get(i), second.get(i), "the same vector, bit for bit");
      }

      // a different model never gets another model's vectors
      CountingProvider otherModel = new CountingProvider("model-b", 64);
      EmbeddingProviders.deduplicating(otherModel, EmbeddingCache.tiered(cacheB)).embed(corpus);
      assertEquals(10, otherModel.texts.get());
    }
  }
}
