package dev.strata.core.content;

import dev.strata.core.internal.Args;
import java.time.OffsetDateTime;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Content to create with {@link ContentWorkflow#create}.
 *
 * @param ventureId the venture it belongs to
 * @param title     its title, not blank, at most {@value #MAX_TITLE_LENGTH} characters
 * @param body      its text, not blank, at most {@value #MAX_BODY_LENGTH} characters (what is embedded
 *                  for search)
 * @param publishAt when it is scheduled; the calendar event starts and ends then
 * @param assetIds  shared assets of the same venture it uses (may be empty; duplicates are dropped)
 */
public record NewContent(long ventureId, String title, String body, OffsetDateTime publishAt, List<Long> assetIds) {

  /** Longest title, in UTF-16 characters. */
  public static final int MAX_TITLE_LENGTH = 1_000;
  /** Longest body, in UTF-16 characters (1 Mi). */
  public static final int MAX_BODY_LENGTH = 1 << 20;

  /** Checks every component; the message names the component, the rule and the value. */
  public NewContent {
    Args.id(ventureId, "ventureId");
    text(title, "title", MAX_TITLE_LENGTH);
    text(body, "body", MAX_BODY_LENGTH);
    Args.notNull(publishAt, "publishAt");
    Args.notNull(assetIds, "assetIds");
    for (int i = 0; i < assetIds.size(); i++) {
      Args.id(assetIds.get(i), "assetIds[" + i + "]");
    }
    assetIds = List.copyOf(new LinkedHashSet<>(assetIds));
  }

  /**
   * Not blank, not longer than {@code max}, and storable as it is: PostgreSQL's text cannot hold NUL,
   * and an unpaired surrogate has no UTF-8 form (the driver would store '?' in its place).
   */
  private static void text(String value, String name, int max) {
    Args.notNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank, was: '" + value + "'");
    }
    if (value.length() > max) {
      throw new IllegalArgumentException(name + " must be at most " + max + " characters, was: " + value.length());
    }
    Args.storableText(value, name);
  }
}
