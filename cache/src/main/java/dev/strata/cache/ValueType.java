package dev.strata.cache;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The full (generic) type of a cached value, so that codecs decode {@code List<Venture>} into
 * ventures rather than maps. Use {@link #of(Class)} for plain classes, {@link #listOf}/{@link #mapOf}
 * for common collections, or a subclass for anything else:
 *
 * <pre>{@code
 * ValueType<Map<Long, List<Venture>>> t = new ValueType<>() {};
 * }</pre>
 *
 * @param <T> the value type
 */
public abstract class ValueType<T> {

  private final Type type;
  private final Class<?> rawClass;

  /** Captures the type argument of an anonymous subclass. */
  protected ValueType() {
    Type superclass = getClass().getGenericSuperclass();
    if (!(superclass instanceof ParameterizedType p)) {
      throw new IllegalArgumentException("ValueType must be created as new ValueType<X>() {} with a concrete X");
    }
    this.type = p.getActualTypeArguments()[0];
    this.rawClass = rawClassOf(type);
  }

  private ValueType(Type type) {
    this.type = type;
    this.rawClass = rawClassOf(type);
  }

  /** The type of a plain (non-generic) class (one shared instance per class). */
  @SuppressWarnings("unchecked")
  public static <T> ValueType<T> of(Class<T> type) {
    Objects.requireNonNull(type, "type");
    return (ValueType<T>) PLAIN.get(type);
  }

  private static final ClassValue<ValueType<?>> PLAIN = new ClassValue<>() {
    @Override
    protected ValueType<?> computeValue(Class<?> type) {
      return new ValueType<Object>(type) {};
    }
  };

  /** {@code List<E>}. */
  public static <E> ValueType<List<E>> listOf(Class<E> element) {
    Objects.requireNonNull(element, "element");
    return new ValueType<List<E>>(new Parameterized(List.class, element)) {};
  }

  /** {@code Map<K, V>}. */
  public static <K, V> ValueType<Map<K, V>> mapOf(Class<K> key, Class<V> value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    return new ValueType<Map<K, V>>(new Parameterized(Map.class, key, value)) {};
  }

  /** The reflected type, e.g. for {@code ObjectMapper.getTypeFactory().constructType(type)}. */
  public Type type() {
    return type;
  }

  /** The erased class of the type ({@code List} for {@code List<Venture>}). */
  public Class<?> rawClass() {
    return rawClass;
  }

  private static Class<?> rawClassOf(Type t) {
    if (t instanceof Class<?> c) {
      return c;
    }
    if (t instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
      return c;
    }
    throw new IllegalArgumentException("ValueType needs a class or parameterized type, was: " + t.getTypeName());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ValueType<?> v && v.type.equals(type);
  }

  @Override
  public int hashCode() {
    return type.hashCode();
  }

  @Override
  public String toString() {
    return "ValueType[" + type.getTypeName() + "]";
  }

  /** A minimal {@link ParameterizedType} for the factory methods (equal to the JDK's own by contract). */
  private record Parameterized(Class<?> raw, Type... args) implements ParameterizedType {
    @Override
    public Type[] getActualTypeArguments() {
      return args.clone();
    }

    @Override
    public Type getRawType() {
      return raw;
    }

    @Override
    public Type getOwnerType() {
      return null;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ParameterizedType p && p.getOwnerType() == null && raw.equals(p.getRawType())
          && java.util.Arrays.equals(args, p.getActualTypeArguments());
    }

    @Override
    public int hashCode() {
      return java.util.Arrays.hashCode(args) ^ raw.hashCode();
    }

    @Override
    public String getTypeName() {
      StringBuilder sb = new StringBuilder(raw.getName()).append('<');
      for (int i = 0; i < args.length; i++) {
        sb.append(i == 0 ? "" : ", ").append(args[i].getTypeName());
      }
      return sb.append('>').toString();
    }
  }
}
