package dev.strata.testkit.internal.qdrant;

import io.grpc.Status;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Common.Condition;
import io.qdrant.client.grpc.Common.FieldCondition;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Common.Match;
import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.Common.Range;
import io.qdrant.client.grpc.JsonWithInt.Value;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Filter evaluation and scoring with Qdrant's semantics, for the conditions Strata and the common
 * host stores (LangChain4j's, Spring AI's) send: must / should / must_not of nested filters, has_id,
 * and field conditions — match (keyword, integer, boolean, any-of, except, text as a substring) and
 * range (lt / gt / lte / gte on integer and floating values).
 * Anything else fails with UNIMPLEMENTED, so a test never passes against behaviour the emulator
 * does not have.
 */
final class Matching {

  private Matching() {}

  static String idKey(PointId id) {
    return switch (id.getPointIdOptionsCase()) {
      case UUID -> java.util.UUID.fromString(id.getUuid()).toString();
      case NUM -> Long.toUnsignedString(id.getNum());
      default -> throw Status.INVALID_ARGUMENT.withDescription("point id must be a number or a UUID").asRuntimeException();
    };
  }

  static PointId toId(String key) {
    return key.indexOf('-') >= 0 ? PointId.newBuilder().setUuid(key).build()
        : PointId.newBuilder().setNum(Long.parseUnsignedLong(key)).build();
  }

  /** Whether the point matches; {@link #check(Filter)} has accepted {@code filter} before. */
  static boolean matches(Filter filter, String id, Map<String, Value> payload) {
    for (Condition c : filter.getMustList()) {
      if (!matches(c, id, payload)) {
        return false;
      }
    }
    for (Condition c : filter.getMustNotList()) {
      if (matches(c, id, payload)) {
        return false;
      }
    }
    if (filter.getShouldCount() == 0) {
      return true;
    }
    for (Condition c : filter.getShouldList()) {
      if (matches(c, id, payload)) {
        return true;
      }
    }
    return false;
  }

  private static boolean matches(Condition c, String id, Map<String, Value> payload) {
    switch (c.getConditionOneOfCase()) {
      case FIELD:
        return matches(c.getField(), payload);
      case HAS_ID:
        return c.getHasId().getHasIdList().stream().anyMatch(p -> idKey(p).equals(id));
      case FILTER:
        return matches(c.getFilter(), id, payload);
      default:
        throw new IllegalStateException("checked before: " + c.getConditionOneOfCase());
    }
  }

  /**
   * Throws what {@link #matches(Filter, String, Map)} throws on any point for a condition it does not
   * emulate, before any point is looked at: a filter fails (or not) whatever the data, and whether the
   * candidates came from a payload index or a scan.
   */
  static void check(Filter filter) {
    if (filter.hasMinShould()) {
      throw Status.UNIMPLEMENTED.withDescription("testkit Qdrant: min_should is not emulated").asRuntimeException();
    }
    for (List<Condition> conditions : List.of(filter.getMustList(), filter.getMustNotList(), filter.getShouldList())) {
      for (Condition c : conditions) {
        switch (c.getConditionOneOfCase()) {
          case FIELD -> check(c.getField());
          case HAS_ID -> c.getHasId().getHasIdList().forEach(Matching::idKey);
          case FILTER -> check(c.getFilter());
          default -> throw Status.UNIMPLEMENTED.withDescription("testkit Qdrant: condition " + c.getConditionOneOfCase()
              + " is not emulated").asRuntimeException();
        }
      }
    }
  }

  private static final Set<Match.MatchValueCase> MATCHES = Set.of(Match.MatchValueCase.TEXT, Match.MatchValueCase.KEYWORD,
      Match.MatchValueCase.INTEGER, Match.MatchValueCase.BOOLEAN, Match.MatchValueCase.KEYWORDS, Match.MatchValueCase.INTEGERS,
      Match.MatchValueCase.EXCEPT_KEYWORDS, Match.MatchValueCase.EXCEPT_INTEGERS);

  private static void check(FieldCondition f) {
    Supported.only(f, "field condition on " + f.getKey(), Set.of("key", "match", "range"));
    if (f.hasMatch() == f.hasRange()) {
      throw Supported.unimplemented("a field condition needs exactly one of match and range; " + f.getKey() + " has "
          + (f.hasMatch() ? "both" : "neither"));
    }
    if (f.hasMatch() && !MATCHES.contains(f.getMatch().getMatchValueCase())) {
      throw Status.UNIMPLEMENTED.withDescription("testkit Qdrant: match " + f.getMatch().getMatchValueCase() + " is not emulated")
          .asRuntimeException();
    }
  }

  /** The values a payload entry holds for conditions: the elements of a list, else the value itself. */
  static List<Value> values(Value v) {
    return v.hasListValue() ? v.getListValue().getValuesList() : List.of(v);
  }

  private static boolean matches(FieldCondition f, Map<String, Value> payload) {
    Value v = payload.get(f.getKey());
    if (v == null) {
      return false;
    }
    List<Value> values = values(v);
    if (f.hasRange()) {
      return values.stream().anyMatch(x -> inRange(f.getRange(), x));
    }
    Match m = f.getMatch();
    switch (m.getMatchValueCase()) {
      case TEXT:
        // without a full-text index (the emulator creates none) Qdrant matches text as a substring
        return values.stream().anyMatch(x -> x.hasStringValue() && x.getStringValue().contains(m.getText()));
      case KEYWORD:
        return values.stream().anyMatch(x -> x.hasStringValue() && x.getStringValue().equals(m.getKeyword()));
      case INTEGER:
        return values.stream().anyMatch(x -> x.hasIntegerValue() && x.getIntegerValue() == m.getInteger());
      case BOOLEAN:
        return values.stream().anyMatch(x -> x.hasBoolValue() && x.getBoolValue() == m.getBoolean());
      case KEYWORDS:
        return values.stream().anyMatch(x -> x.hasStringValue() && m.getKeywords().getStringsList().contains(x.getStringValue()));
      case INTEGERS:
        return values.stream().anyMatch(x -> x.hasIntegerValue() && m.getIntegers().getIntegersList().contains(x.getIntegerValue()));
      case EXCEPT_KEYWORDS:
        return values.stream().noneMatch(x -> x.hasStringValue() && m.getExceptKeywords().getStringsList().contains(x.getStringValue()));
      case EXCEPT_INTEGERS:
        return values.stream().noneMatch(x -> x.hasIntegerValue() && m.getExceptIntegers().getIntegersList().contains(x.getIntegerValue()));
      default:
        throw new IllegalStateException("checked before: " + m.getMatchValueCase());
    }
  }

  /** Qdrant's range condition: numeric values (integer or floating) within every bound given. */
  private static boolean inRange(Range r, Value x) {
    double d;
    if (x.hasIntegerValue()) {
      d = x.getIntegerValue();
    } else if (x.hasDoubleValue()) {
      d = x.getDoubleValue();
    } else {
      return false;
    }
    return (!r.hasLt() || d < r.getLt()) && (!r.hasGt() || d > r.getGt())
        && (!r.hasLte() || d <= r.getLte()) && (!r.hasGte() || d >= r.getGte());
  }

  static float[] prepare(Distance distance, List<Float> data) {
    float[] v = new float[data.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = data.get(i);
    }
    if (distance != Distance.Cosine) {
      return v;
    }
    double sum = 0;
    for (float x : v) {
      sum += (double) x * x;
    }
    if (sum > 0) {
      float norm = (float) Math.sqrt(sum);
      for (int i = 0; i < v.length; i++) {
        v[i] /= norm;
      }
    }
    return v;
  }

  static float score(Distance distance, float[] a, float[] b) {
    switch (distance) {
      case Cosine:
      case Dot: {
        float s = 0;
        for (int i = 0; i < a.length; i++) {
          s += a[i] * b[i];
        }
        return s;
      }
      case Euclid: {
        float s = 0;
        for (int i = 0; i < a.length; i++) {
          float d = a[i] - b[i];
          s += d * d;
        }
        return (float) Math.sqrt(s);
      }
      default:
        throw Status.UNIMPLEMENTED.withDescription("testkit Qdrant: distance " + distance + " is not emulated").asRuntimeException();
    }
  }
}
