-- Versioned event log, projections rebuildable from it, and the content workflow's asset usage.
--
-- Every aggregate (stream, entity_id) has a version: its number of events. strata_event_heads holds
-- the current version, one row per aggregate; appends lock that row (an upsert, or SELECT ... FOR
-- UPDATE for an append that states the version it expects), so concurrent appends to one aggregate
-- queue on it and each sees the version the previous one committed. The unique index on
-- (stream, entity_id, version) is the backstop: two events can never claim the same version.
CREATE TABLE strata_event_heads (
    stream     text   NOT NULL,
    entity_id  bigint NOT NULL,
    version    bigint NOT NULL CHECK (version >= 0),
    PRIMARY KEY (stream, entity_id)
);

ALTER TABLE strata_event_log ADD COLUMN version bigint;
UPDATE strata_event_log l SET version = v.n
  FROM (SELECT id, row_number() OVER (PARTITION BY stream, entity_id ORDER BY id) AS n FROM strata_event_log) v
 WHERE l.id = v.id;
ALTER TABLE strata_event_log ALTER COLUMN version SET NOT NULL;
ALTER TABLE strata_event_log ADD CONSTRAINT strata_event_log_version_positive CHECK (version >= 1);
INSERT INTO strata_event_heads (stream, entity_id, version)
SELECT stream, entity_id, max(version) FROM strata_event_log GROUP BY stream, entity_id;

-- one event per version of an aggregate; also the history index (replaces the (stream, entity_id, id) one)
CREATE UNIQUE INDEX uq_strata_event_log_version ON strata_event_log (stream, entity_id, version);
DROP INDEX idx_strata_event_log_entity;
-- the audit trail of a venture
CREATE INDEX idx_strata_event_log_venture ON strata_event_log (venture_id, id);

-- completion of calendar events (event_completed), kept beside calendar_events so that table and
-- the queries and records that read it keep their shape
CREATE TABLE calendar_event_completions (
    event_id      bigint      PRIMARY KEY REFERENCES calendar_events (id) ON DELETE CASCADE,
    completed_at  timestamptz NOT NULL
);

-- The state of an aggregate is the fold of its events in version order: a jsonb row image of its
-- projection (calendar_events plus "completed_at"; notifications), or NULL when it does not exist.
-- Event types this fold does not know leave the state as it is.
CREATE FUNCTION strata_event_fold_step(state jsonb, type text, payload jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN type IN ('event_created', 'notification_created') THEN payload
    WHEN type IN ('event_rescheduled', 'event_updated') THEN state || payload
    WHEN type = 'event_completed' THEN state || jsonb_build_object('completed_at', payload -> 'completed_at')
    WHEN type = 'event_cancelled' THEN NULL
    WHEN type = 'notification_read' THEN state || '{"read": true}'::jsonb
    WHEN type IN ('event_reverted', 'notification_reverted') THEN nullif(payload -> 'state', 'null'::jsonb)
    ELSE state
  END
$$;

CREATE AGGREGATE strata_event_fold(text, jsonb) (SFUNC = strata_event_fold_step, STYPE = jsonb);

-- Which shared assets a content draft uses (recorded by the content workflow).
CREATE TABLE content_asset_usage (
    draft_id    bigint      NOT NULL REFERENCES content_drafts (id) ON DELETE CASCADE,
    asset_id    bigint      NOT NULL REFERENCES shared_assets (id) ON DELETE CASCADE,
    venture_id  bigint      NOT NULL REFERENCES ventures (id) ON DELETE CASCADE,
    used_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (draft_id, asset_id)
);

-- "where is this asset used" (and the foreign key's cascade from shared_assets)
CREATE INDEX idx_content_asset_usage_asset ON content_asset_usage (asset_id);
