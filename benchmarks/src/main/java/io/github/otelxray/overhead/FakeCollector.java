package io.github.otelxray.overhead;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.GZIPInputStream;

/**
 * Stands in for the ADOT collector's OTLP/HTTP receiver, which the benchmark must not need: {@code
 * POST /v1/traces} (any {@code /v1/*} path) is read whole and answered 200 with an empty {@code
 * application/x-protobuf} body, which is a valid empty {@code ExportTraceServiceResponse}. It
 * counts requests, bytes and spans so that the report shows the agents really exported what they
 * traced (an agent whose queue overflows and drops spans would look cheaper than it is). Spans are
 * counted by walking the protobuf wire format (field 1 {@code resource_spans} → field 2 {@code
 * scope_spans} → field 2 {@code spans}); no OTLP classes are needed for that.
 */
final class FakeCollector implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService executor;
  private final LongAdder requests = new LongAdder();
  private final LongAdder bytes = new LongAdder();
  private final LongAdder spans = new LongAdder();
  private final LongAdder malformed = new LongAdder();

  FakeCollector() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    executor = Executors.newFixedThreadPool(2, Daemons.named("fake-collector"));
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /**
   * Requests, bytes (as sent, before decompression), spans, and trace requests whose body was not a
   * readable {@code ExportTraceServiceRequest}, since the last reset.
   */
  record Counts(long requests, long bytes, long spans, long malformed) {}

  Counts counts() {
    return new Counts(requests.sum(), bytes.sum(), spans.sum(), malformed.sum());
  }

  void reset() {
    requests.reset();
    bytes.reset();
    spans.reset();
    malformed.reset();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      if ("POST".equals(exchange.getRequestMethod())) {
        requests.increment();
        bytes.add(body.length);
        if (exchange.getRequestURI().getPath().equals("/v1/traces")) {
          try {
            spans.add(countSpans(decode(exchange, body)));
          } catch (RuntimeException e) {
            malformed.increment();
          }
        }
      }
      exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, -1);
    } finally {
      exchange.close();
    }
  }

  private static byte[] decode(HttpExchange exchange, byte[] body) throws IOException {
    if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
      try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
        return in.readAllBytes();
      }
    }
    return body;
  }

  /** Spans in an {@code ExportTraceServiceRequest}; throws if the bytes are not protobuf. */
  static long countSpans(byte[] request) {
    long count = 0;
    Wire top = new Wire(request, 0, request.length);
    while (top.next()) {
      if (top.field == 1 && top.isBytes()) {
        Wire resourceSpans = top.sub();
        while (resourceSpans.next()) {
          if (resourceSpans.field == 2 && resourceSpans.isBytes()) {
            Wire scopeSpans = resourceSpans.sub();
            while (scopeSpans.next()) {
              if (scopeSpans.field == 2 && scopeSpans.isBytes()) {
                count++;
              }
            }
          }
        }
      }
    }
    return count;
  }

  /** A cursor over protobuf fields between {@code start} and {@code end}. */
  private static final class Wire {
    private final byte[] b;
    private int pos;
    private final int end;
    int field;
    private int wireType;
    private int valueStart;
    private int valueEnd;

    Wire(byte[] b, int start, int end) {
      this.b = b;
      this.pos = start;
      this.end = end;
    }

    boolean next() {
      if (pos >= end) {
        return false;
      }
      long key = varint();
      field = (int) (key >>> 3);
      wireType = (int) (key & 7);
      switch (wireType) {
        case 0 -> varint();
        case 1 -> pos += 8;
        case 5 -> pos += 4;
        case 2 -> {
          int length = (int) varint();
          valueStart = pos;
          valueEnd = pos + length;
          pos = valueEnd;
        }
        default -> throw new IllegalStateException("unsupported wire type " + wireType);
      }
      if (pos > end) {
        throw new IllegalStateException("truncated protobuf");
      }
      return true;
    }

    boolean isBytes() {
      return wireType == 2;
    }

    Wire sub() {
      return new Wire(b, valueStart, valueEnd);
    }

    private long varint() {
      long value = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        byte x = b[pos++];
        value |= (long) (x & 0x7f) << shift;
        if (x >= 0) {
          return value;
        }
      }
      throw new IllegalStateException("bad varint");
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
