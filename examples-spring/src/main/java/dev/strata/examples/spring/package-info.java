/** A small Spring Boot web application on the Strata starter (an example, not a library). */
package dev.strata.examples.spring;
