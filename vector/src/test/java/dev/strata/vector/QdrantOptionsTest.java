package dev.strata.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class QdrantOptionsTest {

  @Test
  void defaults_areTheNamedConstants() {
    QdrantOptions o = QdrantOptions.defaults();
    assertEquals(QdrantOptions.DEFAULT_CHUNK_SIZE, o.chunkSize());
    assertEquals(QdrantOptions.DEFAULT_MAX_ATTEMPTS, o.maxAttempts());
    assertEquals(QdrantOptions.DEFAULT_INITIAL_BACKOFF, o.initialBackoff());
    assertEquals(QdrantOptions.DEFAULT_MAX_BACKOFF, o.maxBackoff());
    assertEquals(QdrantOptions.DEFAULT_TIMEOUT, o.timeout());
    assertTrue(o.waitForWrites());
  }

  @Test
  void anOptionSetTwice_isRejectedNamingIt() {
    QdrantOptions.Builder b = QdrantOptions.builder().chunkSize(10);
    assertEquals("chunkSize was already set on this builder",
        assertThrows(IllegalStateException.class, () -> b.chunkSize(20)).getMessage());
    b.timeout(Duration.ofSeconds(1));
    assertThrows(IllegalStateException.class, () -> b.timeout(Duration.ofSeconds(2)));
  }

  @Test
  void conflictingBackoffs_failAtBuild() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> QdrantOptions.builder().initialBackoff(Duration.ofSeconds(2)).maxBackoff(Duration.ofSeconds(1)).build());
    assertTrue(e.getMessage().startsWith("maxBackoff must be >= initialBackoff"), e.getMessage());
  }

  @Test
  void badValues_nameTheArgumentAndTheRule() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> QdrantOptions.builder().chunkSize(0)).getMessage()
        .startsWith("chunkSize must be in 1..10000"));
    assertEquals("timeout", assertThrows(NullPointerException.class, () -> QdrantOptions.builder().timeout(null)).getMessage());
  }

  @Test
  void toBuilder_keepsEveryValueAndAllowsOneMoreChange() {
    QdrantOptions o = QdrantOptions.builder().chunkSize(7).waitForWrites(false).maxAttempts(3)
        .initialBackoff(Duration.ofMillis(5)).maxBackoff(Duration.ofMillis(50)).timeout(Duration.ofSeconds(3)).build();
    QdrantOptions p = o.toBuilder().chunkSize(8).build();
    assertEquals(8, p.chunkSize());
    assertEquals(o.waitForWrites(), p.waitForWrites());
    assertEquals(o.maxAttempts(), p.maxAttempts());
    assertEquals(o.initialBackoff(), p.initialBackoff());
    assertEquals(o.maxBackoff(), p.maxBackoff());
    assertEquals(o.timeout(), p.timeout());
  }
}
