package dev.strata.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class EmbeddingChoiceTest {

  @Test
  void fromArgs_defaultsToHashing_andReadsBothForms() {
    assertEquals(EmbeddingChoice.HASHING, EmbeddingChoice.fromArgs());
    assertEquals(EmbeddingChoice.MINILM, EmbeddingChoice.fromArgs("--embeddings", "minilm"));
    assertEquals(EmbeddingChoice.MINILM, EmbeddingChoice.fromArgs("--embeddings=MiniLM"));
    assertEquals(EmbeddingChoice.HASHING, EmbeddingChoice.fromArgs("--embeddings", "hashing"));
    assertEquals(256, EmbeddingChoice.HASHING.provider().dimension());
  }

  @Test
  void badArguments_rejectedNamingTheOptionAndValue() {
    assertEquals("--embeddings must be one of hashing|minilm, was: 'bert'",
        assertThrows(IllegalArgumentException.class, () -> EmbeddingChoice.fromArgs("--embeddings", "bert")).getMessage());
    assertEquals("--embeddings needs a value: one of hashing|minilm",
        assertThrows(IllegalArgumentException.class, () -> EmbeddingChoice.fromArgs("--embeddings")).getMessage());
    assertEquals("unknown argument: '--fast'; usage: [--embeddings hashing|minilm]",
        assertThrows(IllegalArgumentException.class, () -> EmbeddingChoice.fromArgs("--fast")).getMessage());
  }
}
