package dev.strata.cache;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.cache.internal.JacksonCodec;
import java.util.Objects;

/** Ready-made {@link CacheCodec}s. */
public final class CacheCodecs {

  private CacheCodecs() {}

  /**
   * Jackson JSON with java.time support: dates as ISO-8601 text with their offsets kept, unknown
   * properties ignored (so an added field does not break values written by an older version), records
   * and generic collections decoded into their declared types.
   */
  public static CacheCodec json() {
    return JacksonCodec.defaults();
  }

  /** Jackson JSON with the application's own mapper (its modules and settings apply as they are). */
  public static CacheCodec json(ObjectMapper mapper) {
    return new JacksonCodec(Objects.requireNonNull(mapper, "mapper"));
  }
}
