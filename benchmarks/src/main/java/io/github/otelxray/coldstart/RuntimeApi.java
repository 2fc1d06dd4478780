/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.coldstart;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The loopback side of one benchmark run: a stand-in for the Lambda Runtime API (2018-06-01: {@code
 * /runtime/invocation/next}, {@code /response}, {@code /error}, {@code /init/error}), the
 * function's downstream service ({@code GET /downstream}) and an OTLP sink ({@code POST
 * /v1/traces}, counted, not decoded). It timestamps what the benchmark measures: when each outcome
 * arrives, relative to when its invocation was handed out.
 */
final class RuntimeApi implements AutoCloseable {

  private static final String PREFIX = "/2018-06-01/runtime";
  private static final String TRACE_HEADER_TEMPLATE =
      "Root=1-%08x-%024x;Parent=53995c3f42cd8ad8;Sampled=1";

  /** One reported outcome: the time it arrived (System.nanoTime) and whether it was an error. */
  record Outcome(long arrivedNanos, boolean error, String body) {}

  private final HttpServer server;
  private final ExecutorService executor;
  private final SynchronousQueue<Long> handOut = new SynchronousQueue<>();
  private final SynchronousQueue<Outcome> outcomes = new SynchronousQueue<>();
  private final AtomicLong otlpRequests = new AtomicLong();
  private final AtomicLong sequence = new AtomicLong();
  private volatile long lastHandedOutNanos;

  RuntimeApi() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "runtime-api");
              t.setDaemon(true);
              return t;
            });
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  String hostAndPort() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  String downstreamUrl() {
    return "http://" + hostAndPort() + "/downstream";
  }

  String otlpEndpoint() {
    return "http://" + hostAndPort();
  }

  long otlpRequests() {
    return otlpRequests.get();
  }

  /**
   * Hands one invocation to the function's next {@code /next} and waits for its outcome; returns
   * it, or {@code null} when none came within {@code timeoutSeconds}.
   */
  Outcome invoke(long timeoutSeconds) throws InterruptedException {
    if (!handOut.offer(sequence.incrementAndGet(), timeoutSeconds, TimeUnit.SECONDS)) {
      return null;
    }
    return outcomes.poll(timeoutSeconds, TimeUnit.SECONDS);
  }

  /** When the last invocation was handed out (System.nanoTime). */
  long lastHandedOutNanos() {
    return lastHandedOutNanos;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] request = exchange.getRequestBody().readAllBytes();
      String path = exchange.getRequestURI().getPath();
      if (path.equals(PREFIX + "/invocation/next")) {
        next(exchange);
      } else if (path.startsWith(PREFIX + "/invocation/")) {
        long now = System.nanoTime();
        exchange.sendResponseHeaders(202, -1);
        outcomes.offer(
            new Outcome(now, path.endsWith("/error"), new String(request, StandardCharsets.UTF_8)),
            30,
            TimeUnit.SECONDS);
      } else if (path.equals(PREFIX + "/init/error")) {
        exchange.sendResponseHeaders(202, -1);
        outcomes.offer(
            new Outcome(System.nanoTime(), true, new String(request, StandardCharsets.UTF_8)),
            30,
            TimeUnit.SECONDS);
      } else if (path.equals("/downstream")) {
        byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
      } else if (path.equals("/v1/traces")) {
        otlpRequests.incrementAndGet();
        exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
        exchange.sendResponseHeaders(200, -1);
      } else {
        exchange.sendResponseHeaders(404, -1);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void next(HttpExchange exchange) throws IOException, InterruptedException {
    Long id = handOut.poll(10, TimeUnit.MINUTES);
    if (id == null) {
      exchange.sendResponseHeaders(500, -1);
      return;
    }
    byte[] event =
        ("{\"downstream\":\"" + downstreamUrl() + "\"}").getBytes(StandardCharsets.UTF_8);
    var headers = exchange.getResponseHeaders();
    headers.set("Content-Type", "application/json");
    headers.set("Lambda-Runtime-Aws-Request-Id", "request-" + id);
    headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + 60_000));
    headers.set(
        "Lambda-Runtime-Invoked-Function-Arn",
        "arn:aws:lambda:eu-west-1:123456789012:function:coldstart-fn");
    headers.set(
        "Lambda-Runtime-Trace-Id",
        String.format(TRACE_HEADER_TEMPLATE, System.currentTimeMillis() / 1000, id));
    lastHandedOutNanos = System.nanoTime();
    exchange.sendResponseHeaders(200, event.length);
    exchange.getResponseBody().write(event);
  }

  @Override
  public void close() {
    executor.shutdownNow();
    server.stop(0);
  }
}
