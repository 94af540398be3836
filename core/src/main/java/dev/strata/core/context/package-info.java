/**
 * The venture context (shared assets, unread notifications, calendar events) as keyset-paginated
 * queries with opaque cursors, plus the unread-notification count.
 *
 * <p>Arguments and return values are non-null unless documented; a null argument gets an
 * {@link IllegalArgumentException}.
 */
package dev.strata.core.context;
