/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.smoke.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;

/**
 * The service the smoke tests and the demo run under the agent: the JDK's own HTTP server and
 * client, so no framework hides what the agent and the extension do. It knows nothing of
 * OpenTelemetry; every span comes from the agent's bytecode instrumentation.
 *
 * <ul>
 *   <li>{@code /hello/...}, {@code /api/...}, {@code /health/...}: 200 (paths for sampling rules to
 *       tell apart).
 *   <li>{@code /order}: 200, after setting attributes on the current span (see {@link
 *       OrderHandler}).
 *   <li>{@code /headers}: 200 and the request headers it received, one {@code name: value} a line,
 *       names lower-cased, so a caller can see what was propagated to it.
 *   <li>{@code /call?to=URL}: calls {@code URL} (loopback only) and answers with its status and
 *       body.
 *   <li>{@code /fail}: 500 (an X-Ray fault); {@code /missing}: 404 (an X-Ray error).
 *   <li>{@code /events?count=N&size=M}: 500, after adding N span events with a distinct M-character
 *       string attribute each to the current span (see {@link EventsHandler}).
 *   <li>{@code /memory}: the heap in use after a full collection, in bytes.
 * </ul>
 *
 * <p>Prints {@code listening on port N} once it serves, which is what the launcher waits for.
 */
public final class SampleService {

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private SampleService() {}

  public static void main(String[] args) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/hello", exchange -> respond(exchange, 200, "hello\n"));
    server.createContext("/api", exchange -> respond(exchange, 200, "{\"ok\":true}\n"));
    server.createContext("/health", exchange -> respond(exchange, 200, "healthy\n"));
    server.createContext(
        "/order",
        exchange -> {
          OrderHandler.annotateCurrentSpan();
          respond(exchange, 200, "order o-1001\n");
        });
    server.createContext("/headers", SampleService::headers);
    server.createContext("/call", SampleService::call);
    server.createContext("/fail", exchange -> respond(exchange, 500, "failed on purpose\n"));
    server.createContext("/missing", exchange -> respond(exchange, 404, "no such thing\n"));
    server.createContext("/memory", SampleService::memory);
    server.createContext("/events", SampleService::events);
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.start();
    System.out.println("listening on port " + server.getAddress().getPort());
    System.out.flush();
  }

  /** Heap in use after a full collection, in bytes: how tests see that memory stays flat. */
  private static void memory(HttpExchange exchange) throws IOException {
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    respond(exchange, 200, (runtime.totalMemory() - runtime.freeMemory()) + "\n");
  }

  private static void events(HttpExchange exchange) throws IOException {
    Map<String, String> query = new TreeMap<>();
    String raw = exchange.getRequestURI().getRawQuery();
    for (String pair : raw == null ? new String[0] : raw.split("&")) {
      int equals = pair.indexOf('=');
      if (equals > 0) {
        query.put(pair.substring(0, equals), pair.substring(equals + 1));
      }
    }
    EventsHandler.addEvents(
        Integer.parseInt(query.getOrDefault("count", "1")),
        Integer.parseInt(query.getOrDefault("size", "10")));
    respond(exchange, 500, "events added, failed on purpose\n");
  }

  private static void headers(HttpExchange exchange) throws IOException {
    Map<String, List<String>> sorted = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    sorted.putAll(exchange.getRequestHeaders());
    StringBuilder body = new StringBuilder();
    sorted.forEach(
        (name, values) -> {
          for (String value : values) {
            body.append(name.toLowerCase()).append(": ").append(value).append('\n');
          }
        });
    respond(exchange, 200, body.toString());
  }

  private static void call(HttpExchange exchange) throws IOException {
    String query = exchange.getRequestURI().getRawQuery();
    if (query == null || !query.startsWith("to=")) {
      respond(exchange, 400, "need ?to=URL\n");
      return;
    }
    URI target = URI.create(URLDecoder.decode(query.substring(3), StandardCharsets.UTF_8));
    if (!"127.0.0.1".equals(target.getHost()) && !"localhost".equals(target.getHost())) {
      respond(exchange, 400, "loopback targets only\n");
      return;
    }
    try {
      HttpResponse<String> response =
          CLIENT.send(
              HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(10)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      respond(exchange, response.statusCode(), response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      respond(exchange, 502, "interrupted\n");
    } catch (IOException e) {
      respond(exchange, 502, "downstream failed: " + e + "\n");
    }
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    try (exchange) {
      exchange.getRequestBody().readAllBytes();
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
      exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        exchange.getResponseBody().write(bytes);
      }
    }
  }
}
