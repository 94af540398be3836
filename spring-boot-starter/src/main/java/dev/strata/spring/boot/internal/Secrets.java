package dev.strata.spring.boot.internal;

import java.util.regex.Pattern;

/** Masks secrets before a value reaches a log line, a toString or an exception message. */
public final class Secrets {

  private static final Pattern URI_PASSWORD = Pattern.compile("(?<=://)([^/@:]*):[^/@]*@");
  private static final Pattern QUERY_PASSWORD = Pattern.compile("(?i)((?:password|pass|pwd|api[-_]?key|secret)=)[^&;]*");

  private Secrets() {}

  /** {@code ****} for a non-empty secret, else what it is (null or empty): enough to see it is set. */
  public static String mask(String secret) {
    return secret == null || secret.isEmpty() ? String.valueOf(secret) : "****";
  }

  /**
   * A URI or JDBC URL with its user-info password ({@code redis://:pw@host}) and any
   * {@code password=} / {@code apiKey=} query parameter replaced by {@code ****}.
   */
  public static String maskUri(String uri) {
    if (uri == null) {
      return null;
    }
    String s = URI_PASSWORD.matcher(uri).replaceAll("$1:****@");
    return QUERY_PASSWORD.matcher(s).replaceAll("$1****");
  }
}
