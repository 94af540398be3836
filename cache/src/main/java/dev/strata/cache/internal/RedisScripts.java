package dev.strata.cache.internal;

import java.nio.charset.StandardCharsets;

/**
 * The Lua scripts {@link RedisTier} runs: each does a read or write together with what must go with
 * it (the group's generation, its fence, the announcement on the channel) in one round trip, so no
 * other client's command can fall between them.
 */
final class RedisScripts {

  private RedisScripts() {}

  /**
   * Lua: the group's current generation (KEYS[1]; '0' when none), raised first to {@code floor} — the
   * highest generation the calling instance knows — when Redis is below it. Redis falls behind an
   * instance when it lost the key (a restart, a failover, an eviction) or when the instance counted up
   * by itself while its invalidations were queued; a value stored under the lower generation may predate
   * an invalidation that instance knows of, so it must not be read, nor a write land there. Raising the
   * key makes such values unreachable, as an invalidation would (without a message: the instance that
   * made the generation announced it, or will with its replay). Generations (about 1.8e15) and the
   * floor are exact in Lua's doubles; -1 (no L1) and 0 raise nothing.
   */
  private static final String CURRENT_GENERATION = """
      local function current(floor)
        local g = redis.call('GET', KEYS[1]) or '0'
        if tonumber(floor) > tonumber(g) then
          redis.call('SET', KEYS[1], floor)
          return floor
        end
        return g
      end
      """;
  /** Reads the group's generation (at least ARGV[3]) and the value stored under it in one round trip. */
  static final Script GET_GROUPED = new Script(CURRENT_GENERATION + """
      local g = current(ARGV[3])
      return {g, redis.call('GET', ARGV[1] .. g .. ARGV[2])}""");
  /**
   * {@link #GET_GROUPED} plus the group's fence (KEYS[2]; '' when none): the fence a load must honour,
   * read atomically with the generation it will store under.
   */
  static final Script GET_GROUPED_FENCED = new Script(CURRENT_GENERATION + """
      local g = current(ARGV[3])
      local f = redis.call('GET', KEYS[2]) or ''
      return {g, f, redis.call('GET', ARGV[1] .. g .. ARGV[2])}""");
  /** Writes a value and announces it (ARGV[3] = channel, '' for none): a write and its message in one round trip. */
  static final Script PUT = new Script("""
      redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
      if ARGV[3] ~= '' then redis.call('PUBLISH', ARGV[3], ARGV[4]) end
      return 1""");
  /** Writes a value under the group's current generation (at least ARGV[7]) and announces it; returns it. */
  static final Script PUT_GROUPED = new Script(CURRENT_GENERATION + """
      local g = current(ARGV[7])
      redis.call('SET', ARGV[1] .. g .. ARGV[2], ARGV[3], 'PX', ARGV[4])
      if ARGV[5] ~= '' then redis.call('PUBLISH', ARGV[5], ARGV[6]) end
      return g""");
  /** Deletes a key and announces it (ARGV[1] = channel, '' for none). */
  static final Script INVALIDATE_KEY = new Script("""
      local n = redis.call('UNLINK', KEYS[1])
      if ARGV[1] ~= '' then redis.call('PUBLISH', ARGV[1], ARGV[2]) end
      return n""");
  /** Deletes a key under the group's current generation (at least ARGV[5]) and announces it. */
  static final Script INVALIDATE_GROUPED_KEY = new Script(CURRENT_GENERATION + """
      local g = current(ARGV[5])
      local n = redis.call('UNLINK', ARGV[1] .. g .. ARGV[2])
      if ARGV[3] ~= '' then redis.call('PUBLISH', ARGV[3], ARGV[4]) end
      return n""");
  /**
   * Lua that bumps the group's generation (KEYS[1]) into {@code g}. A generation key that does not
   * exist starts from the server's clock in microseconds (about 1.8e15, exact in a Lua double up to
   * 2^53), not from 0: if Redis lost the key (a node restarted empty, a failover to a replica that
   * missed it, an eviction) while instances stayed subscribed, counting again from 1 would put the
   * group below the generation their L1 entries were filled under, and no instance would drop them.
   * Formatted with {@code %d}: Lua's default number format would print 1.8e15 as {@code 1.8e+15}.
   * Before the {@code INCR}, the key is raised to the floor ARGV[{@code floorArg}], the highest
   * generation the invalidating instance knows (see {@link #CURRENT_GENERATION}): the new generation
   * is always above it, so the instance never has to count past Redis by itself and stay ahead of it.
   */
  private static String bumpGeneration(int floorArg) {
    return """
        if redis.call('EXISTS', KEYS[1]) == 0 then
          local t = redis.call('TIME')
          redis.call('SET', KEYS[1], t[1] .. string.sub('00000' .. t[2], -6))
        end
        if tonumber(ARGV[%d]) > tonumber(redis.call('GET', KEYS[1])) then redis.call('SET', KEYS[1], ARGV[%d]) end
        local g = redis.call('INCR', KEYS[1])
        local gs = string.format('%%d', g)
        """.formatted(floorArg, floorArg);
  }
  /** Bumps the group's generation (past ARGV[3]) and announces the new one (message = ARGV[2] .. generation). */
  static final Script INVALIDATE_GROUP = new Script(bumpGeneration(3) + """
      if ARGV[1] ~= '' then redis.call('PUBLISH', ARGV[1], ARGV[2] .. gs) end
      return g""");

  /**
   * Lua that raises the group's fence (KEYS[2]) to ARGV[3] if that is higher ('' raises nothing) into
   * {@code f}, the fence the group holds ('' when none). Fences are 16 hex digits compared as two
   * 32-bit halves, which Lua numbers (doubles) hold exactly.
   */
  private static final String RAISE_FENCE = """
      local f = redis.call('GET', KEYS[2]) or ''
      local function above(a, b)
        local ah, bh = tonumber(string.sub(a, 1, 8), 16), tonumber(string.sub(b, 1, 8), 16)
        if ah ~= bh then return ah > bh end
        return tonumber(string.sub(a, 9, 16), 16) > tonumber(string.sub(b, 9, 16), 16)
      end
      if ARGV[3] ~= '' and (string.len(f) ~= 16 or above(ARGV[3], f)) then
        redis.call('SET', KEYS[2], ARGV[3])
        f = ARGV[3]
      end
      """;

  /**
   * Bumps the generation and raises the group's fence (KEYS[2]) to ARGV[3] if that is higher, in one
   * script, and announces both (message = ARGV[2] .. generation .. '|' .. fence). Fences are 16 hex
   * digits compared as two 32-bit halves, which Lua numbers (doubles) hold exactly. ARGV[4] is the floor
   * of {@link #bumpGeneration}. Returns {g, fence}.
   */
  static final Script INVALIDATE_GROUP_FENCED = new Script(bumpGeneration(4) + RAISE_FENCE + """
      if ARGV[1] ~= '' then redis.call('PUBLISH', ARGV[1], ARGV[2] .. gs .. '|' .. f) end
      return {g, f}""");

  /**
   * Reads a group's generation (KEYS[1], at least ARGV[2], see {@link #CURRENT_GENERATION}) and the
   * values of the keys ARGV[1] .. generation .. ARGV[3..] under it, in one round trip: {g, v1, ...}
   * (a missing value is nil).
   */
  static final Script READ_GROUP = new Script(CURRENT_GENERATION + """
      local g = current(ARGV[2])
      local r = {g}
      for i = 3, #ARGV do r[i - 1] = redis.call('GET', ARGV[1] .. g .. ARGV[i]) end
      return r""");

  /**
   * The write-through of a group ({@code TieredCache.updateGroup}). ARGV[1..4] as for
   * {@link #INVALIDATE_GROUP_FENCED} (ARGV[3] '' for no fence), ARGV[5] the generation the values were
   * read under, ARGV[6] the grouped keys' prefix, then per listed key four arguments: its suffix, the
   * SHA-1 of the value read ('' when there was none), the new value ('' for none: the key is dropped)
   * and its TTL in ms. The values are written under the new generation only if the group is still at
   * ARGV[5] (and the caller knows no higher one) and every listed key still holds what was read;
   * otherwise this is {@link #INVALIDATE_GROUP_FENCED}. The message is the fenced invalidation's.
   * Returns {1 if written else 0, g, fence}.
   */
  static final Script UPDATE_GROUP = new Script("""
      local cur = redis.call('GET', KEYS[1]) or '0'
      local ok = tonumber(cur) == tonumber(ARGV[5]) and tonumber(ARGV[4]) <= tonumber(cur)
      if ok then
        for i = 7, #ARGV, 4 do
          local v = redis.call('GET', ARGV[6] .. cur .. ARGV[i])
          if ARGV[i + 1] == '' then
            if v then ok = false end
          elseif not v or redis.sha1hex(v) ~= ARGV[i + 1] then
            ok = false
          end
          if not ok then break end
        end
      end
      """ + bumpGeneration(4) + RAISE_FENCE + """
      if ok then
        for i = 7, #ARGV, 4 do
          if ARGV[i + 2] ~= '' then redis.call('SET', ARGV[6] .. gs .. ARGV[i], ARGV[i + 2], 'PX', ARGV[i + 3]) end
        end
      end
      if ARGV[1] ~= '' then redis.call('PUBLISH', ARGV[1], ARGV[2] .. gs .. '|' .. f) end
      return {ok and 1 or 0, g, f}""");

  /**
   * Takes a recompute lease if it is free and returns, with it, the value it guards as it is now
   * ({1, value-or-nil}; {0} when taken by someone else): the caller sees a recomputation that landed
   * between its read and the lease, which separate commands would hide.
   */
  static final Script TAKE_LEASE = new Script("""
      if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return {1, redis.call('GET', KEYS[2])} end
      return {0}""");
  /** Deletes a recompute lease if it still holds this instance's token. */
  static final Script RELEASE_LEASE = new Script("""
      if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
      return 0""");

  /** A Lua script and its SHA-1 (for EVALSHA, falling back to EVAL when the server lost it). */
  static final class Script {
    final String source;
    final String sha;

    Script(String source) {
      this.source = source;
      this.sha = sha1Hex(source.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Hex SHA-1 of {@code b}, as Redis's {@code redis.sha1hex} and script SHAs are written. */
  static String sha1Hex(byte[] b) {
    try {
      byte[] d = java.security.MessageDigest.getInstance("SHA-1").digest(b);
      StringBuilder sb = new StringBuilder(40);
      for (byte x : d) {
        sb.append(Character.forDigit((x >> 4) & 0xF, 16)).append(Character.forDigit(x & 0xF, 16));
      }
      return sb.toString();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 unavailable", e);
    }
  }
}
