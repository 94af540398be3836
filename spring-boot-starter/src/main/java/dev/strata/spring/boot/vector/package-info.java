/** Auto-configuration of Strata's vector part. */
package dev.strata.spring.boot.vector;
