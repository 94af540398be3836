package dev.strata.cache.internal;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cross-instance L1 coherence over Redis pub/sub. Every invalidation is published on the namespace's
 * channel; every other instance applies it to its L1. Pub/sub delivers at most once, so when the
 * subscription drops, the messages sent meanwhile are lost: when the disconnect (or an unanswered
 * {@link #heartbeat()}) is seen, L1 is
 * cleared at once (its entries may miss invalidations from then on) and, until the subscription is
 * back, serves what is filled meanwhile only briefly; when it is subscribed again L1 is cleared once
 * more (what was filled while unsubscribed may have missed messages) and used as a coherent cache again.
 *
 * <p>Message format: {@code <sender>|<type>|<payload>}: {@code K|name}, {@code k|<groupLength>|<group><name>},
 * {@code G|<group>|<generation>}, {@code F|<group>|<generation>|<fence as 16 hex digits>} (a fenced group
 * invalidation: the fence is recorded before the generation is applied), {@code P|<pattern>}.
 * An instance of a version without {@code F} ignores it with a warning: run one version per namespace. Key and group invalidations are published by
 * the same Redis script that performs them, so each costs one round trip.
 */
final class Coherence implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Coherence.class);

  /** What received messages do to this instance's L1. */
  interface Local {
    void removeKey(String group, String name);

    void generation(String group, long generation);

    void removeMatching(String pattern);

    void clearAll(String reason);

    /** Whether the subscription is in place (false: invalidations from the others may be missed). */
    default void subscriptionState(boolean subscribed) {}
  }

  private final String name;
  private final String channel;
  private final String self = UUID.randomUUID().toString().substring(0, 13);
  private final RedisTier redis;
  private final Local local;
  private final Fences fences;
  private volatile StatefulRedisPubSubConnection<String, String> connection;
  /** True from a disconnect until Lettuce's automatic resubscription is confirmed. */
  private volatile boolean interrupted;
  /** Orders the interruption and resubscription transitions (not {@code this}: subscribing waits on Lettuce's thread). */
  private final Object stateLock = new Object();
  /** The interruption was declared by an unanswered heartbeat, not a disconnect (guarded by stateLock). */
  private boolean silent;
  private volatile boolean closed;
  private int attempts;

  Coherence(String name, String namespace, RedisTier redis, Local local, Fences fences) {
    this.name = name;
    this.fences = fences;
    this.channel = namespace + ":__invalidations";
    this.redis = redis;
    this.local = local;
  }

  /** Connects and subscribes if not yet done; returns whether the subscription exists. Thread-safe. */
  synchronized boolean ensureSubscribed() {
    if (connection != null || closed) {
      return connection != null;
    }
    attempts++;
    StatefulRedisPubSubConnection<String, String> c;
    try {
      c = redis.connectPubSub();
    } catch (RuntimeException e) {
      log.debug("[{}] cannot connect for {} yet: {}", name, channel, e.toString());
      local.subscriptionState(false);
      return false;
    }
    c.addListener(new RedisPubSubAdapter<String, String>() {
      @Override
      public void message(String ch, String message) {
        if (channel.equals(ch)) {
          receive(message);
        }
      }

      @Override
      public void subscribed(String ch, long count) {
        if (channel.equals(ch)) {
          resubscribed();
        }
      }
    });
    c.addListener(new RedisConnectionStateListener() {
      @Override
      public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
        synchronized (stateLock) {
          silent = false; // the resubscription, not a heartbeat, ends this interruption
          if (closed || interrupted) {
            return;
          }
          interrupted = true;
          log.warn("[{}] invalidation subscription interrupted; L1 cleared, and cleared again when it is back", name);
          // from now on messages are lost: nothing in L1 can be trusted, and new fills are served briefly
          local.subscriptionState(false);
          local.clearAll("invalidation subscription interrupted");
        }
      }
    });
    try {
      c.sync().subscribe(channel);
    } catch (RuntimeException e) {
      log.debug("[{}] cannot subscribe to {} yet: {}", name, channel, e.toString());
      c.closeAsync();
      local.subscriptionState(false);
      return false;
    }
    connection = c;
    if (attempts > 1) {
      // Redis was unreachable when the cache started: L1 was filled without hearing any invalidation
      synchronized (stateLock) {
        local.clearAll("invalidation subscription established after a delayed start");
        local.subscriptionState(true);
      }
    }
    return true;
  }

  private void resubscribed() {
    synchronized (stateLock) {
      if (interrupted) {
        // what was filled while we were away may have missed messages
        local.clearAll("invalidation subscription re-established");
        local.subscriptionState(true);
        interrupted = false;
        silent = false;
      }
    }
  }

  /**
   * Periodic (maintenance thread): a PING through the subscription's connection. One left unanswered
   * for the command timeout counts as an interruption, as a disconnect does: a connection that stays
   * open while nothing gets through (a partition, a stalled server) would otherwise go unnoticed. The
   * next answered PING ends it, unless the connection dropped meanwhile (then the resubscription does).
   */
  void heartbeat() {
    StatefulRedisPubSubConnection<String, String> c = connection;
    if (c == null || closed) {
      return;
    }
    boolean answered;
    try {
      c.sync().ping();
      answered = true;
    } catch (RuntimeException e) {
      answered = false;
    }
    synchronized (stateLock) {
      if (closed) {
        return;
      }
      if (!answered && !interrupted) {
        interrupted = true;
        silent = true;
        log.warn("[{}] invalidation subscription not answering; L1 cleared, and cleared again when it answers", name);
        local.subscriptionState(false);
        local.clearAll("invalidation subscription not answering");
      } else if (answered && interrupted && silent) {
        local.clearAll("invalidation subscription answering again");
        local.subscriptionState(true);
        interrupted = false;
        silent = false;
      }
    }
  }

  /** The channel of this namespace's invalidations. */
  String channel() {
    return channel;
  }

  /** The message that drops one key from the other instances' L1. */
  String keyMessage(String group, String key) {
    return self + "|" + (group == null ? "K|" + key : "k|" + group.length() + "|" + group + key);
  }

  /** The message announcing a group's new generation, without the generation (appended by Redis). */
  String generationMessagePrefix(String group) {
    return self + "|G|" + group + "|";
  }

  /** The message announcing a fenced group invalidation, without the generation and fence (appended by Redis). */
  String fencedMessagePrefix(String group) {
    return self + "|F|" + group + "|";
  }

  void publishKey(String group, String key) {
    redis.publish(channel, keyMessage(group, key));
  }

  void publishPattern(String pattern) {
    redis.publish(channel, self + "|P|" + pattern);
  }

  private void receive(String message) {
    try {
      int a = message.indexOf('|');
      if (a < 0 || message.regionMatches(0, self, 0, a) && a == self.length()) {
        return; // malformed, or our own (already applied locally)
      }
      char type = message.charAt(a + 1);
      String rest = message.substring(a + 3);
      switch (type) {
        case 'K' -> local.removeKey(null, rest);
        case 'k' -> {
          int bar = rest.indexOf('|');
          int len = Integer.parseInt(rest.substring(0, bar));
          local.removeKey(rest.substring(bar + 1, bar + 1 + len), rest.substring(bar + 1 + len));
        }
        case 'G' -> {
          int bar = rest.lastIndexOf('|');
          local.generation(rest.substring(0, bar), Long.parseLong(rest.substring(bar + 1)));
        }
        case 'F' -> {
          int f = rest.lastIndexOf('|');
          int g = rest.lastIndexOf('|', f - 1);
          String group = rest.substring(0, g);
          // the fence first: a load that sees the new generation must not see an older fence
          fences.note(group, Fences.parse(rest.substring(f + 1)));
          local.generation(group, Long.parseLong(rest.substring(g + 1, f)));
        }
        case 'P' -> local.removeMatching(rest);
        default -> log.warn("[{}] ignored invalidation message of unknown type: {}", name, message);
      }
    } catch (RuntimeException e) {
      // a message we cannot parse may have been an invalidation: be safe
      log.warn("[{}] unreadable invalidation message '{}' ({}); clearing L1", name, message, e.toString());
      local.clearAll("unreadable invalidation message");
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    StatefulRedisPubSubConnection<String, String> c = connection;
    if (c != null) {
      c.close();
    }
  }
}
