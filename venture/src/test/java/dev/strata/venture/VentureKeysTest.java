package dev.strata.venture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.strata.cache.CacheKey;
import dev.strata.cache.FencedLoader;
import dev.strata.cache.TieredCache;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The key policy on an L1-only cache: owner-only invalidation, fences, bad input. */
class VentureKeysTest {

  private final TieredCache cache = TieredCache.builder().name("keys").build();

  @AfterEach
  void close() {
    cache.close();
  }

  private String cached(CacheKey key, AtomicInteger version) {
    return cache.getOrSet(key, String.class, Duration.ofMinutes(5), () -> "v" + version.get());
  }

  @Test
  void invalidateVenture_touchesOnlyThatVentureAndItsOwner_withTheFence() {
    AtomicInteger version = new AtomicInteger(1);
    List<CacheKey> touched = List.of(VentureKeys.ventureContext(42), VentureKeys.recentContent(42, "drafts"),
        VentureKeys.financialStats(42, LocalDate.of(2026, 11, 1)),
        VentureKeys.monthlyStats(42, YearMonth.of(2026, 1), YearMonth.of(2026, 6)), VentureKeys.userVentures(7),
        VentureKeys.dashboard(7, LocalDate.of(2026, 11, 1)));
    List<CacheKey> others = List.of(VentureKeys.ventureContext(43), VentureKeys.userVentures(8),
        VentureKeys.dashboard(8, LocalDate.of(2026, 11, 1)));
    touched.forEach(k -> cached(k, version));
    others.forEach(k -> cached(k, version));
    version.set(2);
    VentureKeys.invalidateVenture(cache, 42, 7, 0x1_0000_0000L);
    touched.forEach(k -> assertEquals("v2", cached(k, version), k.toString()));
    others.forEach(k -> assertEquals("v1", cached(k, version), k.toString()));
    assertEquals(0x1_0000_0000L, (long) cache.getOrSet(CacheKey.of(VentureKeys.userGroup(7), "probe"), Long.class,
        Duration.ofMinutes(1), (FencedLoader<Long>) f -> f));
  }

  @Test
  void badInput_namesTheArgument_beforeAnyInvalidation() {
    AtomicInteger version = new AtomicInteger(1);
    cached(VentureKeys.ventureContext(42), version);
    version.set(2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> VentureKeys.invalidateVenture(cache, 42, 0, 1));
    assertEquals("userId must be positive, was: 0", e.getMessage());
    assertEquals("v1", cached(VentureKeys.ventureContext(42), version), "the venture was not invalidated");
    assertEquals("ventureId must be positive, was: -3",
        assertThrows(IllegalArgumentException.class, () -> VentureKeys.ventureContext(-3)).getMessage());
    assertEquals("cache", assertThrows(NullPointerException.class,
        () -> VentureKeys.invalidateVenture(null, 1, 1, 0)).getMessage());
    assertEquals("incomeSince", assertThrows(NullPointerException.class, () -> VentureKeys.dashboard(1, null)).getMessage());
    assertEquals("type must be 1-64 of a-z, 0-9, '_' or '-', was: ' '",
        assertThrows(IllegalArgumentException.class, () -> VentureKeys.recentContent(1, " ")).getMessage());
  }

  @Test
  void positions_fenceIsTheLsn_andMapsBackToTheSameToken() {
    assertEquals(0x16B3748L, Positions.fenceOf("0/16B3748"));
    assertEquals((0x16L << 32) | 0xB374D848L, Positions.fenceOf("16/B374D848"));
    assertEquals("16/B374D848", Positions.tokenOf(Positions.fenceOf("16/B374D848")).toString());
    assertEquals("FFFFFFFF/FFFFFFFF", Positions.tokenOf(-1L).toString());
  }
}
