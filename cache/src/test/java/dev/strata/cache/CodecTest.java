package dev.strata.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.cache.Samples.Board;
import dev.strata.cache.Samples.Post;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CodecTest {

  private final CacheCodec json = CacheCodecs.json();

  private <T> T roundTrip(T value, ValueType<T> type) {
    return json.decode(json.encode(value, type), type);
  }

  @Test
  void json_record_roundTripsWithOffsetsAndScale() {
    Board b = Samples.board(7);
    Board back = roundTrip(b, ValueType.of(Board.class));
    assertEquals(b, back);
    assertEquals(2, back.posts().get(0).createdAt().getOffset().getTotalSeconds() / 3600);
    assertEquals(2, back.income().scale());
  }

  @Test
  void json_genericList_decodesElementsAsRecords() {
    List<Post> posts = List.of(Samples.post(1), Samples.post(2));
    List<Post> back = roundTrip(posts, ValueType.listOf(Post.class));
    assertEquals(posts, back);
    assertInstanceOf(Post.class, back.get(0));
  }

  @Test
  void json_genericMapWithTypeToken_decodesNestedTypes() {
    Map<Long, List<Post>> m = Map.of(1L, List.of(Samples.post(1)), 2L, List.of(Samples.post(2), Samples.post(3)));
    ValueType<Map<Long, List<Post>>> type = new ValueType<>() {};
    Map<Long, List<Post>> back = roundTrip(m, type);
    assertEquals(m, back);
    assertInstanceOf(Long.class, back.keySet().iterator().next());
    assertInstanceOf(Post.class, back.get(2L).get(1));
  }

  @Test
  void json_mapOf_decodesValues() {
    Map<String, Board> m = Map.of("a", Samples.board(1));
    assertEquals(m, roundTrip(m, ValueType.mapOf(String.class, Board.class)));
  }

  @Test
  void json_unknownProperty_isIgnored() {
    byte[] withExtra = "{\"id\":1,\"title\":\"t\",\"createdAt\":null,\"scheduledAt\":null,\"addedLater\":5}"
        .getBytes(StandardCharsets.UTF_8);
    assertEquals(new Post(1, "t", null, null), json.decode(withExtra, ValueType.of(Post.class)));
  }

  @Test
  void json_wrongShape_failsWithCodecException() {
    CacheCodecException e = assertThrows(CacheCodecException.class,
        () -> json.decode("[1,2]".getBytes(StandardCharsets.UTF_8), ValueType.of(Board.class)));
    assertTrue(e.getMessage().contains("Board"), e.getMessage());
  }

  @Test
  void valueType_rawSubclass_isRejected() {
    @SuppressWarnings("rawtypes")
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ValueType() {});
    assertTrue(e.getMessage().contains("new ValueType<X>() {}"), e.getMessage());
  }

  @Test
  void valueType_factoriesEqualTokens() {
    assertEquals(new ValueType<List<Post>>() {}, ValueType.listOf(Post.class));
    assertEquals(List.class, ValueType.listOf(Post.class).rawClass());
  }
}
