package dev.strata.venture;

import dev.strata.routing.ConsistencyToken;

/**
 * Cache fences are WAL positions: a token's LSN as an unsigned 64-bit number, and back. The cache
 * treats a fence as an opaque monotonic number; only this module knows it is an LSN.
 */
final class Positions {

  private Positions() {}

  /** The fence of a token in PostgreSQL's LSN text form ({@code 16/B374D848}). */
  static long fenceOf(String token) {
    return ConsistencyToken.parse(token).lsn();
  }

  /** The token a fenced read must be at least as fresh as. */
  static ConsistencyToken tokenOf(long fence) {
    return ConsistencyToken.parse(Long.toHexString(fence >>> 32) + "/" + Long.toHexString(fence & 0xFFFFFFFFL));
  }
}
