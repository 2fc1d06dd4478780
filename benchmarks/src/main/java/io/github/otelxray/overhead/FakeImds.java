package io.github.otelxray.overhead;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Stands in for the EC2 instance metadata service (169.254.169.254), which an agent's EC2 resource
 * detector would otherwise probe: the agents are pointed here with {@code
 * -Dotel.aws.imds.endpointOverride=127.0.0.1:<port>}. It answers 404 to everything, as a machine
 * that is not on EC2 would if it answered at all, and records each request ({@code METHOD path}) so
 * the report shows which configuration probed for metadata and how often.
 */
final class FakeImds implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService executor;
  private final List<String> requests = new ArrayList<>();

  FakeImds() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    executor = Executors.newSingleThreadExecutor(Daemons.named("fake-imds"));
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** {@code host:port}, the form {@code otel.aws.imds.endpointOverride} takes. */
  String hostPort() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  synchronized List<String> requests() {
    return List.copyOf(requests);
  }

  synchronized void reset() {
    requests.clear();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      try (InputStream in = exchange.getRequestBody()) {
        in.readAllBytes();
      }
      synchronized (this) {
        requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
      }
      exchange.sendResponseHeaders(404, -1);
    } finally {
      exchange.close();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
