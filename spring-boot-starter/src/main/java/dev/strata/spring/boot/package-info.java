/**
 * Spring Boot auto-configuration for Strata: each part ({@code cache}, {@code routing},
 * {@code vector}, {@code actuate}) turns on when its Strata artifact is on the class path and its
 * {@code strata.*} properties are set, and every bean it defines yields to one of the host's own.
 */
package dev.strata.spring.boot;
