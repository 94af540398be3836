package dev.strata.cache.internal;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The text {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME} writes for the common cases, read and
 * written by hand: {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|±HH:MM)} with a four-digit year. The JDK
 * formatter costs about half a microsecond per value, which made it most of the cost of decoding a
 * cached dashboard (about 300 timestamps); this costs a few tens of nanoseconds. Anything outside
 * that shape (other years, offsets with seconds, lower-case letters, missing seconds, out-of-range
 * fields) is not handled here: {@link #parse} returns null and {@link #format} returns -1, and the
 * caller uses the JDK formatter, so results and errors are the formatter's in every case.
 */
final class IsoOffsetDateTime {

  /** Longest text handled: {@code yyyy-MM-ddTHH:mm:ss.nnnnnnnnn+HH:MM}. */
  static final int MAX_LENGTH = 35;
  private static final int MIN_LENGTH = 20; // yyyy-MM-ddTHH:mm:ssZ

  private IsoOffsetDateTime() {}

  /**
   * The value of {@code s[off, off + len)}, equal to {@code OffsetDateTime.parse} of that text (same
   * instant, same offset, same nanos), or null when the text is not in the handled shape or not a
   * valid date-time.
   */
  static OffsetDateTime parse(char[] s, int off, int len) {
    if (len < MIN_LENGTH || len > MAX_LENGTH
        || s[off + 4] != '-' || s[off + 7] != '-' || s[off + 10] != 'T' || s[off + 13] != ':' || s[off + 16] != ':') {
      return null;
    }
    int year = digits(s, off, 4);
    int month = digits(s, off + 5, 2);
    int day = digits(s, off + 8, 2);
    int hour = digits(s, off + 11, 2);
    int minute = digits(s, off + 14, 2);
    int second = digits(s, off + 17, 2);
    if ((year | month | day | hour | minute | second) < 0
        || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) {
      return null;
    }
    int i = off + 19;
    int end = off + len;
    int nano = 0;
    if (s[i] == '.') {
      int start = ++i;
      while (i < end && s[i] >= '0' && s[i] <= '9') {
        nano = nano * 10 + (s[i++] - '0');
      }
      int n = i - start;
      if (n == 0 || n > 9) {
        return null;
      }
      for (; n < 9; n++) {
        nano *= 10;
      }
    }
    ZoneOffset offset = offset(s, i, end - i);
    if (offset == null) {
      return null;
    }
    try {
      return OffsetDateTime.of(year, month, day, hour, minute, second, nano, offset);
    } catch (DateTimeException e) { // e.g. February 30th: the caller's fallback reports it as the formatter does
      return null;
    }
  }

  /** {@code Z}, {@code +HH:MM} or {@code -HH:MM} at {@code s[i, i + n)}; null for anything else. */
  private static ZoneOffset offset(char[] s, int i, int n) {
    if (n == 1) {
      return s[i] == 'Z' ? ZoneOffset.UTC : null;
    }
    if (n != 6 || (s[i] != '+' && s[i] != '-') || s[i + 3] != ':') {
      return null;
    }
    int hours = digits(s, i + 1, 2);
    int minutes = digits(s, i + 4, 2);
    if (hours < 0 || minutes < 0 || hours > 18 || minutes > 59 || hours * 60 + minutes > 18 * 60) {
      return null;
    }
    int seconds = (hours * 3_600 + minutes * 60) * (s[i] == '-' ? -1 : 1);
    return ZoneOffset.ofTotalSeconds(seconds);
  }

  /** The non-negative number written by {@code n} ASCII digits at {@code s[i]}, or -1. */
  private static int digits(char[] s, int i, int n) {
    int v = 0;
    for (int k = i; k < i + n; k++) {
      int d = s[k] - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      v = v * 10 + d;
    }
    return v;
  }

  /**
   * Writes the text {@code ISO_OFFSET_DATE_TIME} formats for {@code t} into {@code out} (at least
   * {@link #MAX_LENGTH} chars) and returns its length; -1 (nothing usable written) for years outside
   * 0–9999 and offsets with seconds, which the formatter writes in other shapes.
   */
  static int format(OffsetDateTime t, char[] out) {
    int year = t.getYear();
    int offsetSeconds = t.getOffset().getTotalSeconds();
    if (year < 0 || year > 9_999 || offsetSeconds % 60 != 0) {
      return -1;
    }
    put(out, 0, year, 4);
    out[4] = '-';
    put(out, 5, t.getMonthValue(), 2);
    out[7] = '-';
    put(out, 8, t.getDayOfMonth(), 2);
    out[10] = 'T';
    put(out, 11, t.getHour(), 2);
    out[13] = ':';
    put(out, 14, t.getMinute(), 2);
    out[16] = ':';
    put(out, 17, t.getSecond(), 2);
    int i = 19;
    int nano = t.getNano();
    if (nano != 0) { // the formatter writes the fewest digits that keep the value: no trailing zeros
      int digits = 9;
      while (nano % 10 == 0) {
        nano /= 10;
        digits--;
      }
      out[i++] = '.';
      put(out, i, nano, digits);
      i += digits;
    }
    if (offsetSeconds == 0) {
      out[i++] = 'Z';
      return i;
    }
    out[i++] = offsetSeconds < 0 ? '-' : '+';
    int minutes = Math.abs(offsetSeconds) / 60;
    put(out, i, minutes / 60, 2);
    out[i + 2] = ':';
    put(out, i + 3, minutes % 60, 2);
    return i + 5;
  }

  /** {@code v} as exactly {@code n} decimal digits (zero-padded) at {@code out[i]}. */
  private static void put(char[] out, int i, int v, int n) {
    for (int k = i + n - 1; k >= i; k--) {
      out[k] = (char) ('0' + v % 10);
      v /= 10;
    }
  }
}
