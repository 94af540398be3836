/**
 * A deterministic generator of realistic venture data, for tests, the demo and the benchmark harness.
 *
 * <p>Arguments and return values are non-null unless documented otherwise.
 */
package dev.strata.core.dataset;
