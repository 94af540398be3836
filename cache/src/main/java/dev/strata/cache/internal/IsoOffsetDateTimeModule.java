package dev.strata.cache.internal;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.jsonFormatVisitors.JsonFormatVisitorWrapper;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.ser.ContextualSerializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.time.OffsetDateTime;

/**
 * Wraps the {@code OffsetDateTime} serializer and deserializer of {@code JavaTimeModule} (register
 * it after that module) so that the text shapes {@link IsoOffsetDateTime} handles are written and
 * read by hand; everything else — other shapes, numeric timestamps, {@code @JsonFormat} overrides,
 * context time zones, polymorphic typing — goes to the wrapped one unchanged.
 */
final class IsoOffsetDateTimeModule extends SimpleModule {

  private static final long serialVersionUID = 1L;

  IsoOffsetDateTimeModule() {
    super("strata-iso-offset-date-time");
    setDeserializerModifier(new BeanDeserializerModifier() {
      @Override
      public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription desc,
          JsonDeserializer<?> deserializer) {
        return desc.getBeanClass() == OffsetDateTime.class ? new Reader(deserializer) : deserializer;
      }
    });
    setSerializerModifier(new BeanSerializerModifier() {
      @Override
      @SuppressWarnings("unchecked")
      public JsonSerializer<?> modifySerializer(SerializationConfig config, BeanDescription desc,
          JsonSerializer<?> serializer) {
        return desc.getBeanClass() == OffsetDateTime.class ? new Writer((JsonSerializer<OffsetDateTime>) serializer)
            : serializer;
      }
    });
  }

  /** No format configured for the property (annotation, type or mapper default): the fast path applies. */
  static boolean plain(JsonFormat.Value format) {
    return format == null || format.equals(JsonFormat.Value.empty());
  }

  /** Parses the handled shape from the parser's characters (no String made); the wrapped deserializer otherwise. */
  static final class Reader extends DelegatingDeserializer {

    private static final long serialVersionUID = 1L;

    Reader(JsonDeserializer<?> standard) {
      super(standard);
    }

    @Override
    protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegatee) {
      return new Reader(delegatee);
    }

    @Override
    public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property)
        throws JsonMappingException {
      if (plain(findFormatOverrides(ctxt, property, OffsetDateTime.class))) {
        return this;
      }
      // a @JsonFormat on the property or type, or a mapper default format: the wrapped deserializer, configured
      return _delegatee instanceof ContextualDeserializer c ? c.createContextual(ctxt, property) : _delegatee;
    }

    @Override
    public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.hasToken(JsonToken.VALUE_STRING) && !ctxt.isEnabled(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)) {
        OffsetDateTime t = IsoOffsetDateTime.parse(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
        if (t != null) {
          return t;
        }
      }
      return _delegatee.deserialize(p, ctxt);
    }
  }

  /** Writes the handled shape from a char buffer; the wrapped serializer otherwise. */
  static final class Writer extends StdSerializer<OffsetDateTime> implements ContextualSerializer {

    private static final long serialVersionUID = 1L;
    private final JsonSerializer<OffsetDateTime> standard;

    Writer(JsonSerializer<OffsetDateTime> standard) {
      super(OffsetDateTime.class);
      this.standard = standard;
    }

    @Override
    public JsonSerializer<?> createContextual(SerializerProvider prov, BeanProperty property) throws JsonMappingException {
      if (plain(findFormatOverrides(prov, property, OffsetDateTime.class))) {
        return this;
      }
      return standard instanceof ContextualSerializer c ? c.createContextual(prov, property) : standard;
    }

    @Override
    public void serialize(OffsetDateTime value, JsonGenerator gen, SerializerProvider provider) throws IOException {
      // the wrapped serializer writes numbers, or text in the context's zone, in these cases
      if (!provider.isEnabled(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS) && !provider.getConfig().hasExplicitTimeZone()) {
        char[] buf = new char[IsoOffsetDateTime.MAX_LENGTH];
        int n = IsoOffsetDateTime.format(value, buf);
        if (n > 0) {
          gen.writeString(buf, 0, n);
          return;
        }
      }
      standard.serialize(value, gen, provider);
    }

    @Override
    public void serializeWithType(OffsetDateTime value, JsonGenerator gen, SerializerProvider provider,
        TypeSerializer typeSer) throws IOException {
      standard.serializeWithType(value, gen, provider, typeSer);
    }

    @Override
    public boolean isEmpty(SerializerProvider provider, OffsetDateTime value) {
      return standard.isEmpty(provider, value);
    }

    @Override
    public void acceptJsonFormatVisitor(JsonFormatVisitorWrapper visitor, JavaType typeHint) throws JsonMappingException {
      standard.acceptJsonFormatVisitor(visitor, typeHint);
    }
  }
}
