package dev.strata.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What the key rules protect against, over real Redis. */
class KeyRulesIT extends AbstractRedisCacheIT {

  private static final Duration TTL = Duration.ofMinutes(5);

  @Test
  void keyWithUnpairedSurrogate_neverReadsTheValueOfItsReplacementKey() {
    TieredCache writer = caches.standalone("writer");
    TieredCache reader = caches.standalone("reader", b -> b.disableL1());
    writer.put("k?", "value of k?", TTL);
    // UTF-8 would have turned "k" + U+D800 into "k?": the reader got the other key's value
    assertThrows(IllegalArgumentException.class, () -> reader.get("k\uD800", String.class));
    assertThrows(IllegalArgumentException.class, () -> reader.put("k\uD800", "overwrites k?", TTL));
    assertEquals("value of k?", reader.get("k?", String.class).orElseThrow());
  }
}
