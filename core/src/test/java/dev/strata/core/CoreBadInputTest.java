package dev.strata.core;

import static dev.strata.testkit.BadInputTable.accepts;
import static dev.strata.testkit.BadInputTable.fails;
import static dev.strata.testkit.BadInputTable.printable;

import dev.strata.testkit.BadInputTable;

import dev.strata.core.content.NewContent;
import dev.strata.core.context.ContextQueries;
import dev.strata.core.dataset.DatasetGenerator;
import dev.strata.core.events.CalendarWrites;
import dev.strata.core.outbox.Outbox;
import dev.strata.core.outbox.OutboxMessage;
import dev.strata.core.pool.PoolSettings;
import java.sql.Connection;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Bad input over strata-core's public entry points, one table: each row is a call that must fail
 * with the exception type given, its message naming the argument (and the rule), before anything
 * reaches the database — the data source and connection here count every call made on them, and
 * every row asserts none was. Rows marked "accepted" are input that is odd but valid (SQL and glob
 * metacharacters, quotes, line breaks in a text): stored verbatim through bind parameters, never as
 * SQL text.
 */
class CoreBadInputTest {

  private static final OffsetDateTime AT = OffsetDateTime.of(2026, 7, 1, 9, 0, 0, 0, ZoneOffset.UTC);
  private static final String NUL = "a\u0000b";
  private static final String LONE_SURROGATE = "a\uD800b";
  private static final String SQL = "x'); DROP TABLE content_drafts; --";
  private static final String GLOB = "a*b?c[d]{e}:f\"g'h\r\ni";

  private final AtomicInteger touched = new AtomicInteger();
  private final Connection connection = BadInputTable.untouchable(Connection.class, touched);
  private final DataSource dataSource = BadInputTable.untouchable(DataSource.class, touched);

  private static NewContent content(long venture, String title, String body) {
    return new NewContent(venture, title, body, AT, List.of());
  }

  private List<BadInputTable.Row> rows() {
    ContextQueries context = ContextQueries.of(Jdbi.create(dataSource));
    Outbox outbox = Outbox.builder(dataSource).build();
    List<BadInputTable.Row> r = new ArrayList<>();
    // content: ids, nulls, blanks, texts a database or an embedding model cannot take
    for (long id : new long[] {0, -1, Long.MIN_VALUE}) {
      r.add(fails("NewContent ventureId " + id, IllegalArgumentException.class, () -> content(id, "t", "b"), "ventureId", "positive"));
      r.add(fails("NewContent assetIds [" + id + "]", IllegalArgumentException.class,
          () -> new NewContent(1, "t", "b", AT, List.of(id)), "assetIds[0]"));
    }
    r.add(fails("NewContent null title", NullPointerException.class, () -> content(1, null, "b"), "title"));
    r.add(fails("NewContent null body", NullPointerException.class, () -> content(1, "t", null), "body"));
    r.add(fails("NewContent null publishAt", NullPointerException.class, () -> new NewContent(1, "t", "b", null, List.of()), "publishAt"));
    r.add(fails("NewContent null assetIds", NullPointerException.class, () -> new NewContent(1, "t", "b", AT, null), "assetIds"));
    r.add(fails("NewContent null asset id", NullPointerException.class,
        () -> new NewContent(1, "t", "b", AT, Arrays.asList(1L, null)), "assetIds[1]"));
    for (String blank : new String[] {"", " ", "\t\r\n"}) {
      r.add(fails("NewContent blank title", IllegalArgumentException.class, () -> content(1, blank, "b"), "title", "blank"));
      r.add(fails("NewContent blank body", IllegalArgumentException.class, () -> content(1, "t", blank), "body", "blank"));
    }
    r.add(fails("NewContent title with NUL", IllegalArgumentException.class, () -> content(1, NUL, "b"), "title", "NUL"));
    r.add(fails("NewContent body with NUL", IllegalArgumentException.class, () -> content(1, "t", NUL), "body", "NUL"));
    r.add(fails("NewContent title with an unpaired surrogate", IllegalArgumentException.class,
        () -> content(1, LONE_SURROGATE, "b"), "title", "surrogate"));
    r.add(fails("NewContent body with an unpaired surrogate", IllegalArgumentException.class,
        () -> content(1, "t", LONE_SURROGATE), "body", "surrogate"));
    r.add(fails("NewContent oversized title", IllegalArgumentException.class,
        () -> content(1, "t".repeat(NewContent.MAX_TITLE_LENGTH + 1), "b"), "title", String.valueOf(NewContent.MAX_TITLE_LENGTH)));
    r.add(fails("NewContent oversized body", IllegalArgumentException.class,
        () -> content(1, "t", "b".repeat(NewContent.MAX_BODY_LENGTH + 1)), "body", String.valueOf(NewContent.MAX_BODY_LENGTH)));
    r.add(accepts("NewContent SQL and glob metacharacters, quotes, CR/LF", () -> content(1, SQL + GLOB, GLOB + SQL)));
    r.add(accepts("NewContent title at its limit, emoji (paired surrogates)",
        () -> content(1, "t".repeat(NewContent.MAX_TITLE_LENGTH), "\uD83D\uDE80 launch")));
    // context listings: ids, page sizes, malformed and foreign cursors
    r.add(fails("sharedAssets ventureId 0", IllegalArgumentException.class, () -> context.sharedAssets(0, null, 10), "ventureId"));
    r.add(fails("unreadNotifications userId -1", IllegalArgumentException.class, () -> context.unreadNotifications(-1, null, 10), "userId"));
    r.add(fails("calendarEvents ventureId MIN", IllegalArgumentException.class,
        () -> context.calendarEvents(Long.MIN_VALUE, null, 10), "ventureId"));
    r.add(fails("unreadCount userId 0", IllegalArgumentException.class, () -> context.unreadCount(0), "userId"));
    for (int size : new int[] {0, -1, Integer.MIN_VALUE, ContextQueries.MAX_PAGE_SIZE + 1, Integer.MAX_VALUE}) {
      r.add(fails("sharedAssets pageSize " + size, IllegalArgumentException.class, () -> context.sharedAssets(1, null, size), "pageSize"));
    }
    for (String cursor : new String[] {"", "not-a-cursor", "%%%", SQL, GLOB, NUL, LONE_SURROGATE, "x".repeat(100_000)}) {
      r.add(fails("sharedAssets cursor " + printable(cursor), IllegalArgumentException.class,
          () -> context.sharedAssets(1, cursor, 10), "cursor"));
    }
    // outbox: topics and payloads
    r.add(fails("Outbox.enqueue null connection", NullPointerException.class, () -> outbox.enqueue((Connection) null, "t", "{}"), "connection"));
    for (String topic : new String[] {"", " ", "t".repeat(10_000), NUL}) {
      r.add(fails("Outbox.enqueue topic " + printable(topic), IllegalArgumentException.class,
          () -> outbox.enqueue(connection, topic, "{}"), "topic"));
    }
    r.add(fails("Outbox.enqueue null payload", NullPointerException.class, () -> outbox.enqueue(connection, "t", null), "payload"));
    r.add(fails("Outbox.enqueue payload with NUL", IllegalArgumentException.class,
        () -> outbox.enqueue(connection, "t", NUL), "payload", "NUL"));
    r.add(fails("Outbox.claim max 0", IllegalArgumentException.class, () -> outbox.claim("t", 0, Duration.ofSeconds(1)), "max"));
    r.add(fails("Outbox.claim max huge", IllegalArgumentException.class,
        () -> outbox.claim("t", Integer.MAX_VALUE, Duration.ofSeconds(1)), "max"));
    r.add(fails("Outbox.claim negative lease", IllegalArgumentException.class, () -> outbox.claim("t", 1, Duration.ofSeconds(-1)), "lease"));
    r.add(fails("Outbox.claim overflowing lease", IllegalArgumentException.class,
        () -> outbox.claim("t", 1, Duration.ofSeconds(Long.MAX_VALUE)), "lease"));
    r.add(fails("Outbox.complete null list", NullPointerException.class, () -> outbox.complete((List<OutboxMessage>) null),
        "messages"));
    r.add(fails("Outbox.complete null element", NullPointerException.class,
        () -> outbox.complete(Arrays.asList((OutboxMessage) null)), "messages[0]"));
    r.add(fails("CalendarWrites.createCtes bad name", IllegalArgumentException.class,
        () -> CalendarWrites.createCtes("e; DROP TABLE x", "VALUES (1)"), "name"));
    r.add(fails("Outbox.builder negative backoff", IllegalArgumentException.class,
        () -> Outbox.builder(dataSource).initialBackoff(Duration.ofMillis(-1)), "initialBackoff"));
    r.add(fails("Outbox.builder overflowing backoff", IllegalArgumentException.class,
        () -> Outbox.builder(dataSource).maxBackoff(Duration.ofSeconds(Long.MAX_VALUE)), "maxBackoff"));
    // pools
    r.add(fails("PoolSettings null jdbcUrl", NullPointerException.class, () -> PoolSettings.builder().jdbcUrl(null), "jdbcUrl"));
    r.add(fails("PoolSettings blank jdbcUrl", IllegalArgumentException.class, () -> PoolSettings.builder().jdbcUrl(" "), "jdbcUrl"));
    for (int n : new int[] {0, -1, Integer.MIN_VALUE}) {
      r.add(fails("PoolSettings maxPoolSize " + n, IllegalArgumentException.class, () -> PoolSettings.builder().maxPoolSize(n), "maxPoolSize"));
    }
    r.add(fails("PoolSettings minIdle -1", IllegalArgumentException.class, () -> PoolSettings.builder().minIdle(-1), "minIdle"));
    for (Duration d : new Duration[] {Duration.ZERO, Duration.ofMillis(-1), Duration.ofSeconds(Long.MAX_VALUE)}) {
      r.add(fails("PoolSettings connectionTimeout " + d, IllegalArgumentException.class,
          () -> PoolSettings.builder().connectionTimeout(d), "connectionTimeout"));
    }
    r.add(fails("PoolSettings maxLifetime overflow", IllegalArgumentException.class,
        () -> PoolSettings.builder().maxLifetime(Duration.ofSeconds(Long.MAX_VALUE)), "maxLifetime"));
    r.add(fails("PoolSettings idleTimeout negative", IllegalArgumentException.class,
        () -> PoolSettings.builder().idleTimeout(Duration.ofMillis(-5)), "idleTimeout"));
    // the dataset generator
    for (int n : new int[] {0, -1}) {
      r.add(fails("DatasetGenerator users " + n, IllegalArgumentException.class, () -> DatasetGenerator.builder().users(n), "users"));
    }
    return r;
  }

  @TestFactory
  Stream<DynamicTest> everyRow_failsNamingTheArgument_beforeTouchingTheDatabase() {
    return BadInputTable.tests(rows(), touched, "the database was reached", row -> { });
  }
}
