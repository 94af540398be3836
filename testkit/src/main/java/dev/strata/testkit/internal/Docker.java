package dev.strata.testkit.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Whether Testcontainers can be used: it is on the class path, not switched off, and an engine answers. */
public final class Docker {

  private static final Logger log = LoggerFactory.getLogger(Docker.class);
  private static volatile Boolean available;

  private Docker() {}

  public static boolean available() {
    Boolean a = available;
    if (a == null) {
      synchronized (Docker.class) {
        a = available;
        if (a == null) {
          a = probe();
          available = a;
        }
      }
    }
    return a;
  }

  private static boolean probe() {
    if ("false".equalsIgnoreCase(System.getenv("STRATA_TESTKIT_DOCKER"))) {
      log.info("STRATA_TESTKIT_DOCKER=false: not probing for a Docker engine");
      return false;
    }
    try {
      Class.forName("org.testcontainers.DockerClientFactory");
    } catch (ClassNotFoundException | LinkageError e) {
      log.info("Testcontainers is not on the class path: using embedded servers");
      return false;
    }
    try {
      boolean ok = org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
      log.info(ok ? "a Docker engine answers: using Testcontainers" : "no Docker engine answers: using embedded servers");
      return ok;
    } catch (RuntimeException | LinkageError e) {
      log.info("no usable Docker engine ({}): using embedded servers", e.toString());
      return false;
    }
  }
}
