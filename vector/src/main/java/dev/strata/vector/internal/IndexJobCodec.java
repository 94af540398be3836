package dev.strata.vector.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.vector.IndexJob;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@link IndexJob} as the JSON text stored in the outbox (version 1). */
public final class IndexJobCodec {

  private static final ObjectMapper JSON = new ObjectMapper();

  private IndexJobCodec() {}

  public static String encode(IndexJob job) {
    ObjectNode n = JSON.createObjectNode();
    n.put("v", 1);
    n.put("venture", job.ventureId());
    n.put("collection", job.collection());
    n.put("key", job.key());
    n.put("text", job.text());
    ObjectNode p = n.putObject("payload");
    job.payload().forEach((k, v) -> {
      if (v instanceof String s) {
        p.put(k, s);
      } else if (v instanceof Long l) {
        p.put(k, l);
      } else if (v instanceof Double d) {
        p.put(k, d);
      } else {
        p.put(k, (Boolean) v);
      }
    });
    try {
      return JSON.writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode index job", e);
    }
  }

  /** The job, or IllegalArgumentException when the text is not a valid version-1 job. */
  public static IndexJob decode(String text) {
    JsonNode n;
    try {
      n = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("index job is not JSON: " + e.getOriginalMessage(), e);
    }
    if (n == null || n.path("v").asInt() != 1) {
      throw new IllegalArgumentException("index job must be a version 1 object");
    }
    Map<String, Object> payload = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : n.path("payload").properties()) {
      JsonNode v = e.getValue();
      payload.put(e.getKey(), v.isTextual() ? v.asText() : v.isIntegralNumber() ? (Object) v.asLong()
          : v.isNumber() ? (Object) v.asDouble() : v.isBoolean() ? (Object) v.asBoolean() : v.toString());
    }
    return new IndexJob(n.path("venture").asText(null), n.path("collection").asText(null), n.path("text").asText(null),
        n.path("key").asText(null), payload);
  }
}
