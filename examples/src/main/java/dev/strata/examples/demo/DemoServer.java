package dev.strata.examples.demo;

import dev.strata.examples.EmbeddingChoice;
import java.io.IOException;
import java.net.BindException;
import java.util.concurrent.CountDownLatch;

/**
 * {@code examples/demo} without {@code --no-serve}: the shared servers, a generated dataset and two
 * app instances on ports 8080 and 8081 (any free ports when those are taken), until Ctrl-C.
 */
final class DemoServer {

  /** Users in the generated dataset. */
  static final int USERS = 300;

  private DemoServer() {}

  static void serve(EmbeddingChoice embeddings) throws Exception {
    System.out.println("Starting PostgreSQL primary + replica, Redis and Qdrant (testkit), generating " + USERS + " users…");
    DemoStack stack = DemoStack.start(USERS);
    DemoApp a = start("instance-a", stack, embeddings, 8080);
    DemoApp b = start("instance-b", stack, embeddings, 8081);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      // Ctrl-C: the apps stop taking requests, drills are undone, then testkit's own hook stops the servers
      a.close();
      b.close();
      stack.heal();
      System.out.println("\nStopped both instances.");
      stopped.countDown();
    }, "demo-shutdown"));
    long user = a.firstUser();
    long venture = a.firstVentureOf(user);
    System.out.printf("""

        Strata demo app — two instances sharing PostgreSQL (primary + replica), Redis and Qdrant
          instance A: %1$s/
          instance B: %2$s/
        Open both pages side by side: create a draft on A, watch it appear on B; run the drills and watch the charts.

        A curl tour:
          curl %1$s/api/users
          curl %1$s/api/users/%3$d/dashboard
          curl %1$s/api/ventures/%4$d/context                   # then ?cursor=<nextCursor>
          curl -X POST %1$s/api/ventures/%4$d/content -H 'Content-Type: application/json' \\
               -d '{"userId": %3$d, "title": "Launch", "body": "A waitlist page and three teaser posts"}'
          curl %2$s/api/users/%3$d/dashboard                    # instance B sees the draft at once
          curl '%2$s/api/ventures/%4$d/search?q=teaser+posts+for+the+launch'
          curl -X POST %1$s/api/drills/replica/pause            # also replica/resume, redis/stop|start, qdrant/stop|start
          curl %1$s/metrics
          curl %1$s/health
        Ctrl-C stops everything.
        """, a.uri(), b.uri(), user, venture);
    stopped.await();
  }

  private static DemoApp start(String name, DemoStack stack, EmbeddingChoice embeddings, int port) throws IOException {
    try {
      return new DemoApp(name, stack, embeddings.provider(), port);
    } catch (BindException e) {
      System.out.println("port " + port + " is taken; " + name + " takes a free one");
      return new DemoApp(name, stack, embeddings.provider(), 0);
    }
  }
}
