package dev.strata.core.content;

import dev.strata.core.internal.Args;
import java.time.OffsetDateTime;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Content to create with {@link ContentWorkflow#create}.
 *
 * @param ventureId the venture it belongs to
 * @param title     its title, not blank
 * @param body      its text, not blank (what is embedded for search)
 * @param publishAt when it is scheduled; the calendar event starts and ends then
 * @param assetIds  shared assets of the same venture it uses (may be empty; duplicates are dropped)
 */
public record NewContent(long ventureId, String title, String body, OffsetDateTime publishAt, List<Long> assetIds) {

  /** Checks every component; the message names the component, the rule and the value. */
  public NewContent {
    Args.id(ventureId, "ventureId");
    notBlank(title, "title");
    notBlank(body, "body");
    Args.notNull(publishAt, "publishAt");
    Args.notNull(assetIds, "assetIds");
    for (int i = 0; i < assetIds.size(); i++) {
      Args.id(assetIds.get(i), "assetIds[" + i + "]");
    }
    assetIds = List.copyOf(new LinkedHashSet<>(assetIds));
  }

  private static void notBlank(String value, String name) {
    Args.notNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank, was: '" + value + "'");
    }
  }
}
