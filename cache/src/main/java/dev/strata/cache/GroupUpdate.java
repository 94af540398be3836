package dev.strata.cache;

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * What {@link TieredCache#updateGroup} does to one key of the group: {@link #patch} its cached value
 * with a function of the old value, or {@link #keep} it as it is. Keys of the group that are not
 * listed are invalidated.
 *
 * <p><b>The promise a patch function makes.</b> It is a pure function of the old value and of the
 * rows the write added, and it is idempotent and order-independent: applying it twice, or applying
 * two writes' patches in either order, gives the same value, and the value a fresh load returns after
 * the write. Insert-by-id into a top-N list, then trim, is such a function: a concurrent refill that
 * already read the row, or a concurrent write's patch, can then never lose or duplicate a row. A
 * function that, say, increments a counter is not (a refill that already counted the row would count
 * it twice). Returning {@code null} drops the key (the next read reloads it). A function that throws
 * drops the key too (logged).
 *
 * @param <T> the value's type
 */
public final class GroupUpdate<T> {

  private static final GroupUpdate<Object> KEEP = new GroupUpdate<>(null, null);

  private final ValueType<T> type;
  private final UnaryOperator<T> function;

  private GroupUpdate(ValueType<T> type, UnaryOperator<T> function) {
    this.type = type;
    this.function = function;
  }

  /**
   * Replaces the cached value by {@code function} of it. A key with nothing cached (or a cached
   * absence) stays without a value: the next read loads it.
   *
   * @param type     the value's full type, as it was cached
   * @param function pure, idempotent, order-independent (see the class comment); null result: drop
   */
  public static <T> GroupUpdate<T> patch(ValueType<T> type, UnaryOperator<T> function) {
    return new GroupUpdate<>(Objects.requireNonNull(type, "type"), Objects.requireNonNull(function, "function"));
  }

  /** {@link #patch(ValueType, UnaryOperator)} for a plain class. */
  public static <T> GroupUpdate<T> patch(Class<T> type, UnaryOperator<T> function) {
    return patch(ValueType.of(Objects.requireNonNull(type, "type")), function);
  }

  /** Carries the cached value over unchanged (the write cannot have changed it). */
  public static GroupUpdate<Object> keep() {
    return KEEP;
  }

  /** Whether the value is carried over unchanged. */
  public boolean keeps() {
    return function == null;
  }

  /** The value's type; null for {@link #keep()}. */
  public ValueType<T> type() {
    return type;
  }

  /** The patch; null for {@link #keep()}. */
  public UnaryOperator<T> function() {
    return function;
  }

  @Override
  public String toString() {
    return keeps() ? "GroupUpdate[keep]" : "GroupUpdate[patch " + type + "]";
  }
}
