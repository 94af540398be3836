/**
 * Rows of the venture schema as Java records; fields mirror the columns (snake_case to camelCase).
 *
 * <p>Fields are non-null unless their column is nullable (documented on the record).
 */
package dev.strata.core.domain;
