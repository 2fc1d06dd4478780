/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.fakes;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A loopback HTTP server with canned JSON answers per path ({@code GET}; any other path is answered
 * 404) that records every request. Stands in for AWS metadata endpoints a JVM under test may call
 * ({@link FakeEcsMetadata}, {@link FakeImds}), so nothing ever leaves 127.0.0.1 and a test can tell
 * whether a detector asked.
 */
public final class CannedHttpServer implements AutoCloseable {

  private final HttpServer server;
  private final Map<String, String> answers = new ConcurrentHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final List<String> traceHeaders = new CopyOnWriteArrayList<>();

  private CannedHttpServer(HttpServer server) {
    this.server = server;
  }

  public static CannedHttpServer start() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      CannedHttpServer canned = new CannedHttpServer(server);
      server.createContext("/", canned::answer);
      server.setExecutor(Executors.newSingleThreadExecutor(Daemons.named("canned-http")));
      server.start();
      return canned;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Answers {@code GET path} with 200 and {@code json}; other paths get 404. */
  public CannedHttpServer answer(String path, String json) {
    answers.put(path, json);
    return this;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public String hostAndPort() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** {@code "METHOD path"} of every request received, in order. */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  /** Forgets the requests received so far. */
  public void reset() {
    requests.clear();
    traceHeaders.clear();
  }

  /** The {@code X-Amzn-Trace-Id} of every request that had one, in order. */
  public List<String> traceHeaders() {
    return List.copyOf(traceHeaders);
  }

  private void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      exchange.getRequestBody().readAllBytes();
      String path = exchange.getRequestURI().getPath();
      String traceHeader = exchange.getRequestHeaders().getFirst("X-Amzn-Trace-Id");
      if (traceHeader != null) {
        traceHeaders.add(traceHeader);
      }
      requests.add(exchange.getRequestMethod() + " " + path);
      String json = answers.get(path);
      if (json == null) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      byte[] body = json.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
