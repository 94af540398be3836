-- Transactional outbox: a side effect that crosses systems (e.g. indexing content into Qdrant) is
-- enqueued in the same transaction as the write that causes it, then drained by workers that claim
-- rows with FOR UPDATE SKIP LOCKED. A claim is a lease: available_at moves past the lease, so a
-- crashed worker's rows come back on their own. Completed rows are deleted; rows that can never
-- succeed are kept with dead_at set, for inspection.
CREATE TABLE strata_outbox (
    id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    topic         text        NOT NULL,
    payload       text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    available_at  timestamptz NOT NULL DEFAULT now(),
    attempts      integer     NOT NULL DEFAULT 0,
    claim_token   uuid,
    last_error    text,
    dead_at       timestamptz
);

-- what claim() walks: ready rows of a topic, oldest first
CREATE INDEX idx_strata_outbox_ready ON strata_outbox (topic, available_at, id) WHERE dead_at IS NULL;
