package dev.strata.cache.internal;

import dev.strata.cache.CacheCodecException;
import dev.strata.cache.GroupUpdate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client side of {@code TieredCache.updateGroup}: from the values Redis held under the generation
 * read, the writes of {@link RedisScripts#UPDATE_GROUP} (each new value in a fresh envelope with the
 * old one's expiry and load time) and the decoded new values for this instance's L1. A key whose value
 * is missing, a cached absence, expired, undecodable, patched to null, whose patch threw or whose new
 * value is too large gets no new value: it is dropped with the old generation.
 */
final class GroupWriteThrough {

  private static final Logger log = LoggerFactory.getLogger(GroupWriteThrough.class);

  /** A patched value for L1: the object and its envelope's expiry and load time. */
  record Patched(Object value, long expireAtMs, int deltaMs) {}

  /** The script's per-key writes, and the decoded new values by key name (kept keys are not decoded). */
  record Plan(List<RedisTier.KeyWrite> writes, Map<String, Patched> values) {}

  private GroupWriteThrough() {}

  static Plan plan(CacheSettings s, Stats stats, String group, List<String> names, List<GroupUpdate<?>> updates,
      byte[][] read) {
    List<RedisTier.KeyWrite> writes = new ArrayList<>(names.size());
    Map<String, Patched> values = new LinkedHashMap<>();
    long now = System.currentTimeMillis();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      byte[] old = read[i];
      byte[] next = null;
      long ttl = 0;
      if (old != null) {
        long expireAt = Envelope.expireAtOf(old);
        ttl = expireAt - now;
        if (ttl > 0) {
          next = updates.get(i).keeps() ? old : patched(s, stats, group, name, updates.get(i), old, values);
        }
      }
      writes.add(new RedisTier.KeyWrite(KeyScheme.groupSuffix(name), old == null ? "" : RedisScripts.sha1Hex(old), next, ttl));
    }
    return new Plan(writes, values);
  }

  /** The new stored bytes of one patched key, or null to drop it; its decoded value goes to {@code values}. */
  private static <T> byte[] patched(CacheSettings s, Stats stats, String group, String name, GroupUpdate<T> u,
      byte[] old, Map<String, Patched> values) {
    try {
      Envelope env = Envelope.parse(old);
      if (env.absent()) {
        return null; // nothing to patch: the next read loads
      }
      T before = s.codec().decode(env.payload(), u.type());
      T after = u.function().apply(before);
      if (after == null) {
        return null;
      }
      byte[] bytes = new Envelope(false, env.expireAtMs(), env.deltaMs(), s.codec().encode(after, u.type()))
          .toBytes(s.compressAbove());
      if (bytes.length > s.maxValueBytes()) {
        stats.rejected("{" + group + "}:" + name, "patched value is " + bytes.length + " bytes encoded, above "
            + "maxValueBytes " + s.maxValueBytes());
        return null;
      }
      values.put(name, new Patched(after, env.expireAtMs(), env.deltaMs()));
      return bytes;
    } catch (CacheCodecException e) {
      log.warn("[{}] cannot patch '{{{}}}:{}' as {}; dropping it: {}", s.name(), group, name, u.type(), e.getMessage());
      return null;
    } catch (RuntimeException e) {
      log.warn("[{}] the patch of '{{{}}}:{}' threw; dropping it", s.name(), group, name, e);
      return null;
    }
  }
}
