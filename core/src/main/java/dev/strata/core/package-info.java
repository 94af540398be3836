/**
 * Strata core: the venture schema, pool and Jdbi bootstrap, query templates and the dataset generator;
 * {@link dev.strata.core.StrataCore} is the entry point that wires them over one data source.
 *
 * <p>Arguments and return values are non-null unless documented otherwise.
 */
package dev.strata.core;
