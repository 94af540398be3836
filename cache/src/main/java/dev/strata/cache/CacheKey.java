package dev.strata.cache;

import dev.strata.cache.internal.Checks;

/**
 * A cache key, optionally in a group. All keys of a group are invalidated together, in O(1), by
 * {@link TieredCache#invalidateGroup(String)}, and in Redis they share a Cluster hash tag
 * ({@code {group}}) so they live in one slot and group operations never fail with CROSSSLOT.
 *
 * @param group the group (e.g. {@code venture:42}), or null for an ungrouped key; not blank, no
 *     {@code {}} braces, none of the glob metacharacters {@code * ? [ ] \}
 * @param name  the key within the group (or the whole key); not blank, not starting with '{'; neither
 *     holds an unpaired surrogate
 */
public record CacheKey(String group, String name) {

  /** Validates the components. */
  public CacheKey {
    Checks.key(name, "key");
    if (group != null) {
      Checks.group(group);
    }
  }

  /** An ungrouped key. */
  public static CacheKey of(String name) {
    return new CacheKey(null, name);
  }

  /** A key in {@code group}. */
  public static CacheKey of(String group, String name) {
    return new CacheKey(Checks.group(group), name);
  }

  /** Whether the key belongs to a group. */
  public boolean grouped() {
    return group != null;
  }

  @Override
  public String toString() {
    return group == null ? name : "{" + group + "}:" + name;
  }
}
