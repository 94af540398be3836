package dev.strata.routing;

import static dev.strata.testkit.BadInputTable.accepts;
import static dev.strata.testkit.BadInputTable.fails;
import static dev.strata.testkit.BadInputTable.printable;

import dev.strata.testkit.BadInputTable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Bad input over strata-routing's public entry points, one table: each row must fail with the type
 * given and a message naming the argument, before a connection is asked for (the data sources here
 * count every call; the router built for the session rows has no replica, so nothing checks in the
 * background). Durations are checked against overflow as well as sign.
 */
class RoutingBadInputTest {

  private static final Duration OVERFLOW = Duration.ofSeconds(Long.MAX_VALUE);
  private static final String[] ODD_NAMES = {"", " ", "a:b", "a*b", "a?b", "a[b]", "a{b}", "a'b", "a\"b", "a\r\nb",
      "a\u0000b", "a\uD800b", "x'); DROP TABLE t; --", "n".repeat(65)};

  private final AtomicInteger touched = new AtomicInteger();
  private final DataSource dataSource = BadInputTable.untouchable(DataSource.class, touched);
  private RoutingDataSource router;

  @AfterEach
  void close() {
    if (router != null) {
      router.close();
    }
  }

  private List<BadInputTable.Row> rows() {
    router = RoutingDataSource.create(RoutingConfig.builder().name("bad-input").primary(dataSource).build());
    List<BadInputTable.Row> r = new ArrayList<>();
    r.add(fails("name null", NullPointerException.class, () -> RoutingConfig.builder().name(null), "name"));
    for (String n : ODD_NAMES) {
      r.add(fails("name " + printable(n), IllegalArgumentException.class, () -> RoutingConfig.builder().name(n), "name"));
      r.add(fails("replica name " + printable(n), IllegalArgumentException.class,
          () -> RoutingConfig.builder().replica(n, dataSource), "replica name"));
    }
    r.add(fails("replica name 'primary'", IllegalArgumentException.class,
        () -> RoutingConfig.builder().replica("primary", dataSource), "primary"));
    r.add(fails("replica null data source", NullPointerException.class, () -> RoutingConfig.builder().replica("r", null), "replica"));
    r.add(fails("primary null", NullPointerException.class, () -> RoutingConfig.builder().primary(null), "primary"));
    r.add(fails("no primary", IllegalStateException.class, () -> RoutingConfig.builder().build(), "primary"));
    for (long b : new long[] {0, -1, Long.MIN_VALUE}) {
      r.add(fails("maxLagBytes " + b, IllegalArgumentException.class, () -> RoutingConfig.builder().maxLagBytes(b), "maxLagBytes"));
    }
    for (Duration d : new Duration[] {Duration.ZERO, Duration.ofMillis(-1), OVERFLOW}) {
      r.add(fails("maxLagTime " + d, IllegalArgumentException.class, () -> RoutingConfig.builder().maxLagTime(d), "maxLagTime"));
      r.add(fails("checkInterval " + d, IllegalArgumentException.class, () -> RoutingConfig.builder().checkInterval(d), "checkInterval"));
      r.add(fails("checkTimeout " + d, IllegalArgumentException.class, () -> RoutingConfig.builder().checkTimeout(d), "checkTimeout"));
    }
    for (Duration d : new Duration[] {Duration.ofMillis(-1), OVERFLOW}) {
      r.add(fails("readYourWritesWait " + d, IllegalArgumentException.class,
          () -> RoutingConfig.builder().readYourWritesWait(d), "readYourWritesWait"));
      r.add(fails("primaryOutageReadWait " + d, IllegalArgumentException.class,
          () -> RoutingConfig.builder().primaryOutageReadWait(d), "primaryOutageReadWait"));
      r.add(fails("replicaReadTimeout " + d, IllegalArgumentException.class,
          () -> RoutingConfig.builder().replicaReadTimeout(d), "replicaReadTimeout"));
    }
    r.add(fails("maxLagTime null", NullPointerException.class, () -> RoutingConfig.builder().maxLagTime(null), "maxLagTime"));
    for (int n : new int[] {0, -1, Integer.MIN_VALUE}) {
      r.add(fails("maxSessions " + n, IllegalArgumentException.class, () -> RoutingConfig.builder().maxSessions(n), "maxSessions"));
    }
    // session keys: any text is a map key, never SQL; blank and oversized ones are refused
    r.add(fails("session key null", NullPointerException.class, () -> router.session(null), "key"));
    for (String k : new String[] {"", " ", "\r\n"}) {
      r.add(fails("session key " + printable(k), IllegalArgumentException.class, () -> router.session(k), "key"));
    }
    r.add(fails("session key oversized", IllegalArgumentException.class, () -> router.session("k".repeat(10_000)), "key", "1000"));
    for (String k : new String[] {"user:1", "a*b?c[d]{e}", "x'); DROP TABLE t; --", "\uD83D\uDE80"}) {
      r.add(accepts("session key " + printable(k) + " accepted", () -> router.session(k)));
    }
    // tokens: malformed and foreign positions
    r.add(fails("token null", NullPointerException.class, () -> ConsistencyToken.parse(null), "lsn"));
    for (String t : new String[] {"", "/", "0/", "/0", "G/0", "0/G", "1/2/3", "-1/0", "100000000/0", "0/100000000",
        "0/0\u0000", "x'); DROP TABLE t; --", "16/B374D848 ", "user:42"}) {
      r.add(fails("token " + printable(t), IllegalArgumentException.class, () -> ConsistencyToken.parse(t), "lsn"));
    }
    r.add(fails("advance null", NullPointerException.class, () -> router.session().advance(null), "token"));
    return r;
  }

  @TestFactory
  Stream<DynamicTest> everyRow_failsNamingTheArgument_beforeAnyConnection() {
    return BadInputTable.tests(rows(), touched, "a connection was asked for", row -> { });
  }
}
