package dev.strata.testkit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.Executable;

/**
 * A table-driven bad-input test: rows of calls that must fail with a given exception whose message
 * names the argument (or must be accepted), each checked to have touched nothing — a counter of the
 * resources the call could have reached (a data source or connection from {@link #untouchable}) stays
 * at zero, plus whatever further check the test adds.
 *
 * <pre>{@code
 * AtomicInteger touched = new AtomicInteger();
 * DataSource ds = BadInputTable.untouchable(DataSource.class, touched);
 * List<Row> rows = List.of(BadInputTable.fails("pool size 0", IllegalArgumentException.class, () -> ..., "maxPoolSize"));
 * return BadInputTable.tests(rows, touched, "the database was reached", row -> { });
 * }</pre>
 */
public final class BadInputTable {

  private BadInputTable() {}

  /**
   * One call and its expected outcome.
   *
   * @param type     the exception it must throw, or null when it must be accepted
   * @param mentions what the exception's message must contain (the argument's name, the rule)
   */
  public record Row(String what, Class<? extends Throwable> type, List<String> mentions, Executable call) {
    public Row {
      Objects.requireNonNull(what, "what");
      Objects.requireNonNull(mentions, "mentions");
      Objects.requireNonNull(call, "call");
    }
  }

  /** A call that must throw {@code type} with a message containing every one of {@code mentions}. */
  public static Row fails(String what, Class<? extends Throwable> type, Executable call, String... mentions) {
    return new Row(what, Objects.requireNonNull(type, "type"), Arrays.asList(mentions), call);
  }

  /** A call that must be accepted (an odd but valid input). */
  public static Row accepts(String what, Executable call) {
    return new Row(what, null, List.of(), call);
  }

  /** {@code s} quoted for a test name: NUL, CR and LF visible, long strings cut with their length. */
  public static String printable(String s) {
    String t = s.length() > 20 ? s.substring(0, 20) + "...(" + s.length() + ")" : s;
    return "'" + t.replace("\u0000", "\\0").replace("\r", "\\r").replace("\n", "\\n") + "'";
  }

  /**
   * An {@code iface} (a {@code DataSource}, a {@code Connection}) whose every method except
   * {@code toString} counts in {@code touched} and fails: handed to the code under test, it proves
   * that a rejected call reached nothing.
   */
  public static <T> T untouchable(Class<T> iface, AtomicInteger touched) {
    return iface.cast(Proxy.newProxyInstance(iface.getClassLoader(), new Class<?>[] {iface}, (p, m, a) -> {
      if (m.getName().equals("toString")) {
        return "untouchable " + iface.getSimpleName();
      }
      touched.incrementAndGet();
      throw new AssertionError("the " + iface.getSimpleName() + " was used: " + m.getName());
    }));
  }

  /** A further check run after each row (e.g. that a cache is still empty). */
  @FunctionalInterface
  public interface After {
    void check(Row row) throws Throwable;
  }

  /**
   * One dynamic test per row: the call fails as the row says (or is accepted), and afterwards
   * {@code touched} is still 0 ({@code reached} is the failure message) and {@code after} holds.
   */
  public static Stream<DynamicTest> tests(List<Row> rows, AtomicInteger touched, String reached, After after) {
    return rows.stream().map(row -> DynamicTest.dynamicTest(row.what(), () -> {
      touched.set(0);
      if (row.type() == null) {
        assertDoesNotThrow(row.call(), row.what());
      } else {
        Throwable t = assertThrows(row.type(), row.call(), row.what());
        for (String m : row.mentions()) {
          assertTrue(t.getMessage() != null && t.getMessage().contains(m),
              row.what() + ": the message should mention '" + m + "': " + t.getMessage());
        }
      }
      assertEquals(0, touched.get(), row.what() + ": " + reached);
      after.check(row);
    }));
  }
}
