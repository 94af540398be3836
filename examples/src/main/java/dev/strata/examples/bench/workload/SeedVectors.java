package dev.strata.examples.bench.workload;

import static io.qdrant.client.PointIdFactory.id;
import static io.qdrant.client.QueryFactory.nearest;
import static io.qdrant.client.ValueFactory.value;
import static io.qdrant.client.VectorsFactory.vectors;
import static io.qdrant.client.WithPayloadSelectorFactory.enable;

import io.qdrant.client.QdrantClient;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Collections.VectorParams;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.QueryPoints;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The seed's vector layout: one Qdrant collection per venture ({@code <prefix>venture_<id>}), made
 * the first time the venture is written to or searched, searched through the raw client. Searches
 * are counted here (the emulator has no statistics API).
 */
final class SeedVectors {

  private final QdrantClient client;
  private final String prefix;
  private final int dimension;
  private final Set<String> made = ConcurrentHashMap.newKeySet();
  private final LongAdder searches = new LongAdder();

  SeedVectors(QdrantClient client, String prefix, int dimension) {
    this.client = client;
    this.prefix = prefix;
    this.dimension = dimension;
  }

  void upsert(long ventureId, long draftId, float[] vector) throws Exception {
    String name = collection(ventureId);
    client.upsertAsync(name, List.of(PointStruct.newBuilder().setId(id(draftId)).setVectors(vectors(vector))
        .putAllPayload(Map.of("draft_id", value(Long.toString(draftId)))).build())).get();
  }

  int search(long ventureId, float[] vector, int limit) throws Exception {
    String name = collection(ventureId);
    searches.increment();
    return client.queryAsync(QueryPoints.newBuilder().setCollectionName(name).setQuery(nearest(vector))
        .setLimit(limit).setWithPayload(enable(true)).build()).get().size();
  }

  long searches() {
    return searches.sum();
  }

  void reset() {
    searches.reset();
  }

  private String collection(long ventureId) throws Exception {
    String name = prefix + "venture_" + ventureId;
    if (!made.contains(name)) {
      synchronized (made) {
        if (!made.contains(name)) {
          if (!client.collectionExistsAsync(name).get()) {
            client.createCollectionAsync(name, VectorParams.newBuilder().setSize(dimension)
                .setDistance(Distance.Cosine).build()).get();
          }
          made.add(name);
        }
      }
    }
    return name;
  }
}
