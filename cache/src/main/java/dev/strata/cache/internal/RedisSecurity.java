package dev.strata.cache.internal;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Credentials and TLS for one cache's Redis connections, applied to every URI (standalone, or each
 * cluster seed: Lettuce reuses a seed's credentials and TLS for the nodes it discovers) and to the
 * client options. The password is kept as given and never appears in {@link #toString()}.
 */
public final class RedisSecurity {

  /** No credentials beyond the URI's, TLS only if the URI asks for it ({@code rediss://}). */
  public static final RedisSecurity NONE = new RedisSecurity(null, null, null);

  /** The user-info part of a URI: what follows the scheme up to the last {@code @} before the path. */
  private static final Pattern USER_INFO = Pattern.compile("(?<=://)[^/?#]*@");
  /** Error replies of Redis that mean "these credentials (or this user's permissions) are refused". */
  private static final Pattern AUTH_REPLY = Pattern.compile("^(WRONGPASS|NOAUTH|NOPERM)\\b|^ERR AUTH\\b");

  private final String username;
  private final char[] password;
  private final SslOptions ssl;

  /**
   * @param username the ACL user, or null for the default user (or none)
   * @param password the password, or null for none (the URI's, if any, then applies)
   * @param ssl      TLS settings (trust and key stores, protocols), or null: TLS only for {@code rediss://}
   */
  public RedisSecurity(String username, char[] password, SslOptions ssl) {
    this.username = username;
    this.password = password == null ? null : password.clone();
    this.ssl = ssl;
  }

  /** Whether credentials were given here (rather than in the URI, or not at all). */
  public boolean hasCredentials() {
    return password != null;
  }

  /** Whether TLS options were given here. */
  public boolean hasTls() {
    return ssl != null;
  }

  /** Sets this object's credentials and TLS on {@code uri}. */
  RedisURI apply(RedisURI uri) {
    if (password != null) {
      if (username == null) {
        uri.setAuthentication(password);
      } else {
        uri.setAuthentication(username, password);
      }
    }
    if (ssl != null) {
      uri.setSsl(true);
    }
    return uri;
  }

  /** Sets the TLS options, if any, on the client options. */
  ClientOptions.Builder apply(ClientOptions.Builder options) {
    return ssl == null ? options : options.sslOptions(ssl);
  }

  /**
   * Parses {@code uri} as Lettuce does, failing with a message that names {@code argument} and shows
   * the URI with its credentials masked (Lettuce's own parse errors may quote it whole).
   */
  public static RedisURI parse(String uri, String argument) {
    Objects.requireNonNull(uri, argument);
    try {
      return RedisURI.create(uri);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(argument + " must be a Redis URI (redis://[[user]:password@]host[:port], "
          + "rediss:// for TLS), was: " + mask(uri), null);
    }
  }

  /** Whether the URI carries user info (a user and/or a password). */
  public static boolean hasUserInfo(String uri) {
    return USER_INFO.matcher(uri).find();
  }

  /** The URI with any user info replaced by {@code ****@}. */
  public static String mask(String uri) {
    return uri == null ? null : USER_INFO.matcher(uri).replaceFirst("****@");
  }

  /** Whether {@code t} or a cause is Redis refusing the credentials or the user's permissions. */
  static boolean isAuthFailure(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof RedisCommandExecutionException && c.getMessage() != null
          && AUTH_REPLY.matcher(c.getMessage()).find()) {
        return true;
      }
      for (Throwable s : c.getSuppressed()) {
        if (isAuthFailure(s)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The Redis reply that refused the credentials (it never holds them), or the outermost message. */
  static String authReply(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof RedisCommandExecutionException && c.getMessage() != null
          && AUTH_REPLY.matcher(c.getMessage()).find()) {
        return c.getMessage();
      }
      for (Throwable s : c.getSuppressed()) {
        if (isAuthFailure(s)) {
          return authReply(s);
        }
      }
    }
    return String.valueOf(t.getMessage());
  }

  /** Names the user and whether TLS is set; the password is masked. */
  @Override
  public String toString() {
    return "RedisSecurity[username=" + username + ", password=" + (password == null ? "none" : "****")
        + ", tls=" + (ssl != null) + "]";
  }
}
