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
import java.util.TreeSet;
import java.util.UUID;
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
 * <p>Where points live is the {@link Partitioning}'s business (a package-private strategy per
 * partitioning); every operation here is written once for both. Thread-safe.
 */
public final class VentureVectors {

  /** Default payload field holding the venture id. */
  public static final String DEFAULT_TENANT_FIELD = "venture_id";
  /** Payload field holding the entry's key. */
  public static final String KEY_FIELD = "strata_key";
  /** Default partitioning: {@link Partitioning#SHARED_COLLECTION}. */
  public static final Partitioning DEFAULT_PARTITIONING = Partitioning.SHARED_COLLECTION;
  /** Distance of a collection defined without one: {@link Distance#COSINE}. */
  public static final Distance DEFAULT_DISTANCE = Distance.COSINE;
  /**
   * Longest logical collection name: {@value}, so that {@code <name>__<ventureId>} (a venture id has
   * at most 64 characters) stays within the 200 characters of a physical name.
   */
  public static final int MAX_COLLECTION_NAME = 130;

  private final Map<String, CollectionSpec> logical;
  private final PartitionStrategy strategy;
  private final String tenantField;
  private final PhysicalCollections physical;

  private VentureVectors(Builder b, PartitionStrategy strategy) {
    this.logical = Map.copyOf(b.collections);
    this.strategy = strategy;
    this.tenantField = b.tenantField;
    this.physical = new PhysicalCollections(b.store);
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
    return strategy.partitioning();
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
    return strategy.physicalName(collection, ventureId);
  }

  /** Creates the shared collections and their indexes (per-venture collections are created on first write). */
  public void ensureCollections() {
    strategy.createUpFront(physical, logical.values());
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
    String name = strategy.physicalName(spec.name(), ventureId);
    physical.ensure(strategy.physicalSpec(spec, name));
    String shard = strategy.shardKey(ventureId);
    if (shard != null) {
      physical.ensureShardKey(name, shard);
    }
    physical.store().upsert(name, points, shard);
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
      String name = strategy.physicalName(c, ventureId);
      if (physical.exists(name)) {
        physicalToLogical.put(name, c);
      }
    }
    if (physicalToLogical.isEmpty()) {
      return List.of();
    }
    boolean withPayload = request.withPayload();
    SearchRequest scoped = strategy.scope(request.withPayload(true), ventureId);
    List<ScoredPoint> hits = physical.store().search(new ArrayList<>(physicalToLogical.keySet()), scoped);
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
    String name = physicalName(ventureId, collection);
    if (!ids.isEmpty() && physical.exists(name)) {
      physical.store().delete(name, ids);
    }
  }

  /** The number of the venture's entries in {@code collection}. */
  public long count(String ventureId, String collection) {
    String name = physicalName(ventureId, collection);
    if (!physical.exists(name)) {
      return 0;
    }
    return physical.store().count(name, strategy.scope(ventureId));
  }

  /** Deletes every entry of the venture in every collection (per venture: drops its collections). */
  public void deleteVenture(String ventureId) {
    checkVenture(ventureId);
    for (String c : logical.keySet()) {
      strategy.deleteVenture(physical, strategy.physicalName(c, ventureId), ventureId);
    }
  }

  private CollectionSpec spec(String collection) {
    Objects.requireNonNull(collection, "collection");
    CollectionSpec spec = logical.get(collection);
    if (spec == null) {
      throw new IllegalArgumentException("collection must be one of " + new TreeSet<>(logical.keySet()) + ", was: '"
          + collection + "'");
    }
    return spec;
  }

  private static void checkVenture(String ventureId) {
    Checks.ventureId(ventureId, "ventureId");
  }

  /**
   * Builds {@link VentureVectors}. Bad values are rejected at once ({@link NullPointerException}
   * naming a null argument, {@link IllegalArgumentException} otherwise); {@code partitioning},
   * {@code tenantField} and {@code shardKeys} may each be set once (a second call is an
   * {@link IllegalStateException} naming the option); conflicting options fail in {@link #build()}.
   */
  public static final class Builder {
    private final VectorStore store;
    private final Map<String, CollectionSpec> collections = new LinkedHashMap<>();
    private final Set<String> set = new HashSet<>();
    private Partitioning partitioning = DEFAULT_PARTITIONING;
    private String tenantField = DEFAULT_TENANT_FIELD;
    private Function<String, String> shardKeys;

    private Builder(VectorStore store) {
      this.store = Objects.requireNonNull(store, "store");
    }

    /** A logical collection of {@link #DEFAULT_DISTANCE cosine} vectors of {@code dimension}. */
    public Builder collection(String name, int dimension) {
      return collection(name, dimension, DEFAULT_DISTANCE, Set.of());
    }

    /**
     * A logical collection with a distance and keyword-indexed payload fields (for filters).
     * Per-venture collection names are {@code <name>__<ventureId>}, so names are at most
     * {@value #MAX_COLLECTION_NAME} characters, contain no {@code __} and do not end with {@code _}:
     * otherwise ({@code docs}, venture {@code a__b}) and ({@code docs__a}, venture {@code b}) would
     * share one collection.
     *
     * @throws IllegalArgumentException for a bad name or dimension, or a name already defined
     */
    public Builder collection(String name, int dimension, Distance distance, Set<String> keywordFields) {
      Checks.collectionName(name, "name");
      if (name.contains("__") || name.endsWith("_")) {
        throw new IllegalArgumentException("name must not contain '__' nor end with '_' (per-venture collections are named "
            + "<name>__<ventureId>), was: '" + name + "'");
      }
      if (name.length() > MAX_COLLECTION_NAME) {
        throw new IllegalArgumentException("name must be at most " + MAX_COLLECTION_NAME + " characters, was: " + name.length());
      }
      CollectionSpec spec = CollectionSpec.of(name, dimension, distance).withKeywordFields(keywordFields);
      if (collections.containsKey(name)) {
        throw new IllegalArgumentException("collection " + name + " is already defined");
      }
      collections.put(name, spec);
      return this;
    }

    /** The partitioning strategy (default {@link #DEFAULT_PARTITIONING}). */
    public Builder partitioning(Partitioning p) {
      Objects.requireNonNull(p, "partitioning");
      once("partitioning");
      this.partitioning = p;
      return this;
    }

    /** The payload field holding the venture id (default {@value #DEFAULT_TENANT_FIELD}); not {@value #KEY_FIELD}. */
    public Builder tenantField(String field) {
      Checks.fieldName(field, "tenantField");
      if (field.equals(KEY_FIELD)) {
        throw new IllegalArgumentException("tenantField must not be " + KEY_FIELD + " (Strata's key field), was: '" + field + "'");
      }
      once("tenantField");
      this.tenantField = field;
      return this;
    }

    /**
     * Custom shard keys for Qdrant's distributed mode (shared collections only): {@code ventureToShardKey}
     * maps a venture to its shard key, e.g. a dedicated key for large ventures and a common one for
     * the rest ("tiered multitenancy"). Shard keys are created on first use.
     */
    public Builder shardKeys(Function<String, String> ventureToShardKey) {
      Objects.requireNonNull(ventureToShardKey, "ventureToShardKey");
      once("shardKeys");
      this.shardKeys = ventureToShardKey;
      return this;
    }

    /**
     * The venture-scoped view.
     *
     * @throws IllegalStateException when no collection is defined, or shardKeys are set with a
     *     partitioning other than {@link Partitioning#SHARED_COLLECTION}
     */
    public VentureVectors build() {
      if (collections.isEmpty()) {
        throw new IllegalStateException("at least one collection must be defined");
      }
      return new VentureVectors(this, PartitionStrategy.of(partitioning, tenantField, shardKeys));
    }

    private void once(String option) {
      if (!set.add(option)) {
        throw new IllegalStateException(option + " was already set on this builder");
      }
    }
  }
}
