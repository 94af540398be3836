package dev.strata.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.testkit.PostgresExtension;
import dev.strata.testkit.TestDatabase;
import java.time.Duration;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class RoutingJdbiIT {

  private static TestDatabase db;

  @BeforeAll
  static void schema(TestDatabase database) {
    db = database;
    org.jdbi.v3.core.Jdbi.create(db.dataSource()).useHandle(h ->
        h.execute("CREATE TABLE notes (id bigserial PRIMARY KEY, body text NOT NULL)"));
    db.server().awaitReplicaCatchUp(Duration.ofSeconds(30));
  }

  private static boolean onReplica(Handle h) {
    return h.createQuery("SELECT pg_is_in_recovery()").mapTo(Boolean.class).one();
  }

  @Test
  void withReadUsesTheReplicaAndWithWriteThePrimaryInATransaction() throws Exception {
    try (RouterFixture f = new RouterFixture(db, b -> {})) {
      RoutingJdbi jdbi = RoutingJdbi.create(f.router);
      assertTrue(jdbi.withRead(RoutingJdbiIT::onReplica));
      assertFalse(jdbi.withWrite(RoutingJdbiIT::onReplica));
      assertThrows(IllegalStateException.class, () -> jdbi.withWrite(h -> {
        h.execute("INSERT INTO notes (body) VALUES ('rolled back')");
        throw new IllegalStateException("boom");
      }));
      int rolledBack = jdbi.withWrite(h -> h.createQuery("SELECT count(*) FROM notes WHERE body = 'rolled back'")
          .mapTo(Integer.class).one());
      assertEquals(0, rolledBack);
      // with no scope, the plain Jdbi goes to the primary
      assertFalse(jdbi.jdbi().withHandle(RoutingJdbiIT::onReplica));
    }
  }

  @Test
  void aSessionReadsItsOwnWritesThroughJdbi() throws Exception {
    try (RouterFixture f = new RouterFixture(db, b -> b.readYourWritesWait(Duration.ZERO).maxLagTime(Duration.ofMinutes(10)))) {
      RoutingJdbi me = RoutingJdbi.create(f.router).forSession(f.router.session("user:7"));
      db.server().pauseReplay();
      try {
        for (int i = 0; i < 50; i++) {
          String body = "note " + i;
          long id = me.withWrite(h -> h.createUpdate("INSERT INTO notes (body) VALUES (:b)").bind("b", body)
              .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
          assertEquals(body, me.withRead(h -> h.createQuery("SELECT body FROM notes WHERE id = :id").bind("id", id)
              .mapTo(String.class).findOne().orElse(null)));
        }
        assertTrue(f.router.stats().fallbacks() >= 50, "the paused replica was skipped for the session's reads");
      } finally {
        db.server().resumeReplay();
      }
    }
  }
}
