/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.fakes;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Stands in for the ADOT collector's OTLP receiver, which cannot run here (no Docker, no network):
 * OTLP/HTTP with protobuf bodies, gzipped or not, on a free loopback port, as the agent's default
 * exporter ({@code http/protobuf}) sends them. {@code POST /v1/traces} is answered 200 with an
 * empty {@code application/x-protobuf} body (a valid empty {@code ExportTraceServiceResponse}), or
 * 400 when the body is not a readable {@code ExportTraceServiceRequest}; metrics and logs are
 * accepted and dropped.
 *
 * <p>Two ways to run it. {@link #start()}, for tests: every span is decoded with the official
 * {@code opentelemetry-proto} classes and kept for assertions. {@link #counting()}, for long
 * benchmark runs: requests, bytes and spans are only counted (spans by walking the wire format), so
 * that a report can show the agents really exported what they traced (an agent whose queue
 * overflows would look cheaper than it is) while the fake keeps nothing.
 */
public final class FakeCollector implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService executor;
  private final boolean keepSpans;
  private final List<ExportedSpan> spans = new CopyOnWriteArrayList<>();
  private final List<String> badRequests = new CopyOnWriteArrayList<>();
  private final LongAdder requests = new LongAdder();
  private final LongAdder bytes = new LongAdder();
  private final LongAdder spanCount = new LongAdder();

  private FakeCollector(boolean keepSpans) {
    this.keepSpans = keepSpans;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    executor = Executors.newFixedThreadPool(2, Daemons.named("fake-collector"));
    server.setExecutor(executor);
    server.createContext("/v1/traces", this::receiveTraces);
    server.createContext("/", this::acceptAndDrop);
    server.start();
  }

  /** A collector that keeps every span it receives, for assertions. */
  public static FakeCollector start() {
    return new FakeCollector(true);
  }

  /** A collector that only counts what it receives ({@link #counts()}) and keeps nothing. */
  public static FakeCollector counting() {
    return new FakeCollector(false);
  }

  /** The value for {@code otel.exporter.otlp.endpoint}. */
  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /**
   * Requests (any {@code POST}), bytes (as sent, before decompression), spans, and trace requests
   * whose body was not a readable {@code ExportTraceServiceRequest}, since the start or the last
   * {@link #reset()}.
   */
  public record Counts(long requests, long bytes, long spans, long malformed) {}

  public Counts counts() {
    return new Counts(requests.sum(), bytes.sum(), spanCount.sum(), badRequests.size());
  }

  /** Forgets everything received so far. */
  public void reset() {
    requests.reset();
    bytes.reset();
    spanCount.reset();
    spans.clear();
    badRequests.clear();
  }

  /** Every span received so far; empty for a {@link #counting()} collector. */
  public List<ExportedSpan> spans() {
    return List.copyOf(spans);
  }

  /** Requests that were not valid OTLP protobuf: a healthy run has none. */
  public List<String> badRequests() {
    return List.copyOf(badRequests);
  }

  /**
   * Waits until the spans received so far satisfy {@code condition}, polling; returns them. Fails
   * with what did arrive when {@code timeout} passes first, so a failure shows the evidence.
   */
  public List<ExportedSpan> awaitSpans(Predicate<List<ExportedSpan>> condition, Duration timeout) {
    try {
      return Awaitility.await()
          .atMost(timeout)
          .pollInterval(Duration.ofMillis(50))
          .until(this::spans, condition);
    } catch (ConditionTimeoutException e) {
      List<ExportedSpan> now = spans();
      throw new AssertionError(
          "spans did not arrive within "
              + timeout
              + "; received "
              + now.size()
              + ":\n"
              + describe(now),
          e);
    }
  }

  /**
   * Waits until a server span for each of {@code paths} ({@code url.path}) arrived; returns all.
   */
  public List<ExportedSpan> awaitServerSpans(Duration timeout, String... paths) {
    List<String> wanted = List.of(paths);
    return awaitSpans(
        all ->
            all.stream()
                .filter(ExportedSpan::isServer)
                .map(s -> s.attribute("url.path"))
                .toList()
                .containsAll(wanted),
        timeout);
  }

  /** Waits for the server span of {@code path} ({@code url.path}) and returns it. */
  public ExportedSpan awaitServerSpan(String path, Duration timeout) {
    return serverSpan(awaitServerSpans(timeout, path), path);
  }

  /** The first server span of {@code path} ({@code url.path}) among {@code spans}. */
  public static ExportedSpan serverSpan(List<ExportedSpan> spans, String path) {
    return spans.stream()
        .filter(s -> s.isServer() && path.equals(s.attribute("url.path")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no server span for " + path + " in " + spans));
  }

  /** Waits for the spans of one trace until one of them satisfies {@code condition}. */
  public List<ExportedSpan> awaitTrace(
      String traceId, Predicate<ExportedSpan> condition, Duration timeout) {
    return awaitSpans(
            all -> all.stream().anyMatch(s -> s.traceId().equals(traceId) && condition.test(s)),
            timeout)
        .stream()
        .filter(s -> s.traceId().equals(traceId))
        .toList();
  }

  public static String describe(List<ExportedSpan> spans) {
    StringBuilder out = new StringBuilder();
    for (ExportedSpan s : spans) {
      out.append("  ")
          .append(s.serviceName())
          .append(' ')
          .append(s.kind())
          .append(" '")
          .append(s.name())
          .append("' trace=")
          .append(s.traceId())
          .append(" span=")
          .append(s.spanId())
          .append(" parent=")
          .append(s.parentSpanId())
          .append(' ')
          .append(s.attributes())
          .append('\n');
    }
    return out.toString();
  }

  private void receiveTraces(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = received(exchange);
      try {
        byte[] request = decompressed(exchange, body);
        if (keepSpans) {
          List<ExportedSpan> decoded = OtlpSpans.decode(request);
          spans.addAll(decoded);
          spanCount.add(decoded.size());
        } else {
          spanCount.add(OtlpSpanCount.of(request));
        }
      } catch (IOException | RuntimeException | LinkageError e) {
        badRequests.add(exchange.getRequestHeaders().getFirst("Content-Type") + ": " + e);
        exchange.sendResponseHeaders(400, -1);
        return;
      }
      exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, -1);
    }
  }

  private void acceptAndDrop(HttpExchange exchange) throws IOException {
    try (exchange) {
      received(exchange);
      exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, -1);
    }
  }

  /** Reads the body whole, counting a {@code POST} and its bytes as sent. */
  private byte[] received(HttpExchange exchange) throws IOException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    if ("POST".equals(exchange.getRequestMethod())) {
      requests.increment();
      bytes.add(body.length);
    }
    return body;
  }

  private static byte[] decompressed(HttpExchange exchange, byte[] body) throws IOException {
    if (!"gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
      return body;
    }
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      return in.readAllBytes();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
