-- Exact reads over a stale materialized view: every change to financial_records marks its
-- (venture, month) dirty; a refresh clears the marks its snapshot covered. A reader takes clean
-- months from venture_financial_summary and recomputes dirty months (and the current month) live,
-- so the answer does not depend on when the view was last refreshed.
--
-- Marks are append-only (no unique key, never updated): a writer never conflicts with a refresh,
-- and a mark committed after the refresh's snapshot is invisible to it and so survives it.

CREATE TABLE financial_summary_dirty (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    venture_id  bigint      NOT NULL,
    month       date        NOT NULL,
    marked_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_financial_summary_dirty ON financial_summary_dirty (venture_id, month);

CREATE TABLE strata_view_refresh (
    view_name     text PRIMARY KEY,
    refreshed_at  timestamptz NOT NULL,
    duration_ms   bigint      NOT NULL
);

CREATE FUNCTION strata_mark_financial_dirty() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO financial_summary_dirty (venture_id, month)
        SELECT DISTINCT venture_id, date_trunc('month', record_date)::date FROM new_rows;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO financial_summary_dirty (venture_id, month)
        SELECT DISTINCT venture_id, date_trunc('month', record_date)::date FROM old_rows;
    END IF;
    RETURN NULL;
END $$;

-- Statement-level triggers with transition tables: one mark per (venture, month) per statement,
-- so a COPY of a million rows costs one INSERT ... SELECT DISTINCT, not a million.
CREATE TRIGGER financial_records_dirty_ins AFTER INSERT ON financial_records
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION strata_mark_financial_dirty();
CREATE TRIGGER financial_records_dirty_upd AFTER UPDATE ON financial_records
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION strata_mark_financial_dirty();
CREATE TRIGGER financial_records_dirty_del AFTER DELETE ON financial_records
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION strata_mark_financial_dirty();
