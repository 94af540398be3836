package dev.strata.examples.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal Chrome DevTools protocol client for one page target, over the JDK's WebSocket: sends
 * commands, awaits their answers (bounded), and keeps console errors and uncaught exceptions.
 */
final class Cdp implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final List<String> errors = new CopyOnWriteArrayList<>();

  private Cdp(String webSocketUrl) throws Exception {
    socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(webSocketUrl), new Listener())
        .get(10, TimeUnit.SECONDS);
  }

  /** Connects to the page target at {@code webSocketUrl} and enables the runtime, log and page domains. */
  static Cdp connect(String webSocketUrl) throws Exception {
    Cdp cdp = new Cdp(webSocketUrl);
    cdp.call("Runtime.enable", Map.of());
    cdp.call("Log.enable", Map.of());
    cdp.call("Page.enable", Map.of());
    return cdp;
  }

  /** Sends {@code method} and returns its {@code result}; fails on a protocol error or after 15 s. */
  JsonNode call(String method, Map<String, ?> params) throws Exception {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
    msg.set("params", JSON.valueToTree(params));
    socket.sendText(JSON.writeValueAsString(msg), true).get(5, TimeUnit.SECONDS);
    JsonNode r = answer.get(15, TimeUnit.SECONDS);
    if (r.has("error")) {
      throw new IllegalStateException(method + " failed: " + r.get("error"));
    }
    return r.get("result");
  }

  /** Evaluates {@code expression} in the page (promises awaited) and returns its JSON value. */
  JsonNode eval(String expression) throws Exception {
    JsonNode r = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
    if (r.has("exceptionDetails")) {
      throw new IllegalStateException("page threw on " + expression + ": " + r.get("exceptionDetails"));
    }
    return r.at("/result/value");
  }

  /** Console errors, failed resource loads and uncaught exceptions seen so far. */
  List<String> errors() {
    return List.copyOf(errors);
  }

  @Override
  public void close() {
    socket.abort();
  }

  private void event(JsonNode m) {
    String method = m.path("method").asText();
    JsonNode p = m.path("params");
    if (method.equals("Runtime.consoleAPICalled") && p.path("type").asText().equals("error")) {
      errors.add("console.error: " + p.path("args"));
    } else if (method.equals("Runtime.exceptionThrown")) {
      errors.add("uncaught: " + p.path("exceptionDetails"));
    } else if (method.equals("Log.entryAdded") && p.at("/entry/level").asText().equals("error")) {
      errors.add("log: " + p.at("/entry/text").asText() + " " + p.at("/entry/url").asText());
    }
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        try {
          JsonNode m = JSON.readTree(text.toString());
          if (m.has("id")) {
            CompletableFuture<JsonNode> f = pending.remove(m.get("id").asInt());
            if (f != null) {
              f.complete(m);
            }
          } else {
            event(m);
          }
        } catch (Exception e) {
          errors.add("unreadable DevTools message: " + e);
        }
        text.setLength(0);
      }
      ws.request(1);
      return null;
    }
  }
}
