/** Auto-configuration of Strata's cache part. */
package dev.strata.spring.boot.cache;
