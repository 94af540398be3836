package dev.strata.cache.internal;

/**
 * Redis key layout of one namespace. Ungrouped: {@code ns:name}. Grouped:
 * {@code ns:{group}:<generation>:name}, with the generation at {@code ns:{group}:gen}; the braces are
 * the Redis Cluster hash tag, so a group's keys and its generation share one slot.
 */
record KeyScheme(String namespace) {

  String plain(String name) {
    return namespace + ":" + name;
  }

  String generationKey(String group) {
    return namespace + ":{" + group + "}:gen";
  }

  /** The group's fence (see {@link Fences}), in the group's slot. */
  String fenceKey(String group) {
    return namespace + ":{" + group + "}:fence";
  }

  /** What precedes the generation in a grouped key. */
  String groupPrefix(String group) {
    return namespace + ":{" + group + "}:";
  }

  /** What follows the generation in a grouped key. */
  static String groupSuffix(String name) {
    return ":" + name;
  }

  String grouped(String group, long generation, String name) {
    return groupPrefix(group) + generation + groupSuffix(name);
  }

  /** A grouped key as it appears below the namespace, for matching L1 entries against a Redis glob. */
  static String belowNamespace(String group, long generation, String name) {
    return "{" + group + "}:" + generation + ":" + name;
  }
}
