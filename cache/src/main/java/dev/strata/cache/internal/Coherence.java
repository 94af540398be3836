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
 * subscription drops, the messages sent meanwhile are lost: the instance notes it, and when it is
 * subscribed again it clears its L1 before using it as a coherent cache again.
 *
 * <p>Message format: {@code <sender>|<type>|<payload>}: {@code K|name}, {@code k|<groupLength>|<group><name>},
 * {@code G|<generation>|<group>}, {@code P|<pattern>}.
 */
final class Coherence implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Coherence.class);

  /** What received messages do to this instance's L1. */
  interface Local {
    void removeKey(String group, String name);

    void generation(String group, long generation);

    void removeMatching(String pattern);

    /** Clears L1; {@code reason} is null for the silent clear at the first subscription. */
    void clearAll(String reason);
  }

  private final String name;
  private final String channel;
  private final String self = UUID.randomUUID().toString().substring(0, 13);
  private final RedisTier redis;
  private final Local local;
  private volatile StatefulRedisPubSubConnection<String, String> connection;
  /** True from a disconnect (or before the first subscription) until the next confirmed subscription. */
  private volatile boolean interrupted = true;
  private volatile boolean closed;
  private volatile boolean everSubscribed;

  Coherence(String name, String namespace, RedisTier redis, Local local) {
    this.name = name;
    this.channel = namespace + ":__invalidations";
    this.redis = redis;
    this.local = local;
  }

  /** Connects and subscribes if not yet done; returns whether the subscription exists. Thread-safe. */
  synchronized boolean ensureSubscribed() {
    if (connection != null || closed) {
      return connection != null;
    }
    try {
      StatefulRedisPubSubConnection<String, String> c = redis.connectPubSub();
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
          if (!interrupted && !closed) {
            log.warn("[{}] invalidation subscription interrupted; L1 will be cleared when it is back", name);
          }
          interrupted = true;
        }
      });
      c.sync().subscribe(channel);
      connection = c;
      return true;
    } catch (RuntimeException e) {
      log.debug("[{}] cannot subscribe to {} yet: {}", name, channel, e.toString());
      return false;
    }
  }

  /** Whether invalidations from other instances may have been missed right now. */
  boolean interrupted() {
    return interrupted;
  }

  private void resubscribed() {
    if (interrupted) {
      if (everSubscribed) {
        // messages sent while we were away are lost: nothing in L1 can be trusted
        local.clearAll("invalidation subscription re-established");
      } else {
        // first subscription: whatever L1 holds was filled before it; invalidations sent meanwhile were missed
        local.clearAll(null);
        everSubscribed = true;
      }
      interrupted = false;
    }
  }

  void publishKey(String group, String key) {
    publish(group == null ? "K|" + key : "k|" + group.length() + "|" + group + key);
  }

  void publishGeneration(String group, long generation) {
    publish("G|" + generation + "|" + group);
  }

  void publishPattern(String pattern) {
    publish("P|" + pattern);
  }

  private void publish(String body) {
    redis.publish(channel, self + "|" + body);
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
          int bar = rest.indexOf('|');
          local.generation(rest.substring(bar + 1), Long.parseLong(rest.substring(0, bar)));
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
