package dev.strata.cache.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.DefaultDeserializationContext;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.fasterxml.jackson.databind.ser.std.BeanSerializerBase;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.strata.cache.CacheCodecException;
import dev.strata.cache.ValueType;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

class IsoOffsetDateTimeTest {

  record Stamped(long id, OffsetDateTime at, List<OffsetDateTime> more) {}

  record Patterned(@JsonFormat(shape = JsonFormat.Shape.STRING, pattern = "yyyy/MM/dd HH:mm:ss xxx") OffsetDateTime at,
      @JsonFormat(shape = JsonFormat.Shape.NUMBER) OffsetDateTime epoch, OffsetDateTime plain) {}

  private final JacksonCodec codec = JacksonCodec.defaults();
  /** The default codec's configuration without the hand-written text: the reference. */
  private final ObjectMapper reference = new ObjectMapper().registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private static String iso(OffsetDateTime t) {
    return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t);
  }

  private static OffsetDateTime parse(String s) {
    return IsoOffsetDateTime.parse(s.toCharArray(), 0, s.length());
  }

  private static String format(OffsetDateTime t) {
    char[] buf = new char[IsoOffsetDateTime.MAX_LENGTH];
    int n = IsoOffsetDateTime.format(t, buf);
    return n < 0 ? null : new String(buf, 0, n);
  }

  /** Same instant, same local fields, same offset: what OffsetDateTime.equals checks, spelled out. */
  private static void assertSame(OffsetDateTime expected, OffsetDateTime actual) {
    assertEquals(expected, actual);
    assertEquals(expected.getOffset(), actual.getOffset());
    assertEquals(expected.getNano(), actual.getNano());
  }

  private OffsetDateTime viaCodec(OffsetDateTime t) {
    ValueType<OffsetDateTime> type = ValueType.of(OffsetDateTime.class);
    byte[] bytes = codec.encode(t, type);
    assertEquals(iso(t), new String(bytes, StandardCharsets.UTF_8).replace("\"", ""));
    return codec.decode(bytes, type);
  }

  @Test
  void fractions_zeroToNineDigits_matchTheJdkFormatterBothWays() {
    int[] nanos = {0, 100_000_000, 120_000_000, 123_000_000, 123_400_000, 123_450_000, 123_456_000, 123_456_700,
        123_456_780, 123_456_789, 1, 10, 500, 7_000_000};
    for (ZoneOffset offset : List.of(ZoneOffset.UTC, ZoneOffset.ofHours(2), ZoneOffset.ofHoursMinutes(5, 30))) {
      for (int nano : nanos) {
        OffsetDateTime t = OffsetDateTime.of(2026, 3, 14, 15, 9, 26, nano, offset);
        assertEquals(iso(t), format(t));
        assertSame(t, parse(iso(t)));
        assertSame(t, viaCodec(t));
      }
    }
    assertEquals("2026-03-14T15:09:26Z", format(OffsetDateTime.of(2026, 3, 14, 15, 9, 26, 0, ZoneOffset.UTC)));
    assertEquals("2026-03-14T15:09:26.000000001+02:00",
        format(OffsetDateTime.of(2026, 3, 14, 15, 9, 26, 1, ZoneOffset.ofHours(2))));
    assertSame(OffsetDateTime.of(2026, 3, 14, 15, 9, 26, 500_000_000, ZoneOffset.UTC), parse("2026-03-14T15:09:26.5Z"));
    assertSame(OffsetDateTime.of(2026, 3, 14, 15, 9, 26, 0, ZoneOffset.UTC), parse("2026-03-14T15:09:26.000Z"));
  }

  @Test
  void offsets_zPositiveNegativeAndExtremes_keepTheirOffset() {
    for (ZoneOffset offset : List.of(ZoneOffset.UTC, ZoneOffset.ofHours(-8), ZoneOffset.ofHoursMinutes(-3, -30),
        ZoneOffset.ofHoursMinutes(-9, -45), ZoneOffset.ofHoursMinutes(5, 45), ZoneOffset.MAX, ZoneOffset.MIN)) {
      OffsetDateTime t = OffsetDateTime.of(1999, 12, 31, 23, 59, 59, 999_999_999, offset);
      assertEquals(iso(t), format(t));
      assertSame(t, parse(iso(t)));
      assertSame(t, viaCodec(t));
    }
    assertSame(OffsetDateTime.parse("2026-01-01T00:00:00-00:00"), parse("2026-01-01T00:00:00-00:00"));
    assertSame(OffsetDateTime.parse("2026-01-01T00:00:00+00:00"), parse("2026-01-01T00:00:00+00:00"));
    assertEquals(ZoneOffset.UTC, parse("2026-01-01T00:00:00-00:00").getOffset());
  }

  @Test
  void yearsOutsideFourDigits_fallBackToTheJdkAndRoundTrip() {
    for (int year : new int[] {10_000, 123_456, 999_999_999, -1, -2026, -999_999_999}) {
      OffsetDateTime t = OffsetDateTime.of(year, 6, 15, 12, 0, 0, 5_000, ZoneOffset.ofHours(-7));
      assertNull(format(t), "format of year " + year);
      assertNull(parse(iso(t)), "parse of " + iso(t));
      assertSame(t, viaCodec(t));
    }
    // years below 1000 are still four digits (zero-padded): handled here, exactly as the JDK does
    for (int year : new int[] {0, 1, 99, 999}) {
      OffsetDateTime t = OffsetDateTime.of(year, 2, 28, 1, 2, 3, 0, ZoneOffset.ofHours(1));
      assertEquals(iso(t), format(t));
      assertSame(t, parse(iso(t)));
      assertSame(t, viaCodec(t));
    }
  }

  @Test
  void offsetsWithSeconds_fallBackToTheJdkAndRoundTrip() {
    OffsetDateTime t = OffsetDateTime.of(1890, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHoursMinutesSeconds(0, 9, 21));
    assertNull(format(t));
    assertNull(parse(iso(t)));
    assertSame(t, viaCodec(t));
  }

  @Test
  void otherShapes_areLeftToTheJdk_whichGivesTheSameValueOrTheSameFailure() throws Exception {
    List<String> others = List.of("2026-03-14t15:09:26z", "2026-03-14T15:09Z", "2026-03-14T15:09:26+01:02:03",
        "2026-03-14T15:09:26.Z", " 2026-03-14T15:09:26Z", "2026-03-14T15:09:26Z ", "+10000-01-01T00:00:00Z",
        "1715000000", "1715000000.123456789", "2026-02-30T00:00:00Z", "2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z",
        "2026-00-10T00:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01T23:60:00Z", "2026-01-01T23:00:60Z",
        "2026-01-01T00:00:00.1234567890Z", "2026-01-01T00:00:00+19:00", "2026-01-01T00:00:00+18:01",
        "2026-01-01T00:00:00+05:60", "2026-01-01T00:00:00+0530", "2026-01-01T00:00:00", "2026-1-01T00:00:00Z",
        "2026-01-01X00:00:00Z", "2026-01-01T00:00:00ZZ", "2O26-01-01T00:00:00Z", "not a date", "");
    ValueType<OffsetDateTime> type = ValueType.of(OffsetDateTime.class);
    int accepted = 0;
    for (String s : others) {
      assertNull(parse(s), s);
      byte[] json = ("\"" + s + "\"").getBytes(StandardCharsets.UTF_8);
      OffsetDateTime expected;
      try {
        expected = reference.readValue(json, OffsetDateTime.class);
      } catch (java.io.IOException e) {
        assertThrows(CacheCodecException.class, () -> codec.decode(json, type), s);
        continue;
      }
      accepted++;
      if (expected == null) {
        assertNull(codec.decode(json, type), s);
      } else {
        assertSame(expected, codec.decode(json, type));
      }
    }
    assertTrue(accepted >= 5 && accepted <= others.size() - 15, "accepted by the JDK: " + accepted);
    assertSame(OffsetDateTime.of(2026, 3, 14, 15, 9, 26, 0, ZoneOffset.UTC),
        codec.decode("\"2026-03-14t15:09:26z\"".getBytes(StandardCharsets.UTF_8), type));
  }

  @Test
  void randomValues_roundTripExactlyAndEncodeAsTheJdkDoes() throws Exception {
    SplittableRandom r = new SplittableRandom(20260615);
    List<OffsetDateTime> values = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      int year = r.nextInt(20) == 0 ? r.nextInt(-1_000_000, 1_000_000) : r.nextInt(10_000);
      int nano = switch (r.nextInt(4)) {
        case 0 -> 0;
        case 1 -> r.nextInt(1_000) * 1_000_000;
        case 2 -> r.nextInt(1_000_000) * 1_000;
        default -> r.nextInt(1_000_000_000);
      };
      int offsetSeconds = r.nextInt(10) == 0 ? r.nextInt(-64_800, 64_801) : r.nextInt(-72, 73) * 15 * 60;
      OffsetDateTime t;
      try {
        t = OffsetDateTime.of(year, 1 + r.nextInt(12), 1 + r.nextInt(31), r.nextInt(24), r.nextInt(60), r.nextInt(60),
            nano, ZoneOffset.ofTotalSeconds(offsetSeconds));
      } catch (DateTimeException e) { // e.g. April 31st
        continue;
      }
      values.add(t);
      String text = iso(t);
      String fast = format(t);
      if (fast != null) {
        assertEquals(text, fast);
      }
      OffsetDateTime parsed = parse(text);
      if (parsed != null) {
        assertSame(t, parsed);
      } else {
        assertTrue(year < 0 || year > 9_999 || offsetSeconds % 60 != 0, text);
      }
    }
    // the whole list through the codec: the same bytes as the reference mapper, and back unchanged
    ValueType<List<OffsetDateTime>> type = ValueType.listOf(OffsetDateTime.class);
    byte[] bytes = codec.encode(values, type);
    assertArrayEquals(reference.writeValueAsBytes(values), bytes);
    List<OffsetDateTime> back = codec.decode(bytes, type);
    assertEquals(values.size(), back.size());
    for (int i = 0; i < values.size(); i++) {
      assertSame(values.get(i), back.get(i));
    }
  }

  @Test
  void recordProperties_useTheHandWrittenTextUnlessFormatted() throws Exception {
    BeanSerializerBase ser = (BeanSerializerBase) codec.mapper().getSerializerProviderInstance()
        .findValueSerializer(Stamped.class);
    assertInstanceOf(IsoOffsetDateTimeModule.Writer.class, propertyWriter(ser, "at").getSerializer());
    DefaultDeserializationContext ctxt = ((DefaultDeserializationContext) codec.mapper().getDeserializationContext())
        .createDummyInstance(codec.mapper().getDeserializationConfig());
    assertInstanceOf(IsoOffsetDateTimeModule.Reader.class,
        ctxt.findRootValueDeserializer(codec.mapper().constructType(OffsetDateTime.class)));

    Stamped s = new Stamped(1, OffsetDateTime.of(2026, 6, 15, 12, 0, 0, 0, ZoneOffset.ofHours(-4)),
        List.of(OffsetDateTime.of(2026, 6, 15, 12, 0, 0, 250_000_000, ZoneOffset.UTC)));
    assertArrayEquals(reference.writeValueAsBytes(s), codec.encode(s, ValueType.of(Stamped.class)));
    assertEquals(s, codec.decode(codec.encode(s, ValueType.of(Stamped.class)), ValueType.of(Stamped.class)));
  }

  private static BeanPropertyWriter propertyWriter(BeanSerializerBase ser, String name) {
    var it = ser.properties();
    while (it.hasNext()) {
      var p = it.next();
      if (p.getName().equals(name)) {
        return (BeanPropertyWriter) p;
      }
    }
    throw new AssertionError("no property " + name);
  }

  @Test
  void jsonFormatOnAProperty_isLeftToJavaTimeModule() throws Exception {
    OffsetDateTime t = OffsetDateTime.of(2026, 6, 15, 12, 30, 5, 0, ZoneOffset.ofHours(3));
    Patterned p = new Patterned(t, t, t);
    byte[] bytes = codec.encode(p, ValueType.of(Patterned.class));
    String json = new String(bytes, StandardCharsets.UTF_8);
    assertArrayEquals(reference.writeValueAsBytes(p), bytes);
    assertTrue(json.contains("\"2026/06/15 12:30:05 +03:00\""), json);
    assertTrue(json.contains("\"plain\":\"2026-06-15T12:30:05+03:00\""), json);
    Patterned back = codec.decode(bytes, ValueType.of(Patterned.class));
    assertEquals(reference.readValue(bytes, Patterned.class), back);
    assertSame(t, back.at());
    assertSame(t, back.plain());
  }

  @Test
  void adjustToContextTimeZone_isLeftToJavaTimeModule() throws Exception {
    ObjectMapper plain = new ObjectMapper().registerModule(new JavaTimeModule())
        .setTimeZone(TimeZone.getTimeZone("Asia/Tokyo"));
    ObjectMapper wrapped = new ObjectMapper().registerModule(new JavaTimeModule())
        .registerModule(new IsoOffsetDateTimeModule()).setTimeZone(TimeZone.getTimeZone("Asia/Tokyo"));
    byte[] json = "\"2026-06-15T12:00:00-04:00\"".getBytes(StandardCharsets.UTF_8);
    OffsetDateTime expected = plain.readValue(json, OffsetDateTime.class);
    assertEquals(ZoneOffset.ofHours(9), expected.getOffset());
    assertSame(expected, wrapped.readValue(json, OffsetDateTime.class));
    OffsetDateTime t = OffsetDateTime.of(2026, 6, 15, 12, 0, 0, 0, ZoneOffset.ofHours(-4));
    assertEquals(plain.writeValueAsString(t), wrapped.writeValueAsString(t));
    assertEquals(plain.writer().without(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).writeValueAsString(t),
        wrapped.writer().without(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).writeValueAsString(t));
  }
}
