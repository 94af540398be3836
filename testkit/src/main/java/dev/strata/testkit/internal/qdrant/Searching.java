package dev.strata.testkit.internal.qdrant;

import io.grpc.Status;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.JsonWithInt.Value;
import io.qdrant.client.grpc.Points.DenseVector;
import io.qdrant.client.grpc.Points.ScoredPoint;
import io.qdrant.client.grpc.Points.SearchParams;
import io.qdrant.client.grpc.Points.VectorOutput;
import io.qdrant.client.grpc.Points.VectorsOutput;
import io.qdrant.client.grpc.Points.WithPayloadSelector;
import io.qdrant.client.grpc.Points.WithVectorsSelector;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Exact nearest-neighbour search shared by {@code Points/Query} and {@code Points/Search}, with
 * Qdrant's documented semantics: filter, score threshold (cosine and dot keep scores at or above it,
 * Euclid keeps distances at or below it), offset and limit over the ordered hits, payload on / off /
 * include / exclude of top-level keys, and the stored vectors on request ({@code with_vectors}).
 */
final class Searching {

  private Searching() {}

  /** What a search asks for besides the vector; null fields were not set in the request. */
  record Request(Filter filter, Float scoreThreshold, long limit, long offset, SearchParams params,
      WithPayloadSelector withPayload, WithVectorsSelector withVectors) {}

  static List<ScoredPoint> nearest(EmulatedCollection c, List<Float> vector, Set<String> shardKeys, Request r) {
    if (vector.size() != c.dimension) {
      throw Status.INVALID_ARGUMENT.withDescription("Wrong input: Vector dimension error: expected dim: " + c.dimension
          + ", got " + vector.size()).asRuntimeException();
    }
    if (r.limit() < 1) {
      throw Status.INVALID_ARGUMENT.withDescription("Wrong input: limit must be 1 or larger, was " + r.limit()).asRuntimeException();
    }
    if (r.params() != null) {
      // the emulator always scores every point, which is what both hints ask for at most
      Supported.only(r.params(), "params", Set.of("hnsw_ef", "exact"));
    }
    if (r.withVectors() != null) {
      Supported.only(r.withVectors(), "with_vectors", Set.of("enable"));
    }
    boolean withVectors = r.withVectors() != null && r.withVectors().getEnable();
    PayloadSelection payload = PayloadSelection.of(r.withPayload());
    float[] q = Matching.prepare(c.distance, vector);
    boolean higherIsCloser = c.distance != Distance.Euclid;
    record Hit(String id, EmulatedCollection.Point point, float score) {}
    List<Hit> hits = new ArrayList<>();
    c.forEachMatching(shardKeys, r.filter(), (id, p) -> {
      float score = Matching.score(c.distance, q, p.vector());
      if (r.scoreThreshold() != null && (higherIsCloser ? score < r.scoreThreshold() : score > r.scoreThreshold())) {
        return;
      }
      hits.add(new Hit(id, p, score));
    });
    Comparator<Hit> order = Comparator.comparingDouble(Hit::score);
    hits.sort(higherIsCloser ? order.reversed() : order);
    List<ScoredPoint> out = new ArrayList<>();
    for (Hit h : hits.subList((int) Math.min(r.offset(), hits.size()), (int) Math.min(r.offset() + r.limit(), hits.size()))) {
      ScoredPoint.Builder b = ScoredPoint.newBuilder().setId(Matching.toId(h.id())).setScore(h.score()).setVersion(0)
          .putAllPayload(payload.apply(h.point().payload()));
      if (withVectors) {
        b.setVectors(VectorsOutput.newBuilder().setVector(output(h.point().vector())));
      }
      if (h.point().shardKey() != null) {
        b.setShardKey(EmulatedPoints.shardKey(h.point().shardKey()));
      }
      out.add(b.build());
    }
    return out;
  }

  /** The stored vector (normalized for cosine, as Qdrant stores it), in both the current and the deprecated field. */
  @SuppressWarnings("deprecation") // clients before Qdrant 1.12's dense output read the flat data field
  private static VectorOutput output(float[] v) {
    DenseVector.Builder dense = DenseVector.newBuilder();
    VectorOutput.Builder b = VectorOutput.newBuilder();
    for (float x : v) {
      dense.addData(x);
      b.addData(x);
    }
    return b.setDense(dense).build();
  }

  /** with_payload: unset or false → none, true → all, include / exclude → those top-level keys. */
  private record PayloadSelection(boolean all, Set<String> include, Set<String> exclude) {
    static PayloadSelection of(WithPayloadSelector s) {
      if (s == null) {
        return new PayloadSelection(false, Set.of(), Set.of());
      }
      Supported.only(s, "with_payload", Set.of("enable", "include", "exclude"));
      switch (s.getSelectorOptionsCase()) {
        case ENABLE:
          return new PayloadSelection(s.getEnable(), Set.of(), Set.of());
        case INCLUDE:
          return new PayloadSelection(false, topLevel(s.getInclude().getFieldsList()), Set.of());
        case EXCLUDE:
          return new PayloadSelection(true, Set.of(), topLevel(s.getExclude().getFieldsList()));
        default:
          return new PayloadSelection(false, Set.of(), Set.of());
      }
    }

    private static Set<String> topLevel(List<String> keys) {
      for (String k : keys) {
        if (k.contains(".") || k.contains("[")) {
          throw Supported.unimplemented("with_payload key path " + k + " is not emulated (top-level keys only)");
        }
      }
      return Set.copyOf(keys);
    }

    Map<String, Value> apply(Map<String, Value> payload) {
      if (!all && include.isEmpty()) {
        return Map.of();
      }
      Map<String, Value> out = new LinkedHashMap<>();
      payload.forEach((k, v) -> {
        if (all ? !exclude.contains(k) : include.contains(k)) {
          out.put(k, v);
        }
      });
      return out;
    }
  }
}
