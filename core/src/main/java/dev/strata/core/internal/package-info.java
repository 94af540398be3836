/**
 * Helpers shared by Strata's own modules. Not API: types are public only so that other Strata
 * artifacts can reach them, and may change in any release.
 */
package dev.strata.core.internal;
