package dev.strata.vector.internal;

import static io.qdrant.client.ConditionFactory.match;
import static io.qdrant.client.ConditionFactory.matchKeyword;
import static io.qdrant.client.ConditionFactory.matchKeywords;
import static io.qdrant.client.ConditionFactory.matchValues;

import dev.strata.vector.CollectionSpec;
import dev.strata.vector.Distance;
import dev.strata.vector.Filter;
import io.qdrant.client.ConditionFactory;
import io.qdrant.client.ValueFactory;
import io.qdrant.client.grpc.Collections;
import io.qdrant.client.grpc.Collections.CollectionInfo;
import io.qdrant.client.grpc.Collections.PayloadSchemaInfo;
import io.qdrant.client.grpc.Collections.PayloadSchemaType;
import io.qdrant.client.grpc.Common;
import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.JsonWithInt.Value;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Conversions between Strata's types and the Qdrant client's protobuf messages. */
final class QdrantMapping {

  private QdrantMapping() {}

  static Collections.Distance distance(Distance d) {
    return switch (d) {
      case COSINE -> Collections.Distance.Cosine;
      case DOT -> Collections.Distance.Dot;
      case EUCLID -> Collections.Distance.Euclid;
    };
  }

  static Distance distance(Collections.Distance d) {
    return switch (d) {
      case Cosine -> Distance.COSINE;
      case Dot -> Distance.DOT;
      case Euclid -> Distance.EUCLID;
      default -> throw new IllegalArgumentException("distance " + d + " is not supported by Strata");
    };
  }

  /**
   * The spec of an existing collection from its info: dimension and distance of its unnamed vector,
   * the keyword index with {@code is_tenant} as tenant field, other keyword indexes, sharding.
   */
  static CollectionSpec spec(String name, CollectionInfo info) {
    var params = info.getConfig().getParams();
    if (!params.getVectorsConfig().hasParams()) {
      throw new IllegalArgumentException("collection " + name + " uses named vectors, which Strata does not support");
    }
    var vp = params.getVectorsConfig().getParams();
    String tenant = null;
    Set<String> keywords = new HashSet<>();
    for (Map.Entry<String, PayloadSchemaInfo> e : info.getPayloadSchemaMap().entrySet()) {
      if (e.getValue().getDataType() != PayloadSchemaType.Keyword) {
        continue;
      }
      if (tenant == null && e.getValue().getParams().getKeywordIndexParams().getIsTenant()) {
        tenant = e.getKey();
      } else {
        keywords.add(e.getKey());
      }
    }
    return new CollectionSpec(name, (int) vp.getSize(), distance(vp.getDistance()), tenant, keywords,
        params.getShardingMethod() == Collections.ShardingMethod.Custom);
  }

  static PointId id(UUID id) {
    return io.qdrant.client.PointIdFactory.id(id);
  }

  /** A point id back as a UUID (numeric ids written by others map to {@code new UUID(0, n)}). */
  static UUID id(PointId id) {
    return id.hasUuid() ? UUID.fromString(id.getUuid()) : new UUID(0, id.getNum());
  }

  static Map<String, Value> payload(Map<String, Object> payload) {
    Map<String, Value> out = new HashMap<>(payload.size() * 2);
    payload.forEach((k, v) -> out.put(k, value(v)));
    return out;
  }

  private static Value value(Object v) {
    if (v instanceof String s) {
      return ValueFactory.value(s);
    }
    if (v instanceof Long l) {
      return ValueFactory.value(l);
    }
    if (v instanceof Double d) {
      return ValueFactory.value(d);
    }
    return ValueFactory.value((Boolean) v);
  }

  /** A payload back as Java values (immutable); kinds Strata never writes (lists, objects, null) are left out. */
  @SuppressWarnings({"unchecked", "rawtypes"}) // a generic array is made from the raw type
  static Map<String, Object> payloadFrom(Map<String, Value> payload) {
    Map.Entry<String, Object>[] entries = new Map.Entry[payload.size()];
    int n = 0;
    for (Map.Entry<String, Value> e : payload.entrySet()) {
      Value v = e.getValue();
      Object o = switch (v.getKindCase()) {
        case STRING_VALUE -> v.getStringValue();
        case INTEGER_VALUE -> v.getIntegerValue();
        case DOUBLE_VALUE -> v.getDoubleValue();
        case BOOL_VALUE -> v.getBoolValue();
        default -> null;
      };
      if (o != null) {
        entries[n++] = Map.entry(e.getKey(), o);
      }
    }
    return Map.ofEntries(n == entries.length ? entries : java.util.Arrays.copyOf(entries, n));
  }

  static Common.Filter filter(Filter filter) {
    Common.Filter.Builder b = Common.Filter.newBuilder();
    for (Filter.Match m : filter.conditions()) {
      b.addMust(condition(m));
    }
    return b.build();
  }

  @SuppressWarnings("unchecked")
  private static Common.Condition condition(Filter.Match m) {
    List<Object> values = m.values();
    Object first = values.get(0);
    if (first instanceof String) {
      return values.size() == 1 ? matchKeyword(m.field(), (String) first)
          : matchKeywords(m.field(), (List<String>) (List<?>) values);
    }
    if (first instanceof Long) {
      return values.size() == 1 ? match(m.field(), (Long) first) : matchValues(m.field(), (List<Long>) (List<?>) values);
    }
    if (values.size() == 1 || new HashSet<>(values).size() == 1) {
      return match(m.field(), (Boolean) first);
    }
    return ConditionFactory.filter(Common.Filter.newBuilder()
        .addShould(match(m.field(), true)).addShould(match(m.field(), false)).build());
  }
}
