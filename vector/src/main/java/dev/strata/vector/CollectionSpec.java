package dev.strata.vector;

import dev.strata.vector.internal.Checks;
import java.util.Objects;
import java.util.Set;

/**
 * What a collection is: name, vector dimension and distance, plus how it is indexed.
 *
 * <ul>
 *   <li>{@link #tenantField()}: when set, the collection is shared by tenants partitioned on this
 *       payload field, following Qdrant's multitenancy guide: a keyword payload index with
 *       {@code is_tenant=true} on the field, and HNSW built per tenant ({@code m=0},
 *       {@code payload_m=}{@value #DEFAULT_PAYLOAD_M}) instead of one global graph.</li>
 *   <li>{@link #keywordFields()}: further keyword payload indexes, for filters.</li>
 *   <li>{@link #customSharding()}: points are placed by custom shard keys (Qdrant distributed mode).</li>
 * </ul>
 *
 * @param name collection name ({@code [A-Za-z0-9_-]}, 1..200 characters)
 * @param dimension vector dimension (1..65,536)
 * @param distance similarity measure
 * @param tenantField the tenant payload field, or null when the collection is not shared by tenants
 * @param keywordFields other payload fields to index as keywords
 * @param customSharding whether points are placed by custom shard keys
 */
public record CollectionSpec(String name, int dimension, Distance distance, String tenantField, Set<String> keywordFields,
    boolean customSharding) {

  /** Largest accepted dimension. */
  public static final int MAX_DIMENSION = 65_536;
  /** {@code payload_m} of the per-tenant HNSW graphs of a tenant-partitioned collection. */
  public static final int DEFAULT_PAYLOAD_M = 16;

  /** Checks the components. */
  public CollectionSpec {
    Checks.collectionName(name, "name");
    if (dimension < 1 || dimension > MAX_DIMENSION) {
      throw new IllegalArgumentException("dimension must be in 1.." + MAX_DIMENSION + ", was: " + dimension);
    }
    Objects.requireNonNull(distance, "distance");
    if (tenantField != null) {
      Checks.fieldName(tenantField, "tenantField");
    }
    keywordFields = Set.copyOf(Objects.requireNonNull(keywordFields, "keywordFields"));
    keywordFields.forEach(f -> Checks.fieldName(f, "keywordFields"));
  }

  /** A plain collection: no tenant partitioning, no extra indexes, automatic sharding. */
  public static CollectionSpec of(String name, int dimension, Distance distance) {
    return new CollectionSpec(name, dimension, distance, null, Set.of(), false);
  }

  /** This spec shared by tenants partitioned on {@code field}. */
  public CollectionSpec withTenantField(String field) {
    return new CollectionSpec(name, dimension, distance, Objects.requireNonNull(field, "field"), keywordFields, customSharding);
  }

  /** This spec with keyword indexes on {@code fields}. */
  public CollectionSpec withKeywordFields(Set<String> fields) {
    return new CollectionSpec(name, dimension, distance, tenantField, fields, customSharding);
  }

  /** This spec with custom sharding switched on or off. */
  public CollectionSpec withCustomSharding(boolean custom) {
    return new CollectionSpec(name, dimension, distance, tenantField, keywordFields, custom);
  }

  /** This spec under another name (used for per-venture collections). */
  public CollectionSpec withName(String newName) {
    return new CollectionSpec(newName, dimension, distance, tenantField, keywordFields, customSharding);
  }
}
