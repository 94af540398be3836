-- The dashboard's feeds order by (created_at DESC, id DESC) so that rows with equal timestamps come
-- back in a stable order. With id in the index the top-10 is read straight from it, with no
-- incremental sort step.
DROP INDEX idx_content_venture_created;
CREATE INDEX idx_content_venture_created ON content_drafts (venture_id, created_at DESC, id DESC);
DROP INDEX idx_social_venture_created;
CREATE INDEX idx_social_venture_created ON social_posts (venture_id, created_at DESC, id DESC);
