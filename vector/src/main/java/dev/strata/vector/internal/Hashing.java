package dev.strata.vector.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/** SHA-256 of length-prefixed parts (so ("ab","c") and ("a","bc") differ), as hex or as a UUID. */
public final class Hashing {

  private Hashing() {}

  /**
   * SHA-256 over the parts, each prefixed by its UTF-8 length.
   *
   * @throws IllegalArgumentException for a part with an unpaired surrogate, which UTF-8 cannot hold
   *     (callers check their arguments first; this keeps two such strings from hashing alike)
   */
  public static byte[] sha256(String... parts) {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
    for (String p : parts) {
      if (Checks.unpairedSurrogate(p) >= 0) {
        throw new IllegalArgumentException("a hashed string must be well-formed UTF-16, had an unpaired surrogate at index "
            + Checks.unpairedSurrogate(p));
      }
      byte[] b = p.getBytes(StandardCharsets.UTF_8);
      md.update(ByteBuffer.allocate(4).putInt(b.length).array());
      md.update(b);
    }
    return md.digest();
  }

  /** The hex SHA-256 of the parts. */
  public static String sha256Hex(String... parts) {
    return HexFormat.of().formatHex(sha256(parts));
  }

  /** A UUID from the first 16 bytes of the SHA-256 of the parts, with RFC 4122 name-based version and variant bits. */
  public static UUID uuid(String... parts) {
    ByteBuffer b = ByteBuffer.wrap(sha256(parts));
    long msb = b.getLong();
    long lsb = b.getLong();
    msb = (msb & ~0xF000L) | 0x5000L;              // version 5 (name-based, SHA)
    lsb = (lsb & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
    return new UUID(msb, lsb);
  }
}
