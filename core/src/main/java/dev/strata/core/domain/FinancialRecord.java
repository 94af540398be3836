package dev.strata.core.domain;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * One income or expense of a venture. Amounts are exact decimals ({@code numeric(14,2)}).
 * {@code description} may be null.
 */
public record FinancialRecord(long id, long ventureId, BigDecimal amount, String kind, LocalDate recordDate,
    String description, OffsetDateTime createdAt) {}
