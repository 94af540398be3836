package dev.strata.core.outbox;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A claimed outbox job. {@code claimToken} identifies this claim: completing or failing it after its
 * lease expired and another worker claimed it again does nothing.
 *
 * @param id the job id
 * @param topic the job's topic
 * @param payload the job's payload, as enqueued
 * @param attempts claims so far, this one included (1 on the first)
 * @param createdAt when it was enqueued
 * @param claimToken the token of this claim
 */
public record OutboxMessage(long id, String topic, String payload, int attempts, Instant createdAt, UUID claimToken) {

  /** Checks the components. */
  public OutboxMessage {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(claimToken, "claimToken");
  }
}
