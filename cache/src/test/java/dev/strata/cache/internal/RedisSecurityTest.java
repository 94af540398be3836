package dev.strata.cache.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.cache.CacheCodecs;
import dev.strata.cache.CacheListener;
import dev.strata.testkit.LogCapture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisSecurityTest {

  private static final String SECRET = "pa55-in-the-uri";

  private static CacheSettings settings(String redisUri, List<String> clusterUris, RedisSecurity security) {
    Duration d = Duration.ofSeconds(1);
    return new CacheSettings("c", "ns", 10, d, redisUri, clusterUris, d, CacheCodecs.json(), 1024, Integer.MAX_VALUE, d,
        0.1, 1.0, true, 5, d, 10, CacheListener.NONE, d, d, security);
  }

  @Test
  void settingsToString_masksThePasswordOfTheUri_andOfTheCredentials() {
    String s = settings("redis://app:" + SECRET + "@redis:6379", List.of(),
        new RedisSecurity("app", "builder-secret".toCharArray(), null)).toString();
    LogCapture.assertAbsent("CacheSettings.toString()", s, SECRET, "builder-secret");
    assertTrue(s.contains("redisUri=redis://****@redis:6379"), s);
    assertTrue(s.contains("username=app, password=****"), s);
  }

  @Test
  void settingsToString_masksEveryClusterSeed() {
    String s = settings(null, List.of("redis://:" + SECRET + "@n1:7000", "rediss://u:" + SECRET + "@n2:7001"),
        RedisSecurity.NONE).toString();
    LogCapture.assertAbsent("CacheSettings.toString()", s, SECRET);
    assertTrue(s.contains("[redis://****@n1:7000, rediss://****@n2:7001]"), s);
  }

  @Test
  void lettuceUriToString_masksThePassword() {
    // Lettuce's own messages name RedisURIs (cluster seeds that cannot be reached): check they stay masked
    LogCapture.assertAbsent("RedisURI.toString()", RedisURI.create("redis://u:" + SECRET + "@h:1").toString(), SECRET);
  }

  @Test
  void mask_hidesUserInfoOnly() {
    assertEquals("redis://h:6379/0", RedisSecurity.mask("redis://h:6379/0"));
    assertEquals("redis://****@h:6379/0?timeout=1s", RedisSecurity.mask("redis://:p@ss@h:6379/0?timeout=1s"));
    assertTrue(RedisSecurity.hasUserInfo("rediss://u:p@h"));
    assertFalse(RedisSecurity.hasUserInfo("redis://h:6379/0?clientName=a@b"));
  }

  @Test
  void apply_setsCredentialsAndTlsOnTheUri_andSslOptionsOnTheClient() {
    SslOptions ssl = SslOptions.builder().protocols("TLSv1.3").build();
    RedisSecurity security = new RedisSecurity("app", "pw".toCharArray(), ssl);
    RedisURI uri = security.apply(RedisURI.create("redis://h:6379"));
    assertTrue(uri.isSsl());
    var credentials = uri.getCredentialsProvider().resolveCredentials().block();
    assertEquals("app", credentials.getUsername());
    assertEquals("pw", new String(credentials.getPassword()));
    assertEquals(ssl, security.apply(io.lettuce.core.ClientOptions.builder()).build().getSslOptions());
    assertFalse(security.toString().contains("pw"), security.toString());
  }

  @Test
  void none_leavesTheUrisOwnCredentials() {
    RedisURI uri = RedisSecurity.NONE.apply(RedisURI.create("redis://u:p1@h:6379"));
    assertFalse(uri.isSsl());
    assertEquals("u", uri.getCredentialsProvider().resolveCredentials().block().getUsername());
  }
}
