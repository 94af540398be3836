package dev.strata.examples;

import dev.strata.vector.EmbeddingProvider;
import dev.strata.vector.EmbeddingProviders;
import dev.strata.vector.langchain4j.AllMiniLmL6V2Embeddings;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Which embedding model an example runs on, chosen with {@code --embeddings minilm|hashing}
 * (default {@code hashing}): the feature-hashing stand-in, or the real all-MiniLM-L6-v2 model
 * in-process (a few seconds to load; nothing downloaded).
 */
public enum EmbeddingChoice {

  /** strata-vector's deterministic feature hashing, {@value #HASHING_DIMENSION} dimensions: instant, lexical only. */
  HASHING("hashing"),
  /** all-MiniLM-L6-v2 through LangChain4j's in-process ONNX model, 384 dimensions. */
  MINILM("minilm");

  /** The command-line option. */
  public static final String OPTION = "--embeddings";
  /** The feature-hashing provider's dimension in the examples. */
  public static final int HASHING_DIMENSION = 256;

  private final String value;

  EmbeddingChoice(String value) {
    this.value = value;
  }

  /** The option's value naming this choice. */
  public String value() {
    return value;
  }

  /**
   * The choice named by {@code value} ({@code minilm} or {@code hashing}, any case).
   *
   * @throws IllegalArgumentException naming the option and the value otherwise
   */
  public static EmbeddingChoice parse(String value) {
    Objects.requireNonNull(value, "value");
    for (EmbeddingChoice c : values()) {
      if (c.value.equals(value.trim().toLowerCase(Locale.ROOT))) {
        return c;
      }
    }
    throw new IllegalArgumentException(OPTION + " must be one of " + choices() + ", was: '" + value + "'");
  }

  /**
   * The choice in {@code args} ({@code --embeddings X} or {@code --embeddings=X}), or {@link #HASHING}.
   *
   * @throws IllegalArgumentException when the option has no value or an unknown one, or another argument is given
   */
  public static EmbeddingChoice fromArgs(String... args) {
    EmbeddingChoice choice = HASHING;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals(OPTION)) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(OPTION + " needs a value: one of " + choices());
        }
        choice = parse(args[++i]);
      } else if (args[i].startsWith(OPTION + "=")) {
        choice = parse(args[i].substring(OPTION.length() + 1));
      } else {
        throw new IllegalArgumentException("unknown argument: '" + args[i] + "'; usage: [" + OPTION + " " + choices() + "]");
      }
    }
    return choice;
  }

  private static String choices() {
    return Arrays.stream(values()).map(EmbeddingChoice::value).collect(Collectors.joining("|"));
  }

  /** The provider (without dedup: callers wrap it in {@code EmbeddingProviders.deduplicating}). */
  public EmbeddingProvider provider() {
    return this == MINILM ? AllMiniLmL6V2Embeddings.provider() : EmbeddingProviders.localHashing(HASHING_DIMENSION);
  }
}
