package dev.strata.cache;

/**
 * Turns values into the bytes stored in Redis and back. The default is Jackson JSON
 * ({@link CacheCodecs#json()}); implementations must be thread-safe and must decode what they
 * encoded for the same {@link ValueType}.
 */
public interface CacheCodec {

  /**
   * Encodes {@code value} (never null: absent values are stored by the cache itself).
   *
   * @throws CacheCodecException when the value cannot be encoded
   */
  byte[] encode(Object value, ValueType<?> type);

  /**
   * Decodes bytes produced by {@link #encode} for the same type.
   *
   * @throws CacheCodecException when the bytes do not hold a value of that type
   */
  <T> T decode(byte[] bytes, ValueType<T> type);
}
