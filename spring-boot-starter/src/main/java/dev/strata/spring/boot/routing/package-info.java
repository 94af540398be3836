/** Auto-configuration of Strata's routing part. */
package dev.strata.spring.boot.routing;
