package dev.strata.vector.internal;

import java.text.Normalizer;
import java.util.regex.Pattern;

/**
 * The normal form texts are keyed and embedded in: Unicode NFC, leading and trailing whitespace
 * removed, inner runs of whitespace collapsed to one space. Case is kept: for most embedding models
 * "Apple" and "apple" are different inputs.
 */
public final class TextNormalizer {

  private static final Pattern SPACES = Pattern.compile("\\s+");

  private TextNormalizer() {}

  /** The normal form of {@code text}. */
  public static String normalize(String text) {
    return SPACES.matcher(Normalizer.normalize(text, Normalizer.Form.NFC).strip()).replaceAll(" ");
  }
}
