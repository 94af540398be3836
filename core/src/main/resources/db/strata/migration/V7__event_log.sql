-- Event log for calendar events and notifications (the seed's Phase 4 "event sourcing"): every
-- change is appended, in the transaction that makes it, as an immutable row, while the tables keep
-- the current state (written in the same transaction) so that reads stay one indexed query.
-- Each row carries the id of the transaction that wrote it (xid8): readers of the whole log order
-- by (tx, id) and stop below the oldest transaction still running, so a row that commits late can
-- never land behind a reader's position (a plain "id > last id" reader misses such rows).
CREATE TABLE strata_event_log (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tx          xid8        NOT NULL DEFAULT pg_current_xact_id(),
    venture_id  bigint      REFERENCES ventures (id) ON DELETE CASCADE,
    stream      text        NOT NULL CHECK (stream IN ('calendar', 'notification')),
    entity_id   bigint      NOT NULL,
    type        text        NOT NULL CHECK (type ~ '^[a-z][a-z0-9_.]{0,63}$'),
    payload     jsonb       NOT NULL DEFAULT '{}'::jsonb,
    recorded_at timestamptz NOT NULL DEFAULT now()
);

-- the feed: (tx, id) order
CREATE INDEX idx_strata_event_log_feed ON strata_event_log (tx, id);
-- an entity's history (audit trail)
CREATE INDEX idx_strata_event_log_entity ON strata_event_log (stream, entity_id, id);
