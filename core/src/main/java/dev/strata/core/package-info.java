/**
 * Strata core: the venture schema, pool and Jdbi bootstrap, query templates and the dataset generator.
 *
 * <p>Arguments and return values are non-null unless documented otherwise.
 */
package dev.strata.core;
