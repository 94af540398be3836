package dev.strata.examples.spring;

import java.util.List;

/**
 * A user's dashboard, cached per user in the {@code dashboards} cache (a record of the
 * application's package, so the starter's codec trusts it).
 *
 * @param owner     the user
 * @param notes     how many notes the user has
 * @param latest    the latest notes' bodies, newest first (at most five)
 * @param onReplica whether the load ran on a replica ({@code pg_is_in_recovery()})
 */
public record Dashboard(String owner, long notes, List<String> latest, boolean onReplica) {}
