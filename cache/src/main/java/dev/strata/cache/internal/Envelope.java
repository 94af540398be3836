package dev.strata.cache.internal;

import dev.strata.cache.CacheCodecException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * What is stored in Redis: a 14-byte header (format version, flags, the logical expiry in epoch
 * milliseconds and the recompute time XFetch needs) followed by the codec's bytes, deflated when
 * large. Storing the expiry and recompute time with the value lets every instance decide on early
 * recomputation without an extra PTTL round trip.
 *
 * @param absent     a cached "loader found nothing"
 * @param expireAtMs logical expiry (epoch ms)
 * @param deltaMs    how long the load took (ms)
 * @param payload    the codec's bytes (inflated), empty when absent
 */
record Envelope(boolean absent, long expireAtMs, int deltaMs, byte[] payload) {

  static final int HEADER = 14;
  private static final byte VERSION = 1;
  private static final byte ABSENT = 1;
  private static final byte DEFLATED = 2;
  private static final byte[] EMPTY = new byte[0];

  static Envelope absent(long expireAtMs, int deltaMs) {
    return new Envelope(true, expireAtMs, deltaMs, EMPTY);
  }

  /** The stored form; the payload is deflated when longer than {@code compressAbove}. */
  byte[] toBytes(int compressAbove) {
    byte flags = absent ? ABSENT : 0;
    byte[] body = payload;
    if (payload.length > compressAbove) {
      body = deflate(payload);
      flags |= DEFLATED;
    }
    return ByteBuffer.allocate(HEADER + body.length).put(VERSION).put(flags).putLong(expireAtMs).putInt(deltaMs)
        .put(body).array();
  }

  /** The logical expiry in stored bytes without parsing them; -1 for anything this version did not write. */
  static long expireAtOf(byte[] bytes) {
    return bytes.length < HEADER || bytes[0] != VERSION ? -1 : ByteBuffer.wrap(bytes, 2, 8).getLong();
  }

  /** Parses stored bytes; throws {@link CacheCodecException} for anything this version did not write. */
  static Envelope parse(byte[] bytes) {
    if (bytes.length < HEADER || bytes[0] != VERSION) {
      throw new CacheCodecException("not a Strata cache entry (" + bytes.length + " bytes, version byte "
          + (bytes.length > 0 ? bytes[0] : -1) + ")");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    b.get();
    byte flags = b.get();
    long expireAt = b.getLong();
    int delta = b.getInt();
    byte[] body = new byte[bytes.length - HEADER];
    b.get(body);
    if ((flags & DEFLATED) != 0) {
      body = inflate(body);
    }
    return new Envelope((flags & ABSENT) != 0, expireAt, delta, body);
  }

  private static byte[] deflate(byte[] in) {
    Deflater d = new Deflater(Deflater.BEST_SPEED);
    try {
      d.setInput(in);
      d.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, in.length / 4));
      byte[] buf = new byte[8192];
      while (!d.finished()) {
        out.write(buf, 0, d.deflate(buf));
      }
      return out.toByteArray();
    } finally {
      d.end();
    }
  }

  private static byte[] inflate(byte[] in) {
    Inflater inf = new Inflater();
    try {
      inf.setInput(in);
      ByteArrayOutputStream out = new ByteArrayOutputStream(in.length * 4);
      byte[] buf = new byte[8192];
      while (!inf.finished()) {
        int n = inf.inflate(buf);
        if (n == 0 && (inf.needsInput() || inf.needsDictionary())) {
          throw new CacheCodecException("truncated deflated cache entry (" + in.length + " bytes)");
        }
        out.write(buf, 0, n);
      }
      return out.toByteArray();
    } catch (DataFormatException e) {
      throw new CacheCodecException("corrupt deflated cache entry: " + e.getMessage(), e);
    } finally {
      inf.end();
    }
  }
}
