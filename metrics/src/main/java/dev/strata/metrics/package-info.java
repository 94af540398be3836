/**
 * Micrometer binders for Strata's modules, a slow-query log for any {@link javax.sql.DataSource},
 * and a health report with thresholds over any meter. Each binder implements the small listener interface its
 * module exposes, so the modules themselves never depend on Micrometer.
 *
 * <p>Arguments are non-null unless documented otherwise.
 */
package dev.strata.metrics;
