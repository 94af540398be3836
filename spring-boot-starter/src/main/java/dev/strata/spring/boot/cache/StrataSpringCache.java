package dev.strata.spring.boot.cache;

import dev.strata.cache.CacheKey;
import dev.strata.cache.CacheLoadException;
import dev.strata.cache.TieredCache;
import dev.strata.spring.boot.cache.SpringValueCodec.StoredValue;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.springframework.cache.Cache;
import org.springframework.cache.support.SimpleValueWrapper;

/**
 * One Spring {@link Cache} over a {@link TieredCache}: the cache name is the TieredCache group of
 * its entries, so {@link #clear()} ({@code @CacheEvict(allEntries = true)}) is one group
 * invalidation (an {@code INCR}), never a key scan. Spring keys become key names by
 * {@code String.valueOf}. Inside a Spring transaction (when transaction-aware), {@code put},
 * {@code evict} and {@code clear} run after the commit and not at all on rollback; the immediate
 * variants ({@code evictIfPresent}, {@code invalidate}) run at once, as Spring's contract says.
 */
public final class StrataSpringCache implements Cache {

  private final String name;
  private final TieredCache cache;
  private final Duration ttl;
  private final boolean transactionAware;

  StrataSpringCache(String name, TieredCache cache, Duration ttl, boolean transactionAware) {
    this.name = name;
    this.cache = cache;
    this.ttl = ttl;
    this.transactionAware = transactionAware;
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public Object getNativeCache() {
    return cache;
  }

  /** The TTL of this cache's entries. */
  public Duration ttl() {
    return ttl;
  }

  private CacheKey key(Object key) {
    Objects.requireNonNull(key, "key");
    return CacheKey.of(name, String.valueOf(key));
  }

  @Override
  public ValueWrapper get(Object key) {
    return cache.get(key(key), StoredValue.TYPE).map(v -> new SimpleValueWrapper(v.value())).orElse(null);
  }

  @Override
  public <T> T get(Object key, Class<T> type) {
    ValueWrapper w = get(key);
    Object v = w == null ? null : w.get();
    if (v != null && type != null && !type.isInstance(v)) {
      throw new IllegalStateException("cached value of key " + key + " in cache " + name + " is a "
          + v.getClass().getName() + ", not a " + type.getName());
    }
    return type == null ? null : type.cast(v);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T get(Object key, Callable<T> valueLoader) {
    try {
      StoredValue v = cache.getOrSet(key(key), StoredValue.TYPE, ttl, () -> new StoredValue(valueLoader.call()));
      return v == null ? null : (T) v.value();
    } catch (CacheLoadException e) {
      throw new ValueRetrievalException(key, valueLoader, e.getCause() != null ? e.getCause() : e);
    }
  }

  @Override
  public void put(Object key, Object value) {
    CacheKey k = key(key);
    write(() -> cache.put(k, StoredValue.TYPE, new StoredValue(value), ttl));
  }

  @Override
  public void evict(Object key) {
    CacheKey k = key(key);
    write(() -> cache.invalidate(k));
  }

  @Override
  public boolean evictIfPresent(Object key) {
    cache.invalidate(key(key));
    return false; // presence in Redis is not looked up: "could not be determined"
  }

  @Override
  public void clear() {
    write(() -> cache.invalidateGroup(name));
  }

  @Override
  public boolean invalidate() {
    cache.invalidateGroup(name);
    return false;
  }

  private void write(Runnable action) {
    if (transactionAware) {
      AfterCommit.run(action);
    } else {
      action.run();
    }
  }

  @Override
  public String toString() {
    return "StrataSpringCache[" + name + ", ttl=" + ttl + "]";
  }
}
