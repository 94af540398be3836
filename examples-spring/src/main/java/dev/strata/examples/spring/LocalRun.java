package dev.strata.examples.spring;

import dev.strata.testkit.PostgreSQL;
import dev.strata.testkit.Redis;
import dev.strata.testkit.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs the example against testkit's servers: a PostgreSQL primary with a streaming replica and a
 * Redis, started from Maven artifacts (no installation, no Docker). The servers stop when the JVM
 * exits. {@code examples-spring/run} builds and starts this.
 */
public final class LocalRun {

  private LocalRun() {}

  /** Starts the servers, then the application; further arguments go to Spring Boot ({@code --server.port=0}). */
  public static void main(String[] args) {
    ConfigurableApplicationContext ctx = start(args);
    Runtime.getRuntime().addShutdownHook(new Thread(ctx::close, "example-shutdown"));
  }

  /** Starts the servers and the application, returning its context. */
  public static ConfigurableApplicationContext start(String... args) {
    TestDatabase db = PostgreSQL.shared().newDatabase("example");
    List<String> all = new ArrayList<>(serverArguments(db, Redis.shared().standalone().uri()));
    all.addAll(List.of(args));
    return SpringApplication.run(ExampleApplication.class, all.toArray(String[]::new));
  }

  /** The {@code strata.*} properties that point the application at these servers. */
  static List<String> serverArguments(TestDatabase db, String redisUri) {
    List<String> a = new ArrayList<>();
    a.add("--strata.routing.primary.url=" + db.jdbcUrl());
    a.add("--strata.routing.primary.username=" + db.user());
    a.add("--strata.routing.primary.password=" + (db.password() == null ? "" : db.password()));
    a.add("--strata.routing.replicas.replica-1.url=" + db.replicaJdbcUrl());
    a.add("--strata.cache.redis=" + redisUri);
    return a;
  }
}
