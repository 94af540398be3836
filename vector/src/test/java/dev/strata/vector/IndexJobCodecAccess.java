package dev.strata.vector;

import dev.strata.vector.internal.IndexJobCodec;

/** Lets tests write raw outbox payloads (bypassing the indexer's checks). */
final class IndexJobCodecAccess {

  private IndexJobCodecAccess() {}

  static String encode(IndexJob job) {
    return IndexJobCodec.encode(job);
  }
}
