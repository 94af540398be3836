-- Pre-computed monthly financials (the seed's materialized view), by the month of the record date.
-- Income sums only income records; expenses are reported separately. Refresh with
-- REFRESH MATERIALIZED VIEW CONCURRENTLY, which needs the unique index below.
CREATE MATERIALIZED VIEW venture_financial_summary AS
SELECT venture_id,
       date_trunc('month', record_date)::date                       AS month,
       coalesce(sum(amount) FILTER (WHERE kind = 'income'), 0)      AS monthly_income,
       coalesce(sum(amount) FILTER (WHERE kind = 'expense'), 0)     AS monthly_expense,
       count(*)                                                     AS transaction_count,
       avg(amount)                                                  AS avg_transaction
FROM financial_records
GROUP BY venture_id, date_trunc('month', record_date)::date;

CREATE UNIQUE INDEX ux_venture_financial_summary ON venture_financial_summary (venture_id, month);
