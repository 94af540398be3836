CREATE TABLE IF NOT EXISTS note (
  id    bigserial PRIMARY KEY,
  owner text NOT NULL,
  body  text NOT NULL
);
CREATE INDEX IF NOT EXISTS note_owner ON note (owner, id DESC);
