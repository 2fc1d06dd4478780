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
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback stand-in for the AWS Lambda Runtime API (version 2018-06-01), which exists only inside
 * Lambda: the runtime interface client asks {@code GET /runtime/invocation/next} for work (answered
 * when a test {@link #invoke}s, with the request id, deadline, function ARN and X-Ray trace header
 * in the headers Lambda uses) and posts the outcome to {@code /runtime/invocation/<id>/response} or
 * {@code /error}; init errors go to {@code /runtime/init/error}; with {@code
 * AWS_LAMBDA_INITIALIZATION_TYPE=snap-start} the client asks {@code /runtime/restore/next} once and
 * reports a failed restore hook to {@code /runtime/restore/error} (kept with the init errors).
 *
 * <p>When an outcome arrives, the spans the {@link FakeCollector} holds at that moment are recorded
 * with it, before the client is answered: the function's next invocation cannot start earlier, so a
 * test sees exactly what was exported by the end of each invocation.
 */
public final class FakeLambdaRuntimeApi implements AutoCloseable {

  public static final String FUNCTION_ARN =
      "arn:aws:lambda:eu-west-1:123456789012:function:orders-fn";
  private static final String PREFIX = "/2018-06-01/runtime";
  private static final Pattern OUTCOME =
      Pattern.compile(PREFIX + "/invocation/([^/]+)/(response|error)");

  /** What the function reported for one invocation, with the spans exported by then. */
  public record Outcome(
      String requestId, boolean error, String body, List<ExportedSpan> spansAtOutcome) {}

  private record Invocation(String requestId, String traceHeader, String event) {}

  private final HttpServer server;
  private final ExecutorService executor;
  private final FakeCollector collector;
  private final BlockingQueue<Invocation> pending = new LinkedBlockingQueue<>();
  private final Map<String, CompletableFuture<Outcome>> outcomes = new ConcurrentHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final List<String> initErrors = new CopyOnWriteArrayList<>();

  private FakeLambdaRuntimeApi(HttpServer server, ExecutorService executor, FakeCollector c) {
    this.server = server;
    this.executor = executor;
    this.collector = c;
  }

  public static FakeLambdaRuntimeApi start(FakeCollector collector) {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      ExecutorService executor = Executors.newCachedThreadPool(Daemons.named("runtime-api"));
      FakeLambdaRuntimeApi api = new FakeLambdaRuntimeApi(server, executor, collector);
      server.createContext("/", api::handle);
      server.setExecutor(executor);
      server.start();
      return api;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The value for {@code AWS_LAMBDA_RUNTIME_API}. */
  public String hostAndPort() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /**
   * Queues one invocation with {@code event} (JSON) and Lambda's trace header ({@code null} for
   * none); the future completes when the function has reported its outcome.
   */
  public CompletableFuture<Outcome> invoke(String traceHeader, String event) {
    String requestId = UUID.randomUUID().toString();
    CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    outcomes.put(requestId, outcome);
    pending.add(new Invocation(requestId, traceHeader, event));
    return outcome;
  }

  /** {@code "METHOD path"} of every request received, in order. */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  public List<String> initErrors() {
    return List.copyOf(initErrors);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      requests.add(method + " " + path);
      Matcher outcome = OUTCOME.matcher(path);
      if (method.equals("GET") && path.equals(PREFIX + "/invocation/next")) {
        next(exchange);
      } else if (method.equals("POST") && outcome.matches()) {
        CompletableFuture<Outcome> future = outcomes.get(outcome.group(1));
        if (future == null) {
          exchange.sendResponseHeaders(404, -1);
          return;
        }
        boolean error = outcome.group(2).equals("error");
        future.complete(new Outcome(outcome.group(1), error, body, collector.spans()));
        exchange.sendResponseHeaders(202, -1);
      } else if (method.equals("POST")
          && (path.equals(PREFIX + "/init/error") || path.equals(PREFIX + "/restore/error"))) {
        initErrors.add(body);
        exchange.sendResponseHeaders(202, -1);
      } else if (method.equals("GET") && path.equals(PREFIX + "/restore/next")) {
        exchange.sendResponseHeaders(200, -1);
      } else {
        exchange.sendResponseHeaders(404, -1);
      }
    }
  }

  private void next(HttpExchange exchange) throws IOException {
    Invocation invocation;
    try {
      invocation = pending.take();
    } catch (InterruptedException e) {
      // Closing: the function is being stopped anyway.
      Thread.currentThread().interrupt();
      exchange.sendResponseHeaders(500, -1);
      return;
    }
    byte[] event = invocation.event().getBytes(StandardCharsets.UTF_8);
    var headers = exchange.getResponseHeaders();
    headers.set("Content-Type", "application/json");
    headers.set("Lambda-Runtime-Aws-Request-Id", invocation.requestId());
    headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + 60_000L));
    headers.set("Lambda-Runtime-Invoked-Function-Arn", FUNCTION_ARN);
    if (invocation.traceHeader() != null) {
      headers.set("Lambda-Runtime-Trace-Id", invocation.traceHeader());
    }
    exchange.sendResponseHeaders(200, event.length);
    exchange.getResponseBody().write(event);
  }

  @Override
  public void close() {
    executor.shutdownNow();
    server.stop(0);
  }
}
