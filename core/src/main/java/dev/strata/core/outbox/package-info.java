/**
 * The transactional outbox: enqueue a job in the writer's own transaction ({@link dev.strata.core.outbox.Outbox#enqueue}),
 * drain it from any number of workers ({@link dev.strata.core.outbox.Outbox#claim}, {@code complete},
 * {@code retryLater}, {@code deadLetter}). Nothing enqueued by a committed transaction is lost; a job
 * may run more than once (after a lease expires), so handlers must be idempotent.
 *
 * <p>Arguments and return values are non-null unless documented otherwise.
 */
package dev.strata.core.outbox;
