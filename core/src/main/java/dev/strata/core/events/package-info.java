/**
 * An append-only event log for calendar events and notifications, written in the same transaction
 * as the tables' current state: an audit trail per entity and a feed that consumers can follow
 * without ever missing a late-committing event. Entry points: {@link dev.strata.core.events.EventLog}
 * and the write helpers {@link dev.strata.core.events.CalendarWrites} and
 * {@link dev.strata.core.events.NotificationWrites}.
 */
package dev.strata.core.events;
