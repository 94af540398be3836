package dev.strata.core.context;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;

/**
 * A keyset position: the sort timestamp and id of the last row of a page, encoded as an opaque
 * URL-safe string bound to one query kind (a cursor of one listing is rejected by another).
 */
record Cursor(String kind, OffsetDateTime at, long id) {

  private static final String VERSION = "1";

  String encode() {
    Instant i = at.toInstant();
    String raw = VERSION + ":" + kind + ":" + i.getEpochSecond() + ":" + i.getNano() + ":" + id;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.US_ASCII));
  }

  /** Decodes {@code cursor} for query {@code kind}; null means "first page". */
  static Cursor decode(String cursor, String kind) {
    if (cursor == null) {
      return null;
    }
    try {
      String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
      String[] p = raw.split(":");
      if (p.length != 5 || !VERSION.equals(p[0]) || !kind.equals(p[1])) {
        throw new IllegalArgumentException("cursor must be a cursor returned by this " + kind + " listing, was: " + cursor);
      }
      OffsetDateTime at = Instant.ofEpochSecond(Long.parseLong(p[2]), Long.parseLong(p[3])).atOffset(ZoneOffset.UTC);
      return new Cursor(kind, at, Long.parseLong(p[4]));
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("cursor must be")) {
        throw e;
      }
      throw new IllegalArgumentException("cursor must be a cursor returned by this " + kind + " listing, was: " + cursor, e);
    }
  }
}
