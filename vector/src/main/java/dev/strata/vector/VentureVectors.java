package dev.strata.vector;

import dev.strata.vector.internal.Checks;
import dev.strata.vector.internal.Hashing;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Tenant-scoped vectors: every call takes a venture id and can only ever see that venture's points.
 * Isolation is enforced here, not left to callers' filters: writes stamp the venture on every point
 * and derive point ids from (venture, key), so ventures cannot overwrite each other; searches add the
 * venture condition themselves (callers may not filter on Strata's reserved fields) and each hit is
 * checked to belong to the venture before it is returned.
 *
 * <pre>{@code
 * VentureVectors vectors = VentureVectors.builder(VectorStores.qdrant(client))
 *     .collection("content_embeddings", 384)
 *     .collection("social_embeddings", 384)
 *     .build();                                   // shared collections, payload-partitioned
 * vectors.ensureCollections();
 * vectors.upsert("42", "content_embeddings", List.of(VectorEntry.of("drafts/7", v, Map.of("kind", "draft"))));
 * List<VentureMatch> hits = vectors.search("42", List.of("content_embeddings", "social_embeddings"),
 *     SearchRequest.of(query, 10));
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class VentureVectors {

  /** Default payload field holding the venture id. */
  public static final String DEFAULT_TENANT_FIELD = "venture_id";
  /** Payload field holding the entry's key. */
  public static final String KEY_FIELD = "strata_key";

  private static final int MAX_LOGICAL_NAME = 130;

  private final VectorStore store;
  private final Map<String, CollectionSpec> logical;
  private final Partitioning partitioning;
  private final String tenantField;
  private final Function<String, String> shardKeys;
  private final Set<String> knownPhysical = ConcurrentHashMap.newKeySet();
  private final Set<String> knownShardKeys = ConcurrentHashMap.newKeySet();

  private VentureVectors(Builder b) {
    this.store = b.store;
    this.logical = Map.copyOf(b.collections);
    this.partitioning = b.partitioning;
    this.tenantField = b.tenantField;
    this.shardKeys = b.shardKeys;
  }

  /** A builder over {@code store}. */
  public static Builder builder(VectorStore store) {
    return new Builder(store);
  }

  /** The stored point id of {@code key} in {@code ventureId}: a name-based UUID of both. */
  public static UUID pointId(String ventureId, String key) {
    return Hashing.uuid("strata-vector-point", ventureId, key);
  }

  /** The partitioning strategy. */
  public Partitioning partitioning() {
    return partitioning;
  }

  /** The logical collections. */
  public Set<String> collections() {
    return logical.keySet();
  }

  /**
   * The Qdrant collection holding {@code collection} for {@code ventureId}: the logical name itself
   * when shared, {@code <collection>__<ventureId>} per venture. The mapping is injective: logical
   * names contain no {@code __} and do not end with {@code _}, so the first {@code __} of a
   * per-venture name is its separator, and no shared name contains one.
   */
  public String physicalName(String ventureId, String collection) {
    checkVenture(ventureId);
    spec(collection);
    return partitioning == Partitioning.SHARED_COLLECTION ? collection : collection + "__" + ventureId;
  }

  /** Creates the shared collections and their indexes (per-venture collections are created on first write). */
  public void ensureCollections() {
    if (partitioning == Partitioning.SHARED_COLLECTION) {
      for (CollectionSpec spec : logical.values()) {
        store.ensureCollection(physicalSpec(spec, spec.name()));
        knownPhysical.add(spec.name());
      }
    }
  }

  /**
   * Stores {@code entries} for {@code ventureId} (replacing entries with the same keys).
   *
   * @throws IllegalArgumentException for a blank or malformed venture id, an unknown collection, a
   *     vector of the wrong dimension or with NaN/infinite components, duplicate keys, or a payload
   *     using a reserved field — all before anything is sent
   */
  public void upsert(String ventureId, String collection, List<VectorEntry> entries) {
    checkVenture(ventureId);
    CollectionSpec spec = spec(collection);
    Objects.requireNonNull(entries, "entries");
    List<VectorPoint> points = new ArrayList<>(entries.size());
    Set<String> keys = new HashSet<>();
    for (int i = 0; i < entries.size(); i++) {
      VectorEntry e = Objects.requireNonNull(entries.get(i), "entries[" + i + "]");
      Checks.vector(e.vector(), spec.dimension(), "entries[" + i + "].vector");
      if (e.payload().containsKey(tenantField) || e.payload().containsKey(KEY_FIELD)) {
        throw new IllegalArgumentException("entries[" + i + "].payload must not use the reserved fields " + tenantField + " and "
            + KEY_FIELD + " (Strata sets them)");
      }
      if (!keys.add(e.key())) {
        throw new IllegalArgumentException("entries must have distinct keys, '" + e.key() + "' appears twice");
      }
      Map<String, Object> payload = new HashMap<>(e.payload());
      payload.put(tenantField, ventureId);
      payload.put(KEY_FIELD, e.key());
      points.add(VectorPoint.of(pointId(ventureId, e.key()), e.vector(), payload));
    }
    if (points.isEmpty()) {
      return;
    }
    String physical = ensurePhysical(ventureId, spec);
    store.upsert(physical, points, shardKey(physical, ventureId));
  }

  /** The venture's entries of {@code collection} closest to the query, best first. */
  public List<VentureMatch> search(String ventureId, String collection, SearchRequest request) {
    return search(ventureId, List.of(collection), request);
  }

  /**
   * The venture's entries of all {@code collections} closest to the query, best first, at most
   * {@code request.limit()} in all (the collections must share a dimension and distance).
   *
   * @throws IllegalArgumentException if the request filters on a reserved field or names a shard key
   */
  public List<VentureMatch> search(String ventureId, List<String> collections, SearchRequest request) {
    checkVenture(ventureId);
    Objects.requireNonNull(collections, "collections");
    Objects.requireNonNull(request, "request");
    if (collections.isEmpty()) {
      throw new IllegalArgumentException("collections must not be empty");
    }
    if (request.filter().mentions(tenantField) || request.filter().mentions(KEY_FIELD)) {
      throw new IllegalArgumentException("request.filter must not use the reserved fields " + tenantField + " and " + KEY_FIELD
          + " (the venture is added by Strata)");
    }
    if (request.shardKey() != null) {
      throw new IllegalArgumentException("request.shardKey must not be set: VentureVectors places ventures on shards itself");
    }
    Map<String, String> physicalToLogical = new LinkedHashMap<>();
    for (String c : collections) {
      CollectionSpec spec = spec(c);
      if (request.dimension() != spec.dimension()) {
        throw new IllegalArgumentException("request.vector must have dimension " + spec.dimension() + " (collection " + c
            + "), was: " + request.dimension());
      }
      String physical = physicalName(ventureId, c);
      if (exists(physical)) {
        physicalToLogical.put(physical, c);
      }
    }
    if (physicalToLogical.isEmpty()) {
      return List.of();
    }
    boolean withPayload = request.withPayload();
    SearchRequest scoped = request.withPayload(true);
    if (partitioning == Partitioning.SHARED_COLLECTION) {
      scoped = scoped.withFilter(Filter.keyword(tenantField, ventureId).and(request.filter()));
      String shard = shardKeys == null ? null : Checks.shardKey(shardKeys.apply(ventureId), "shardKeys(" + ventureId + ")");
      if (shard != null) {
        scoped = scoped.withShardKey(shard);
      }
    }
    List<ScoredPoint> hits = store.search(new ArrayList<>(physicalToLogical.keySet()), scoped);
    List<VentureMatch> out = new ArrayList<>(hits.size());
    for (ScoredPoint hit : hits) {
      Object owner = hit.payload().get(tenantField);
      if (!ventureId.equals(owner)) {
        // never reached through this class; a point written around it must not leak
        throw new IllegalStateException("a point of another venture (" + owner + ") matched a search of venture " + ventureId
            + " in " + hit.collection() + "; refusing to return it");
      }
      out.add(new VentureMatch(ventureId, physicalToLogical.get(hit.collection()), (String) hit.payload().get(KEY_FIELD), hit.score(),
          withPayload ? withoutReserved(hit.payload()) : Map.of()));
    }
    return out;
  }

  @SuppressWarnings({"unchecked", "rawtypes"}) // a generic array is made from the raw type
  private Map<String, Object> withoutReserved(Map<String, Object> payload) {
    Map.Entry<String, Object>[] entries = new Map.Entry[payload.size()];
    int n = 0;
    for (Map.Entry<String, Object> e : payload.entrySet()) {
      if (!e.getKey().equals(tenantField) && !e.getKey().equals(KEY_FIELD)) {
        entries[n++] = e;
      }
    }
    return Map.ofEntries(java.util.Arrays.copyOf(entries, n));
  }

  /** Deletes the venture's entries with these keys (missing keys are ignored). */
  public void delete(String ventureId, String collection, Collection<String> keys) {
    checkVenture(ventureId);
    spec(collection);
    Objects.requireNonNull(keys, "keys");
    List<UUID> ids = new ArrayList<>();
    for (String k : keys) {
      ids.add(pointId(ventureId, Checks.text(k, "keys element")));
    }
    String physical = physicalName(ventureId, collection);
    if (!ids.isEmpty() && exists(physical)) {
      store.delete(physical, ids);
    }
  }

  /** The number of the venture's entries in {@code collection}. */
  public long count(String ventureId, String collection) {
    String physical = physicalName(ventureId, collection);
    if (!exists(physical)) {
      return 0;
    }
    return store.count(physical, partitioning == Partitioning.SHARED_COLLECTION ? Filter.keyword(tenantField, ventureId) : Filter.empty());
  }

  /** Deletes every entry of the venture in every collection (per venture: drops its collections). */
  public void deleteVenture(String ventureId) {
    checkVenture(ventureId);
    for (String c : logical.keySet()) {
      String physical = physicalName(ventureId, c);
      if (partitioning == Partitioning.SHARED_COLLECTION) {
        if (exists(physical)) {
          store.delete(physical, Filter.keyword(tenantField, ventureId));
        }
      } else {
        knownPhysical.remove(physical);
        store.deleteCollection(physical);
      }
    }
  }

  private CollectionSpec physicalSpec(CollectionSpec spec, String physical) {
    CollectionSpec s = spec.withName(physical);
    if (partitioning == Partitioning.SHARED_COLLECTION) {
      s = s.withTenantField(tenantField).withCustomSharding(shardKeys != null);
    }
    return s;
  }

  private String ensurePhysical(String ventureId, CollectionSpec spec) {
    String physical = physicalName(ventureId, spec.name());
    if (!knownPhysical.contains(physical)) {
      store.ensureCollection(physicalSpec(spec, physical));
      knownPhysical.add(physical);
    }
    return physical;
  }

  private boolean exists(String physical) {
    if (knownPhysical.contains(physical)) {
      return true;
    }
    if (store.collectionExists(physical)) {
      knownPhysical.add(physical);
      return true;
    }
    return false;
  }

  private String shardKey(String physical, String ventureId) {
    if (shardKeys == null || partitioning != Partitioning.SHARED_COLLECTION) {
      return null;
    }
    String key = Checks.shardKey(shardKeys.apply(ventureId), "shardKeys(" + ventureId + ")");
    if (knownShardKeys.add(physical + "\u0000" + key)) {
      store.ensureShardKey(physical, key);
    }
    return key;
  }

  private CollectionSpec spec(String collection) {
    Objects.requireNonNull(collection, "collection");
    CollectionSpec spec = logical.get(collection);
    if (spec == null) {
      throw new IllegalArgumentException("collection must be one of " + new java.util.TreeSet<>(logical.keySet()) + ", was: '"
          + collection + "'");
    }
    return spec;
  }

  private static void checkVenture(String ventureId) {
    Checks.ventureId(ventureId, "ventureId");
  }

  /** Builds {@link VentureVectors}; rejects an option set twice and bad values at once. */
  public static final class Builder {
    private final VectorStore store;
    private final Map<String, CollectionSpec> collections = new LinkedHashMap<>();
    private Partitioning partitioning = Partitioning.SHARED_COLLECTION;
    private boolean partitioningSet;
    private String tenantField = DEFAULT_TENANT_FIELD;
    private Function<String, String> shardKeys;

    private Builder(VectorStore store) {
      this.store = Objects.requireNonNull(store, "store");
    }

    /** A logical collection of cosine vectors of {@code dimension}. */
    public Builder collection(String name, int dimension) {
      return collection(name, dimension, Distance.COSINE, Set.of());
    }

    /**
     * A logical collection with a distance and keyword-indexed payload fields (for filters).
     * Per-venture collection names are {@code <name>__<ventureId>}, so names are at most 130 characters,
     * contain no {@code __} and do not end with {@code _}: otherwise ({@code docs}, venture {@code a__b})
     * and ({@code docs__a}, venture {@code b}) would share one collection.
     */
    public Builder collection(String name, int dimension, Distance distance, Set<String> keywordFields) {
      Checks.collectionName(name, "name");
      if (name.contains("__") || name.endsWith("_")) {
        throw new IllegalArgumentException("name must not contain '__' nor end with '_' (per-venture collections are named "
            + "<name>__<ventureId>), was: '" + name + "'");
      }
      if (name.length() > MAX_LOGICAL_NAME) {
        throw new IllegalArgumentException("name must be at most " + MAX_LOGICAL_NAME + " characters, was: " + name.length());
      }
      if (collections.containsKey(name)) {
        throw new IllegalArgumentException("collection " + name + " is already defined");
      }
      collections.put(name, CollectionSpec.of(name, dimension, distance).withKeywordFields(keywordFields));
      return this;
    }

    /** The partitioning strategy (default {@link Partitioning#SHARED_COLLECTION}). */
    public Builder partitioning(Partitioning p) {
      if (partitioningSet) {
        throw new IllegalStateException("partitioning was already set to " + partitioning);
      }
      this.partitioning = Objects.requireNonNull(p, "partitioning");
      this.partitioningSet = true;
      return this;
    }

    /** The payload field holding the venture id (default {@value #DEFAULT_TENANT_FIELD}). */
    public Builder tenantField(String field) {
      Checks.fieldName(field, "tenantField");
      if (field.equals(KEY_FIELD)) {
        throw new IllegalArgumentException("tenantField must not be " + KEY_FIELD);
      }
      this.tenantField = field;
      return this;
    }

    /**
     * Custom shard keys for Qdrant's distributed mode (shared collections only): {@code ventureToShardKey}
     * maps a venture to its shard key, e.g. a dedicated key for large ventures and a common one for
     * the rest ("tiered multitenancy"). Shard keys are created on first use.
     */
    public Builder shardKeys(Function<String, String> ventureToShardKey) {
      this.shardKeys = Objects.requireNonNull(ventureToShardKey, "ventureToShardKey");
      return this;
    }

    /** The venture-scoped view. @throws IllegalStateException when no collection is defined or options conflict */
    public VentureVectors build() {
      if (collections.isEmpty()) {
        throw new IllegalStateException("at least one collection must be defined");
      }
      if (shardKeys != null && partitioning != Partitioning.SHARED_COLLECTION) {
        throw new IllegalStateException("shardKeys apply to SHARED_COLLECTION partitioning only, not " + partitioning);
      }
      return new VentureVectors(this);
    }
  }
}
