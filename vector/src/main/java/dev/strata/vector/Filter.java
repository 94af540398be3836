package dev.strata.vector;

import dev.strata.vector.internal.Checks;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A payload filter: every condition must hold (AND). A condition matches a payload field against one
 * value or any of several values (keyword, integer or boolean). Filters are immutable; {@link #and}
 * returns a new one.
 *
 * <pre>{@code
 * Filter f = Filter.keyword("kind", "draft").and(Filter.integer("year", 2026));
 * }</pre>
 */
public final class Filter {

  private static final Filter EMPTY = new Filter(List.of());

  /**
   * One condition: the field must equal one of {@code values} (all of one type: {@code String},
   * {@code Long} or {@code Boolean}).
   *
   * @param field payload field name
   * @param values the accepted values (at least one)
   */
  public record Match(String field, List<Object> values) {
    /** Checks the components. */
    public Match {
      Checks.fieldName(field, "field");
      values = List.copyOf(values);
      if (values.isEmpty()) {
        throw new IllegalArgumentException("values must not be empty (field " + field + ")");
      }
      Class<?> type = values.get(0).getClass();
      for (Object v : values) {
        if (!(v instanceof String || v instanceof Long || v instanceof Boolean) || v.getClass() != type) {
          throw new IllegalArgumentException("values must all be String, all Long or all Boolean (field " + field + "), was: " + values);
        }
        if (v instanceof String s) {
          Checks.wellFormed(s, "values of field " + field);
        }
      }
    }
  }

  private final List<Match> conditions;

  private Filter(List<Match> conditions) {
    this.conditions = List.copyOf(conditions);
  }

  /** The filter that matches everything. */
  public static Filter empty() {
    return EMPTY;
  }

  /** {@code field} (a keyword) equals {@code value}. */
  public static Filter keyword(String field, String value) {
    Objects.requireNonNull(value, "value");
    return new Filter(List.of(new Match(field, List.of(value))));
  }

  /** {@code field} (a keyword) equals any of {@code values}. */
  public static Filter anyKeyword(String field, List<String> values) {
    return new Filter(List.of(new Match(field, List.copyOf(Objects.requireNonNull(values, "values")))));
  }

  /** {@code field} (an integer) equals {@code value}. */
  public static Filter integer(String field, long value) {
    return new Filter(List.of(new Match(field, List.of(value))));
  }

  /** {@code field} (a boolean) equals {@code value}. */
  public static Filter bool(String field, boolean value) {
    return new Filter(List.of(new Match(field, List.of(value))));
  }

  /** This filter AND {@code other}. */
  public Filter and(Filter other) {
    Objects.requireNonNull(other, "other");
    if (other.conditions.isEmpty()) {
      return this;
    }
    List<Match> all = new ArrayList<>(conditions);
    all.addAll(other.conditions);
    return new Filter(all);
  }

  /** The conditions, all of which must hold. */
  public List<Match> conditions() {
    return conditions;
  }

  /** Whether this filter matches everything. */
  public boolean isEmpty() {
    return conditions.isEmpty();
  }

  /** Whether any condition is on {@code field}. */
  public boolean mentions(String field) {
    return conditions.stream().anyMatch(m -> m.field().equals(field));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Filter f && conditions.equals(f.conditions);
  }

  @Override
  public int hashCode() {
    return conditions.hashCode();
  }

  @Override
  public String toString() {
    return "Filter" + conditions;
  }
}
