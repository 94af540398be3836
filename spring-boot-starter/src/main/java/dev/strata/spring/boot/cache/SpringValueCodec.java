package dev.strata.spring.boot.cache;

import dev.strata.cache.CacheCodec;
import dev.strata.cache.CacheCodecException;
import dev.strata.cache.ValueType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The {@link CacheCodec} of a {@code TieredCache} that serves {@link StrataCacheManager}: Spring's
 * {@code Cache} API carries no value type, so a Spring cache value is stored with its class name in
 * front of the delegate codec's bytes. Every other value is the delegate's business, unchanged.
 *
 * <p>Only classes of trusted packages (and the JDK's value types: strings, numbers, booleans,
 * java.time) are decoded: a class name read from Redis chooses what gets constructed, and decoding
 * any class named there would let whoever can write to Redis pick one with side effects.
 */
public final class SpringValueCodec implements CacheCodec {

  private static final Set<String> JDK_VALUE_TYPES = Set.of("java.lang.String", "java.lang.Long", "java.lang.Integer",
      "java.lang.Short", "java.lang.Byte", "java.lang.Double", "java.lang.Float", "java.lang.Boolean",
      "java.lang.Character", "java.math.BigDecimal", "java.math.BigInteger");
  private static final byte NULL_VALUE = 0;
  private static final byte TYPED_VALUE = 1;

  private final CacheCodec delegate;
  private final List<String> trustedPackages;
  private final ClassLoader classLoader;

  /**
   * @param delegate        encodes the values themselves (usually {@code CacheCodecs.json()})
   * @param trustedPackages packages whose classes (and sub-packages' classes) may be decoded
   * @param classLoader     loads the decoded classes
   */
  public SpringValueCodec(CacheCodec delegate, List<String> trustedPackages, ClassLoader classLoader) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.trustedPackages = List.copyOf(Objects.requireNonNull(trustedPackages, "trustedPackages"));
    this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
  }

  /** Whether values of {@code type} may be stored: decoding them again must be allowed. */
  public boolean trusts(Class<?> type) {
    String name = type.getName();
    if (JDK_VALUE_TYPES.contains(name) || name.startsWith("java.time.")) {
      return true;
    }
    for (String p : trustedPackages) {
      if (name.startsWith(p + ".")) {
        return true;
      }
    }
    return false;
  }

  @Override
  public byte[] encode(Object value, ValueType<?> type) {
    if (type.rawClass() != StoredValue.class) {
      return delegate.encode(value, type);
    }
    Object v = ((StoredValue) value).value();
    if (v == null) {
      return new byte[] {NULL_VALUE};
    }
    Class<?> cls = v.getClass();
    if (!trusts(cls)) {
      throw new CacheCodecException(untrusted(cls.getName()));
    }
    byte[] name = cls.getName().getBytes(StandardCharsets.UTF_8);
    byte[] body = delegate.encode(v, ValueType.of(cls));
    return ByteBuffer.allocate(1 + 2 + name.length + body.length)
        .put(TYPED_VALUE).putShort((short) name.length).put(name).put(body).array();
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T decode(byte[] bytes, ValueType<T> type) {
    if (type.rawClass() != StoredValue.class) {
      return delegate.decode(bytes, type);
    }
    ByteBuffer in = ByteBuffer.wrap(bytes);
    if (in.get() == NULL_VALUE) {
      return (T) StoredValue.NULL;
    }
    byte[] name = new byte[Short.toUnsignedInt(in.getShort())];
    in.get(name);
    String className = new String(name, StandardCharsets.UTF_8);
    Class<?> cls;
    try {
      cls = Class.forName(className, false, classLoader);
    } catch (ClassNotFoundException e) {
      throw new CacheCodecException("Spring cache value of unknown class " + className, e);
    }
    if (!trusts(cls)) {
      throw new CacheCodecException(untrusted(className));
    }
    byte[] body = new byte[in.remaining()];
    in.get(body);
    return (T) new StoredValue(delegate.decode(body, ValueType.of(cls)));
  }

  private String untrusted(String className) {
    return "class " + className + " is not in a trusted package (" + trustedPackages
        + "): add its package to strata.cache.spring.trusted-packages to cache it";
  }

  /** A Spring cache value as the TieredCache holds it (L1 keeps the object itself, decoded). */
  public record StoredValue(Object value) {
    static final StoredValue NULL = new StoredValue(null);
    static final ValueType<StoredValue> TYPE = ValueType.of(StoredValue.class);
  }
}
