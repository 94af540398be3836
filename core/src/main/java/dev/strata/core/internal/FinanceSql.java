package dev.strata.core.internal;

/** The financial aggregation templates. SQL with Jdbi named parameters; not API. */
public final class FinanceSql {

  private FinanceSql() {}

  public static final String INCOME_SINCE = "SELECT coalesce(sum(amount), 0) FROM financial_records "
      + "WHERE venture_id = :venture AND kind = 'income' AND record_date >= :since";

  public static final String MONTHLY_LIVE = """
      SELECT date_trunc('month', record_date)::date AS month,
             coalesce(sum(amount) FILTER (WHERE kind = 'income'), 0) AS income,
             coalesce(sum(amount) FILTER (WHERE kind = 'expense'), 0) AS expense,
             count(*) AS n
        FROM financial_records
       WHERE venture_id = :venture AND record_date >= :from AND record_date < :until
       GROUP BY 1 ORDER BY 1
      """;

  public static final String MONTHLY_HYBRID = """
      WITH live AS (
        SELECT DISTINCT month FROM financial_summary_dirty
         WHERE venture_id = :venture AND month >= :from AND month < :until
        UNION SELECT :current::date
      )
      SELECT month, monthly_income AS income, monthly_expense AS expense, transaction_count AS n
        FROM venture_financial_summary s
       WHERE s.venture_id = :venture AND s.month >= :from AND s.month < :until
         AND s.month NOT IN (SELECT month FROM live)
      UNION ALL
      SELECT date_trunc('month', f.record_date)::date,
             coalesce(sum(f.amount) FILTER (WHERE f.kind = 'income'), 0),
             coalesce(sum(f.amount) FILTER (WHERE f.kind = 'expense'), 0),
             count(*)
        FROM live l
        JOIN financial_records f
          ON f.venture_id = :venture AND f.record_date >= l.month AND f.record_date < (l.month + interval '1 month')::date
       WHERE l.month >= :from AND l.month < :until
       GROUP BY 1
       ORDER BY 1
      """;
}
