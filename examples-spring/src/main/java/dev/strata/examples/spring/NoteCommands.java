package dev.strata.examples.spring;

import java.util.Objects;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The write side: read-write transactions, on the primary. */
@Service
public class NoteCommands {

  /** The longest note accepted, in characters. */
  public static final int MAX_BODY = 2000;

  private final JdbcTemplate jdbc;

  /** Over the auto-configured JdbcTemplate (whose DataSource is the router). */
  public NoteCommands(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Adds a note and evicts the owner's dashboard. The eviction is registered with the transaction and
   * runs after the commit (never on rollback), so no reader can cache the old dashboard again
   * between the eviction and the commit.
   *
   * @return the new note's id
   */
  @Transactional
  @CacheEvict(cacheNames = "dashboards", key = "#owner")
  public long add(String owner, String body) {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(body, "body");
    if (owner.isBlank() || body.isBlank() || body.length() > MAX_BODY) {
      throw new IllegalArgumentException("owner and body must not be blank and body must be at most " + MAX_BODY
          + " characters, was: owner '" + owner + "', body of " + body.length() + " characters");
    }
    return jdbc.queryForObject("INSERT INTO note (owner, body) VALUES (?, ?) RETURNING id", Long.class, owner, body);
  }
}
