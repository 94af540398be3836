package dev.strata.examples.spring;

import java.util.List;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The read side. Every method is a read-only transaction, so the router sends it to a replica (the
 * connection is marked read-only before its first statement); within a user's session it waits for
 * the replica to replay the user's own writes, or reads the primary.
 */
@Service
@Transactional(readOnly = true)
public class NoteQueries {

  private final JdbcTemplate jdbc;

  /** Over the auto-configured JdbcTemplate (whose DataSource is the router). */
  public NoteQueries(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** The user's notes, newest first. */
  public List<Note> notes(String owner) {
    return jdbc.query("SELECT id, owner, body FROM note WHERE owner = ? ORDER BY id DESC",
        (rs, i) -> new Note(rs.getLong(1), rs.getString(2), rs.getString(3)), owner);
  }

  /**
   * The user's dashboard, cached per user until {@link NoteCommands#add} evicts it (after its commit)
   * or its TTL ({@code strata.cache.spring.caches.dashboards.ttl}) ends. {@code sync}: concurrent
   * misses of one user's dashboard share one load.
   */
  @Cacheable(cacheNames = "dashboards", key = "#owner", sync = true)
  public Dashboard dashboard(String owner) {
    Long count = jdbc.queryForObject("SELECT count(*) FROM note WHERE owner = ?", Long.class, owner);
    List<String> latest = jdbc.queryForList("SELECT body FROM note WHERE owner = ? ORDER BY id DESC LIMIT 5",
        String.class, owner);
    Boolean standby = jdbc.queryForObject("SELECT pg_is_in_recovery()", Boolean.class);
    return new Dashboard(owner, count == null ? 0 : count, latest, Boolean.TRUE.equals(standby));
  }
}
