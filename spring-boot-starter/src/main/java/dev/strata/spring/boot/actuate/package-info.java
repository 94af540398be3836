/** Auto-configuration of Strata's actuate part. */
package dev.strata.spring.boot.actuate;
