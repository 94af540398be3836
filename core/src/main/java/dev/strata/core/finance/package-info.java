/**
 * Financial aggregations: live sums over an index range, the {@code venture_financial_summary}
 * materialized view with a single-instance refresher, and an exact hybrid of the two.
 *
 * <p>Arguments and return values are non-null; a null argument gets an {@link IllegalArgumentException}.
 */
package dev.strata.core.finance;
