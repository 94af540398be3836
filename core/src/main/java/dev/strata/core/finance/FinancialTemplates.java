package dev.strata.core.finance;

import java.util.LinkedHashMap;
import java.util.Map;

/** The SQL of this package's templates by name, for plan checks (not part of the API's promises). */
public final class FinancialTemplates {

  private FinancialTemplates() {}

  /** Template name to SQL with Jdbi named parameters. */
  public static Map<String, String> all() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("finance.income_since", FinancialQueries.INCOME_SINCE);
    m.put("finance.monthly_live", FinancialQueries.MONTHLY_LIVE);
    m.put("finance.monthly_hybrid", FinancialQueries.MONTHLY_HYBRID);
    return m;
  }
}
