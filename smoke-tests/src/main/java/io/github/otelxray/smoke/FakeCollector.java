package io.github.otelxray.smoke;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * Stands in for the ADOT collector's OTLP receiver: OTLP/HTTP with protobuf bodies on a free
 * loopback port, as the agent's default exporter ({@code http/protobuf}) sends them. The real
 * collector cannot run here (no Docker, no network), so this decodes the same wire format with the
 * official {@code opentelemetry-proto} classes and keeps every span for assertions. Metrics and
 * logs are accepted and dropped.
 */
public final class FakeCollector implements AutoCloseable {

  private static final HexFormat HEX = HexFormat.of();

  private final HttpServer server;
  private final List<ExportedSpan> spans = new CopyOnWriteArrayList<>();
  private final List<String> badRequests = new CopyOnWriteArrayList<>();

  private FakeCollector(HttpServer server) {
    this.server = server;
  }

  public static FakeCollector start() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      FakeCollector collector = new FakeCollector(server);
      server.createContext("/v1/traces", collector::receiveTraces);
      server.createContext("/", FakeCollector::acceptAndDrop);
      server.setExecutor(Executors.newFixedThreadPool(2, daemon("fake-collector")));
      server.start();
      return collector;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The value for {@code otel.exporter.otlp.endpoint}. */
  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public List<ExportedSpan> spans() {
    return List.copyOf(spans);
  }

  /** Requests that were not valid OTLP protobuf: a healthy run has none. */
  public List<String> badRequests() {
    return List.copyOf(badRequests);
  }

  /**
   * Waits until the spans received so far satisfy {@code condition}, polling; returns them. Throws
   * with what did arrive when {@code timeout} passes first, so a failure shows the evidence.
   */
  public List<ExportedSpan> awaitSpans(Predicate<List<ExportedSpan>> condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<ExportedSpan> now = spans();
      if (condition.test(now)) {
        return now;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "spans did not arrive within "
                + timeout
                + "; received "
                + now.size()
                + ":\n"
                + describe(now));
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for spans", e);
      }
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
      byte[] body;
      try (InputStream in = bodyOf(exchange)) {
        body = in.readAllBytes();
      }
      ExportTraceServiceRequest request;
      try {
        request = ExportTraceServiceRequest.parseFrom(body);
      } catch (IOException | RuntimeException | LinkageError e) {
        badRequests.add(exchange.getRequestHeaders().getFirst("Content-Type") + ": " + e);
        exchange.sendResponseHeaders(400, -1);
        return;
      }
      for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
        Map<String, Object> resource = attributes(resourceSpans.getResource());
        for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
          for (Span span : scopeSpans.getSpansList()) {
            spans.add(toExported(span, resource));
          }
        }
      }
      byte[] response = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
      exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, response.length == 0 ? -1 : response.length);
      if (response.length > 0) {
        exchange.getResponseBody().write(response);
      }
    }
  }

  private static InputStream bodyOf(HttpExchange exchange) throws IOException {
    String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
    InputStream in = exchange.getRequestBody();
    return "gzip".equalsIgnoreCase(encoding) ? new GZIPInputStream(in) : in;
  }

  private static void acceptAndDrop(HttpExchange exchange) throws IOException {
    try (exchange) {
      exchange.getRequestBody().readAllBytes();
      exchange.sendResponseHeaders(200, -1);
    }
  }

  private static ExportedSpan toExported(Span span, Map<String, Object> resource) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    for (KeyValue kv : span.getAttributesList()) {
      attributes.put(kv.getKey(), valueOf(kv.getValue()));
    }
    return new ExportedSpan(
        HEX.formatHex(span.getTraceId().toByteArray()),
        HEX.formatHex(span.getSpanId().toByteArray()),
        HEX.formatHex(span.getParentSpanId().toByteArray()),
        span.getName(),
        span.getKind().name(),
        span.getStartTimeUnixNano(),
        span.getEndTimeUnixNano(),
        span.getStatus().getCode().name(),
        Map.copyOf(attributes),
        resource);
  }

  private static Map<String, Object> attributes(Resource resource) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    for (KeyValue kv : resource.getAttributesList()) {
      attributes.put(kv.getKey(), valueOf(kv.getValue()));
    }
    return Map.copyOf(attributes);
  }

  private static Object valueOf(AnyValue value) {
    return switch (value.getValueCase()) {
      case STRING_VALUE -> value.getStringValue();
      case BOOL_VALUE -> value.getBoolValue();
      case INT_VALUE -> value.getIntValue();
      case DOUBLE_VALUE -> value.getDoubleValue();
      case ARRAY_VALUE -> {
        List<Object> values = new ArrayList<>();
        for (AnyValue element : value.getArrayValue().getValuesList()) {
          values.add(valueOf(element));
        }
        yield List.copyOf(values);
      }
      default -> value.toString();
    };
  }

  static java.util.concurrent.ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
