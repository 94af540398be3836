/** Implementation details of the starter; nothing here is API. */
package dev.strata.spring.boot.internal;
