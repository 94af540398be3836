package dev.strata.core.context;

import java.util.List;
import java.util.Optional;

/**
 * One page of a keyset-paginated query.
 *
 * @param items      the rows of this page, in the query's order
 * @param nextCursor the cursor of the next page, or null when this is the last page
 * @param <T>        row type
 */
public record Page<T>(List<T> items, String nextCursor) {

  /** Copies the list. */
  public Page {
    items = List.copyOf(items);
  }

  /** The next page's cursor, if there is a next page. */
  public Optional<String> next() {
    return Optional.ofNullable(nextCursor);
  }
}
