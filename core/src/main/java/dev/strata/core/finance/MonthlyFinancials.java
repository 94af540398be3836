package dev.strata.core.finance;

import java.math.BigDecimal;
import java.time.YearMonth;

/**
 * One venture's figures for one calendar month (of the record date).
 *
 * @param month            the month
 * @param income           sum of income records
 * @param expense          sum of expense records
 * @param transactionCount number of records
 */
public record MonthlyFinancials(YearMonth month, BigDecimal income, BigDecimal expense, long transactionCount) {}
