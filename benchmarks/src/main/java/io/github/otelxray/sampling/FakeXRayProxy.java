package io.github.otelxray.sampling;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The collector's {@code awsproxy} as far as a sampler needs it, on 127.0.0.1 and a free port:
 * {@code POST /GetSamplingRules} answers the given rules, {@code POST /SamplingTargets} an empty
 * target list. Loopback only; stopped by {@link #close}.
 */
final class FakeXRayProxy implements AutoCloseable {

  private final HttpServer server;
  private final AtomicInteger rulesRequests = new AtomicInteger();
  private final AtomicInteger targetsRequests = new AtomicInteger();

  private FakeXRayProxy(HttpServer server) {
    this.server = server;
  }

  static FakeXRayProxy start(String rulesJson) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    FakeXRayProxy proxy = new FakeXRayProxy(server);
    byte[] rules = rulesJson.getBytes(StandardCharsets.UTF_8);
    byte[] targets = SamplingFixture.emptyTargetsJson().getBytes(StandardCharsets.UTF_8);
    server.createContext(
        "/GetSamplingRules",
        exchange -> {
          proxy.rulesRequests.incrementAndGet();
          answer(exchange, rules);
        });
    server.createContext(
        "/SamplingTargets",
        exchange -> {
          proxy.targetsRequests.incrementAndGet();
          answer(exchange, targets);
        });
    server.start();
    return proxy;
  }

  private static void answer(HttpExchange exchange, byte[] body) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      in.readAllBytes();
    }
    if (!"POST".equals(exchange.getRequestMethod())) {
      exchange.sendResponseHeaders(405, -1);
      exchange.close();
      return;
    }
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  int rulesRequests() {
    return rulesRequests.get();
  }

  int targetsRequests() {
    return targetsRequests.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
