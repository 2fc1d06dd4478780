/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.smoke.app.logging;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The HTTP side of the log correlation sample apps ({@link LogbackService}, {@link Log4jService}),
 * which differ only in the logging library {@code log} writes through. Like {@link
 * io.github.otelxray.smoke.app.SampleService} it is the JDK's own server and knows nothing of
 * OpenTelemetry: the agent makes the server span, the extension puts its id in the log line.
 *
 * <p>It logs, through {@code log}:
 *
 * <ul>
 *   <li>{@code startup}, before the server exists: outside any span;
 *   <li>{@code request <path>} for every request to {@code /log/...}, in the handler: inside the
 *       agent's server span;
 *   <li>{@code idle after <path>} on the same worker thread once that request's task has finished
 *       and its span has ended, before the thread takes the next request: the place where an id
 *       left in the thread's MDC would show up stale.
 * </ul>
 *
 * <p>Every request runs on the one worker thread, {@code request-worker}, so consecutive requests
 * share a thread as they do in any pooled server. Prints {@code listening on port N} once it
 * serves.
 */
public final class LoggingService {

  static final String WORKER = "request-worker";

  private static final ThreadLocal<String> LAST_PATH = new ThreadLocal<>();

  private LoggingService() {}

  public static void serve(Consumer<String> log) throws IOException {
    log.accept("startup");
    ThreadPoolExecutor worker =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            task -> new Thread(task, WORKER)) {
          @Override
          protected void afterExecute(Runnable task, Throwable failure) {
            String path = LAST_PATH.get();
            if (path != null) {
              LAST_PATH.remove();
              log.accept("idle after " + path);
            }
          }
        };
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/log",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          LAST_PATH.set(path);
          log.accept("request " + path);
          respond(exchange, "logged " + path + "\n");
        });
    server.setExecutor(worker);
    server.start();
    System.out.println("listening on port " + server.getAddress().getPort());
    System.out.flush();
  }

  private static void respond(HttpExchange exchange, String body) throws IOException {
    try (exchange) {
      exchange.getRequestBody().readAllBytes();
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
      exchange.sendResponseHeaders(200, bytes.length);
      exchange.getResponseBody().write(bytes);
    }
  }
}
