package dev.strata.testkit;

import dev.strata.testkit.internal.FreePorts;
import dev.strata.testkit.internal.RedisProcess;
import dev.strata.testkit.internal.TempDirs;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A dedicated embedded Redis 6.2 that requires authentication, for tests of credentials: the default
 * user has a password ({@code requirepass}) and an ACL user exists beside it ({@code user ... on >pw}
 * in the server's configuration file, as {@code ACL SETUSER} would make it). Passwords are random per
 * server. The ACL user may run every command except the {@code @dangerous} category ({@code KEYS},
 * {@code FLUSHALL}, {@code CONFIG}, {@code DEBUG}, ...), on every key and channel — what an application
 * account usually gets.
 *
 * <p>Always embedded (never Docker or an environment variable): close it when done. The shared
 * {@link Redis} servers stay without authentication.
 */
public final class SecuredRedis implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SecuredRedis.class);
  /** The ACL user's name. */
  public static final String ACL_USER = "strata-app";

  private final Path dir;
  private final RedisProcess process;
  private final String password;
  private final String aclPassword;

  private SecuredRedis() {
    this.password = randomSecret();
    this.aclPassword = randomSecret();
    this.dir = TempDirs.create("strata-redis-auth-");
    // settings go to the configuration file embedded-redis writes, not to the command line (ps)
    this.process = new RedisProcess(FreePorts.next(), dir, List.of(
        "requirepass " + password,
        "user " + ACL_USER + " on >" + aclPassword + " ~* &* +@all -@dangerous"));
    try {
      process.start();
    } catch (RuntimeException e) {
      TempDirs.deleteQuietly(dir);
      throw e;
    }
    log.info("testkit Redis with authentication on 127.0.0.1:{} (requirepass and ACL user {})", process.port(), ACL_USER);
  }

  /** Starts a new server on a free loopback port. */
  public static SecuredRedis start() {
    return new SecuredRedis();
  }

  /** The address ({@link RedisNode#uri()} carries no credentials). */
  public RedisNode node() {
    return new RedisNode("127.0.0.1", process.port());
  }

  /** The default user's password ({@code requirepass}). */
  public String password() {
    return password;
  }

  /** The {@link #ACL_USER}'s password. */
  public String aclPassword() {
    return aclPassword;
  }

  /** {@code redis://:password@host:port}: the default user with its password (Lettuce URI syntax). */
  public String passwordUri() {
    return "redis://:" + password + "@127.0.0.1:" + process.port();
  }

  /** {@code redis://strata-app:password@host:port}: the ACL user. */
  public String aclUri() {
    return "redis://" + ACL_USER + ":" + aclPassword + "@127.0.0.1:" + process.port();
  }

  /** Stops the server and deletes its directory. */
  @Override
  public void close() {
    process.stop();
    TempDirs.deleteQuietly(dir);
  }

  /** Shows the address only. */
  @Override
  public String toString() {
    return "SecuredRedis[127.0.0.1:" + process.port() + "]";
  }

  private static String randomSecret() {
    byte[] b = new byte[16];
    new SecureRandom().nextBytes(b);
    return "s3cr3t" + HexFormat.of().formatHex(b);
  }
}
