package dev.strata.core.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.strata.testkit.LogCapture;
import dev.strata.testkit.PasswordRole;
import dev.strata.testkit.PostgresExtension;
import dev.strata.testkit.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A role that must give its password (SCRAM-SHA-256): pools connect with it, and never print it. */
@ExtendWith(PostgresExtension.class)
class PasswordAuthIT {

  private static final String WRONG = "wr0ng-pg-password-never-valid";
  private static PasswordRole role;

  @BeforeAll
  static void role(TestDatabase db) {
    role = PasswordRole.create(db, false);
  }

  private static String currentUser(HikariDataSource pool) throws SQLException {
    try (Connection c = pool.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT current_user")) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static PoolSettings.Builder settings(String url) {
    return PoolSettings.builder().jdbcUrl(url).poolName("pw-pool").maxPoolSize(2).minIdle(0);
  }

  @Test
  void passwordFromTheSettings_connectsAsTheRole_andIsInNoLogLine() throws SQLException {
    try (LogCapture logs = LogCapture.start();
        HikariDataSource pool = StrataPools.create(settings(role.jdbcUrl()).password(role.password()).build())) {
      assertEquals(role.name(), currentUser(pool));
      assertTrue(logs.text().contains("password=****"), "the pool's log line shows the password masked");
      logs.assertNoneOf(role.password());
    }
  }

  @Test
  void passwordInTheUrl_connects_andTheLogLineMasksIt() throws SQLException {
    PoolSettings s = settings(role.jdbcUrl() + "&password=" + role.password()).build();
    LogCapture.assertAbsent("PoolSettings.toString()", s.toString(), role.password());
    try (LogCapture logs = LogCapture.start(); HikariDataSource pool = StrataPools.create(s)) {
      assertEquals(role.name(), currentUser(pool));
      logs.assertNoneOf(role.password());
    }
  }

  @Test
  void wrongPassword_failsPoolCreationWithPostgresReason_andIsPrintedNowhere() {
    try (LogCapture logs = LogCapture.start()) {
      RuntimeException e = assertThrows(RuntimeException.class,
          () -> StrataPools.create(settings(role.jdbcUrl()).password(WRONG).build()).close());
      assertTrue(stackTrace(e).contains("password authentication failed for user \"" + role.name() + "\""), e.toString());
      LogCapture.assertAbsent("exception", stackTrace(e), WRONG, role.password());
      logs.assertNoneOf(WRONG, role.password());
    }
  }

  @Test
  void wrongPasswordInTheUrl_isPrintedNowhere() {
    try (LogCapture logs = LogCapture.start()) {
      RuntimeException e = assertThrows(RuntimeException.class,
          () -> StrataPools.create(settings(role.jdbcUrl() + "&password=" + WRONG).build()).close());
      LogCapture.assertAbsent("exception", stackTrace(e), WRONG);
      logs.assertNoneOf(WRONG);
    }
  }

  @Test
  void aUrlThePgjdbcDriverRejects_withAPasswordInIt_isPrintedNowhere() {
    try (LogCapture logs = LogCapture.start()) {
      RuntimeException e = assertThrows(RuntimeException.class, () -> StrataPools.create(
          settings("jdbc:postgresql://localhost:notaport/db?user=u&password=" + WRONG).build()).close());
      LogCapture.assertAbsent("exception", stackTrace(e), WRONG);
      logs.assertNoneOf(WRONG);
    }
  }

  @Test
  void noPassword_isRefusedByTheServer() {
    RuntimeException e = assertThrows(RuntimeException.class, () -> StrataPools.create(settings(role.jdbcUrl()).build()).close());
    assertTrue(stackTrace(e).contains("28P01") || stackTrace(e).contains("no password was provided"), stackTrace(e));
  }

  @Test
  void sslmodeRequire_inTheUrl_reachesPgjdbc_whichThisNonTlsServerRefuses() {
    // no certificates here: what can be shown is that pgjdbc receives sslmode and insists on TLS
    RuntimeException e = assertThrows(RuntimeException.class, () -> StrataPools.create(
        settings(role.jdbcUrl() + "&sslmode=require").password(role.password()).build()).close());
    assertTrue(stackTrace(e).contains("The server does not support SSL"), stackTrace(e));
  }

  @Test
  void sslmodeRequire_asADataSourcePropertyThroughTheCustomizer_reachesPgjdbc() {
    RuntimeException e = assertThrows(RuntimeException.class, () -> StrataPools.create(settings(role.jdbcUrl())
        .password(role.password()).customizer(c -> c.addDataSourceProperty("sslmode", "require")).build()).close());
    assertTrue(stackTrace(e).contains("The server does not support SSL"), stackTrace(e));
  }

  private static String stackTrace(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    return w.toString();
  }
}
