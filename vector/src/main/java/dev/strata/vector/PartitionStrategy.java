package dev.strata.vector;

import dev.strata.vector.internal.Checks;
import java.util.Collection;
import java.util.function.Function;

/**
 * Where {@link VentureVectors} keeps a venture's points: one implementation per {@link Partitioning},
 * so the venture-scoped operations are written once and each layout answers the four questions that
 * differ — the physical collection's name and spec, the condition that confines a venture within it,
 * and the shard key its points live under.
 */
sealed interface PartitionStrategy permits PartitionStrategy.SharedCollection, PartitionStrategy.CollectionPerVenture {

  /** The strategy of {@code partitioning}; {@code shardKeys} may be null (and must be, except for shared collections). */
  static PartitionStrategy of(Partitioning partitioning, String tenantField, Function<String, String> shardKeys) {
    return switch (partitioning) {
      case SHARED_COLLECTION -> new SharedCollection(tenantField, shardKeys);
      case COLLECTION_PER_VENTURE -> {
        if (shardKeys != null) {
          throw new IllegalStateException("shardKeys apply to SHARED_COLLECTION partitioning only, not " + partitioning);
        }
        yield new CollectionPerVenture();
      }
    };
  }

  /** The partitioning this strategy implements. */
  Partitioning partitioning();

  /** The Qdrant collection holding logical {@code collection} for {@code ventureId}. */
  String physicalName(String collection, String ventureId);

  /** The spec {@code physical} is created with, from its logical collection's spec. */
  CollectionSpec physicalSpec(CollectionSpec logical, String physical);

  /** Creates what must exist before the first write (the shared collections), given every logical spec. */
  void createUpFront(PhysicalCollections collections, Collection<CollectionSpec> logical);

  /** The condition that confines a search, count or delete in a physical collection to {@code ventureId}. */
  Filter scope(String ventureId);

  /** The shard key of {@code ventureId}'s points, or null when the collection is not custom-sharded. */
  String shardKey(String ventureId);

  /** {@code request} confined to {@code ventureId}: its scope ANDed with the caller's filter, and its shard key. */
  default SearchRequest scope(SearchRequest request, String ventureId) {
    SearchRequest scoped = request.withFilter(scope(ventureId).and(request.filter()));
    String shard = shardKey(ventureId);
    return shard == null ? scoped : scoped.withShardKey(shard);
  }

  /** Removes every point of {@code ventureId} from {@code physical}. */
  void deleteVenture(PhysicalCollections collections, String physical, String ventureId);

  /**
   * Logical collections shared by every venture, partitioned by a tenant payload field indexed with
   * {@code is_tenant}, optionally custom-sharded by venture.
   */
  record SharedCollection(String tenantField, Function<String, String> shardKeys) implements PartitionStrategy {

    @Override
    public Partitioning partitioning() {
      return Partitioning.SHARED_COLLECTION;
    }

    @Override
    public String physicalName(String collection, String ventureId) {
      return collection;
    }

    @Override
    public CollectionSpec physicalSpec(CollectionSpec logical, String physical) {
      return logical.withName(physical).withTenantField(tenantField).withCustomSharding(shardKeys != null);
    }

    @Override
    public void createUpFront(PhysicalCollections collections, Collection<CollectionSpec> logical) {
      for (CollectionSpec spec : logical) {
        collections.ensure(physicalSpec(spec, spec.name()));
      }
    }

    @Override
    public Filter scope(String ventureId) {
      return Filter.keyword(tenantField, ventureId);
    }

    @Override
    public String shardKey(String ventureId) {
      return shardKeys == null ? null : Checks.shardKey(shardKeys.apply(ventureId), "shardKeys(" + ventureId + ")");
    }

    @Override
    public void deleteVenture(PhysicalCollections collections, String physical, String ventureId) {
      if (collections.exists(physical)) {
        collections.store().delete(physical, scope(ventureId));
      }
    }
  }

  /**
   * A collection per venture and logical collection, named {@code <collection>__<ventureId>} and
   * created on the venture's first write; the collection itself is the venture's scope.
   */
  record CollectionPerVenture() implements PartitionStrategy {

    @Override
    public Partitioning partitioning() {
      return Partitioning.COLLECTION_PER_VENTURE;
    }

    @Override
    public String physicalName(String collection, String ventureId) {
      return collection + "__" + ventureId;
    }

    @Override
    public CollectionSpec physicalSpec(CollectionSpec logical, String physical) {
      return logical.withName(physical);
    }

    @Override
    public void createUpFront(PhysicalCollections collections, Collection<CollectionSpec> logical) {
      // nothing: a venture's collections are created on its first write
    }

    @Override
    public Filter scope(String ventureId) {
      return Filter.empty();
    }

    @Override
    public String shardKey(String ventureId) {
      return null;
    }

    @Override
    public void deleteVenture(PhysicalCollections collections, String physical, String ventureId) {
      collections.drop(physical);
    }
  }
}
