/**
 * The dashboard a user sees on every page load, loaded in one round trip ({@link
 * dev.strata.core.dashboard.DashboardQueries#oneRoundTrip}) or, as the reference and benchmark
 * baseline, with the original plan's statement per venture and feed ({@link
 * dev.strata.core.dashboard.DashboardQueries#naive}).
 *
 * <p>Arguments and return values are non-null; a null argument gets an {@link IllegalArgumentException}.
 */
package dev.strata.core.dashboard;
