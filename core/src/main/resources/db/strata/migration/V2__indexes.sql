-- Indexes serving the dashboard and context queries.
-- Flyway runs each migration in a transaction, where CREATE INDEX CONCURRENTLY is not allowed; a host
-- adding an index to a large live table should create it CONCURRENTLY itself, outside a migration
-- transaction, so writes are not blocked while it builds.

-- Active ventures of a user (the first dashboard query); the partial index skips inactive ones.
CREATE INDEX idx_ventures_user_active ON ventures (user_id) WHERE is_active;

-- Monthly income: a range of dates for one venture.
CREATE INDEX idx_financial_venture_date ON financial_records (venture_id, record_date);

-- Recent content and posts (the seed's index, and its twin for posts).
CREATE INDEX idx_content_venture_created ON content_drafts (venture_id, created_at DESC);
CREATE INDEX idx_social_venture_created ON social_posts (venture_id, created_at DESC);

-- Upcoming events (the seed's range index).
CREATE INDEX idx_calendar_venture_date_range ON calendar_events (venture_id, start_date, end_date);

-- Shared assets of a venture, newest first.
CREATE INDEX idx_assets_venture_created ON shared_assets (venture_id, created_at DESC, id DESC);

-- Unread notifications (the seed's partial index): only unread rows are indexed, so it stays small.
CREATE INDEX idx_notifications_user_unread ON notifications (user_id, read, created_at DESC) WHERE read = false;

-- Foreign keys used by cascades and per-venture notification lookups.
CREATE INDEX idx_notifications_venture ON notifications (venture_id) WHERE venture_id IS NOT NULL;
