package dev.strata.routing;

import java.util.Locale;
import java.util.regex.Pattern;

/** Classifies SQL text for routing. Conservative: anything it is not sure about is not a plain read. */
final class Statements {

  private static final Pattern COMMENTS = Pattern.compile("(?s)/\\*.*?\\*/|--[^\\n]*");
  private static final Pattern LOCKING = Pattern.compile(
      "\\bfor\\s+(update|no\\s+key\\s+update|share|key\\s+share)\\b");
  private static final Pattern WRITING = Pattern.compile(
      "\\b(insert|update|delete|merge|nextval|setval|pg_advisory_(xact_)?lock\\w*|into)\\b");

  private Statements() {}

  /** {@code SELECT ... FOR UPDATE/SHARE} and friends: they must run on the primary. */
  static boolean isLocking(String sql) {
    return LOCKING.matcher(normalize(sql)).find();
  }

  /**
   * A statement that only reads: starts with SELECT, WITH, VALUES, TABLE or SHOW, locks nothing,
   * and mentions no data-changing keyword or function (so a data-modifying CTE or
   * {@code SELECT ... INTO} stays on the primary).
   */
  static boolean isPlainRead(String sql) {
    String s = normalize(sql);
    if (!(s.startsWith("select") || s.startsWith("with") || s.startsWith("values")
        || s.startsWith("table") || s.startsWith("show"))) {
      return false;
    }
    return !LOCKING.matcher(s).find() && !WRITING.matcher(s).find();
  }

  private static String normalize(String sql) {
    String s = sql.indexOf('-') >= 0 || sql.indexOf('/') >= 0 ? COMMENTS.matcher(sql).replaceAll(" ") : sql;
    s = s.strip().toLowerCase(Locale.ROOT);
    while (s.startsWith("(")) {
      s = s.substring(1).stripLeading();
    }
    return s;
  }
}
