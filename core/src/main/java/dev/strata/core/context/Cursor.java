package dev.strata.core.context;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;

/**
 * A keyset position: the sort timestamp and id of the last row of a page, encoded as an opaque
 * URL-safe string bound to one listing kind and one owner (the venture or user whose rows are
 * listed). A cursor of another listing or of another owner is rejected like a malformed one: replayed
 * for venture B, a venture A cursor would otherwise return B's rows from A's position.
 *
 * <p>The binding is a check against mistakes (a cursor stored under the wrong key, passed to the
 * wrong call), not a signature: whoever may list B's rows can build a position in them anyway.
 */
record Cursor(String kind, String owner, long ownerId, OffsetDateTime at, long id) {

  // version 2 added the owner; version-1 cursors (no owner) are rejected like malformed ones
  private static final String VERSION = "2";

  String encode() {
    Instant i = at.toInstant();
    String raw = VERSION + ":" + kind + ":" + owner + ":" + ownerId + ":" + i.getEpochSecond() + ":" + i.getNano() + ":" + id;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.US_ASCII));
  }

  /** Decodes {@code cursor} for listing {@code kind} of {@code owner} {@code ownerId}; null means "first page". */
  static Cursor decode(String cursor, String kind, String owner, long ownerId) {
    if (cursor == null) {
      return null;
    }
    try {
      String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
      String[] p = raw.split(":", -1);
      if (p.length == 7 && VERSION.equals(p[0]) && kind.equals(p[1]) && owner.equals(p[2])
          && Long.toString(ownerId).equals(p[3])) {
        OffsetDateTime at = Instant.ofEpochSecond(Long.parseLong(p[4]), Long.parseLong(p[5])).atOffset(ZoneOffset.UTC);
        return new Cursor(kind, owner, ownerId, at, Long.parseLong(p[6]));
      }
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      throw rejected(cursor, kind, owner, ownerId, e);
    }
    throw rejected(cursor, kind, owner, ownerId, null);
  }

  private static IllegalArgumentException rejected(String cursor, String kind, String owner, long ownerId, Exception cause) {
    return new IllegalArgumentException("cursor must be a cursor returned by this " + kind + " listing for " + owner + " "
        + ownerId + ", was: " + cursor, cause);
  }
}
