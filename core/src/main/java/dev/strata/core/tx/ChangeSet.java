package dev.strata.core.tx;

import dev.strata.core.internal.Args;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a committed unit of work changed: users, ventures (each with its owner, so an owner-scoped
 * cache entry such as "the user's venture list" can be dropped too) and entities by table. Caches
 * bind to it after commit, e.g. {@code changes.ventureOwners().forEach((v, owner) -> invalidate(v, owner))}.
 *
 * <p>Immutable; sets and maps iterate in ascending id order.
 */
public final class ChangeSet {

  private static final ChangeSet EMPTY = new ChangeSet(Set.of(), Map.of(), Map.of());

  private final Set<Long> users;
  private final Map<Long, Long> ventureOwners;
  private final Map<String, Set<Long>> entities;

  private ChangeSet(Set<Long> users, Map<Long, Long> ventureOwners, Map<String, Set<Long>> entities) {
    this.users = users;
    this.ventureOwners = ventureOwners;
    this.entities = entities;
  }

  /** The change set of a unit of work that changed nothing it declared. */
  public static ChangeSet empty() {
    return EMPTY;
  }

  /** Users whose own data changed (owners of changed ventures included). */
  public Set<Long> users() {
    return users;
  }

  /** Ventures that changed. */
  public Set<Long> ventures() {
    return ventureOwners.keySet();
  }

  /** Each changed venture with its owner's user id. */
  public Map<Long, Long> ventureOwners() {
    return ventureOwners;
  }

  /** Changed entity ids by table name, e.g. {@code "content_drafts" -> {42}}. */
  public Map<String, Set<Long>> entities() {
    return entities;
  }

  /** True when nothing was declared. */
  public boolean isEmpty() {
    return users.isEmpty() && ventureOwners.isEmpty() && entities.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChangeSet c && c.users.equals(users) && c.ventureOwners.equals(ventureOwners)
        && c.entities.equals(entities);
  }

  @Override
  public int hashCode() {
    return users.hashCode() * 31 * 31 + ventureOwners.hashCode() * 31 + entities.hashCode();
  }

  @Override
  public String toString() {
    return "ChangeSet[users=" + users + ", ventures=" + ventureOwners + ", entities=" + entities + "]";
  }

  /** Collects changes; used through {@link UnitOfWork#changed()}. Not thread-safe. */
  public static final class Builder {
    private final Set<Long> users = new TreeSet<>();
    private final Map<Long, Long> ventureOwners = new TreeMap<>();
    private final Map<String, Set<Long>> entities = new TreeMap<>();

    Builder() {}

    /** Declares that {@code userId}'s own data changed (e.g. a notification to them). */
    public Builder user(long userId) {
      users.add(Args.id(userId, "userId"));
      return this;
    }

    /**
     * Declares that venture {@code ventureId}, owned by {@code ownerUserId}, changed; the owner
     * counts as a changed user.
     *
     * @throws IllegalArgumentException if the venture was already declared with another owner
     */
    public Builder venture(long ventureId, long ownerUserId) {
      Args.id(ventureId, "ventureId");
      Args.id(ownerUserId, "ownerUserId");
      Long before = ventureOwners.putIfAbsent(ventureId, ownerUserId);
      if (before != null && before != ownerUserId) {
        throw new IllegalArgumentException("ownerUserId of venture " + ventureId + " was declared as " + before
            + ", now: " + ownerUserId);
      }
      users.add(ownerUserId);
      return this;
    }

    /** Declares that row {@code id} of {@code table} changed. */
    public Builder entity(String table, long id) {
      Args.notNull(table, "table");
      if (table.isBlank()) {
        throw new IllegalArgumentException("table must not be blank");
      }
      Args.id(id, "id");
      entities.computeIfAbsent(table, t -> new TreeSet<>()).add(id);
      return this;
    }

    ChangeSet build() {
      if (users.isEmpty() && ventureOwners.isEmpty() && entities.isEmpty()) {
        return EMPTY;
      }
      Map<String, Set<Long>> e = new LinkedHashMap<>();
      entities.forEach((k, v) -> e.put(k, Collections.unmodifiableSet(new LinkedHashSet<>(v))));
      return new ChangeSet(Collections.unmodifiableSet(new LinkedHashSet<>(users)),
          Collections.unmodifiableMap(new LinkedHashMap<>(ventureOwners)), Collections.unmodifiableMap(e));
    }
  }
}
