/**
 * The content workflow: creating content writes its draft, the calendar event that schedules it,
 * the owner's notification, the assets it uses and its vector-indexing job in one transaction.
 * Entry point: {@link dev.strata.core.content.ContentWorkflow}.
 *
 * <p>Arguments and return values are non-null unless documented otherwise.
 */
package dev.strata.core.content;
