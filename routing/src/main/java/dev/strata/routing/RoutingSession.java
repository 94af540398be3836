package dev.strata.routing;

import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Read-your-writes for one caller. Every write through the session records the primary's WAL
 * position in the session's {@link ConsistencyToken}; every read through it uses only a replica that
 * has replayed past that position (waiting up to {@link RoutingConfig#readYourWritesWait()}), or
 * else the primary. A keyed session ({@link RoutingDataSource#session(String)}, e.g. keyed by user
 * id) keeps its token in the router across requests; an unkeyed one ({@link RoutingDataSource#session()})
 * lives as long as the object.
 *
 * <pre>{@code
 * RoutingSession me = router.session("user:" + userId);
 * me.write(c -> insertDraft(c, draft));
 * Dashboard d = me.read(c -> loadDashboard(c, userId));   // sees the draft
 * }</pre>
 */
public final class RoutingSession {

  private final RoutingDataSource router;
  private final String key;
  private final AtomicReference<ConsistencyToken> token = new AtomicReference<>();

  /** Longest session key: keys are kept in memory for up to {@code maxSessions} sessions. */
  public static final int MAX_KEY_LENGTH = 1000;

  RoutingSession(RoutingDataSource router, String key) {
    if (key != null && key.length() > MAX_KEY_LENGTH) {
      throw new IllegalArgumentException("key must be at most " + MAX_KEY_LENGTH + " characters, was: " + key.length());
    }
    this.router = router;
    this.key = key;
  }

  /** The session key, empty for an unkeyed session. */
  public Optional<String> key() {
    return Optional.ofNullable(key);
  }

  /** The latest write's position this session must see, if it wrote anything (or was given a token). */
  public Optional<ConsistencyToken> token() {
    return Optional.ofNullable(currentToken());
  }

  ConsistencyToken currentToken() {
    return key == null ? token.get() : router.sessions().get(key);
  }

  /**
   * Raises the session's token to {@code other} if that is later, e.g. a token carried in from a
   * cookie or from another service.
   */
  public void advance(ConsistencyToken other) {
    java.util.Objects.requireNonNull(other, "token");
    if (key == null) {
      token.accumulateAndGet(other, (a, b) -> b.max(a));
    } else {
      router.sessions().advance(key, other);
    }
  }

  /** A read that sees this session's writes; see {@link RoutingDataSource#read(SqlWork)}. */
  public <T> T read(SqlWork<T> work) throws SQLException {
    return router.read(this, work);
  }

  /** A write transaction on the primary that advances this session's token after it commits. */
  public <T> T write(SqlWork<T> work) throws SQLException {
    return router.write(this, work);
  }

  /** A read scope (see {@link RoutingScope}) honouring this session's token. */
  public RoutingScope readScope() {
    return RoutingScope.open(router, RoutingScope.Kind.READ, this);
  }

  /**
   * A write scope: connections go to the primary, and when each is closed the session's token is
   * advanced to the end of the primary's WAL, {@link ConsistencyToken#current} (one extra query per connection).
   */
  public RoutingScope writeScope() {
    return RoutingScope.open(router, RoutingScope.Kind.WRITE, this);
  }

  /**
   * A scope in which each connection from {@link RoutingDataSource#getConnection()} decides at its
   * first statement: read-only ({@code setReadOnly(true)}, as Spring's
   * {@code @Transactional(readOnly = true)} sets it) goes to a replica that has replayed this
   * session's writes (else the primary); anything else goes to the primary and, when the connection
   * is closed, advances the session's token (one extra query per such connection). For code that
   * cannot know up front whether it reads or writes, e.g. one scope per web request.
   */
  public RoutingScope scope() {
    return RoutingScope.open(router, RoutingScope.Kind.SESSION, this);
  }

  @Override
  public String toString() {
    return "RoutingSession[" + (key == null ? "unkeyed" : key) + ", token=" + currentToken() + "]";
  }
}
