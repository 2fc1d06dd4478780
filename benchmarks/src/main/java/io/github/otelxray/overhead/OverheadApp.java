/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.overhead;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service whose overhead {@link OverheadBenchmark} measures, started as its own JVM with and
 * without an agent: a JDK {@code HttpServer} on 127.0.0.1 whose {@code GET /work} logs one line
 * through SLF4J / Logback (the pattern prints the agent's {@code trace_id} and the extension's
 * {@code AWS-XRAY-TRACE-ID} MDC keys) and answers 200 with a short body. Nothing here is faked: it
 * stands for the simplest real service, so that what an agent adds per request is a large share of
 * the CPU it uses. Requests are handled on the server's dispatcher thread (no executor), so a
 * request's CPU lands on one thread, {@code HTTP-Dispatcher}.
 *
 * <p>Usage: {@code OverheadApp <port>}, with {@code -Dlogback.configurationFile=...} naming the
 * configuration (the harness passes {@code io/github/otelxray/overhead/logback-overhead.xml} and
 * {@code -Doverhead.log=<file>}).
 */
public final class OverheadApp {

  private static final Logger log = LoggerFactory.getLogger(OverheadApp.class);
  private static final byte[] BODY = "done\n".getBytes(StandardCharsets.US_ASCII);
  private static final AtomicLong count = new AtomicLong();

  private OverheadApp() {}

  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(args[0]);
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    server.createContext("/work", OverheadApp::work);
    server.start();
    log.info("overhead-app listening on 127.0.0.1:{}", port);
  }

  private static void work(HttpExchange exchange) throws IOException {
    try {
      if (!"GET".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      log.info("work request {}", count.incrementAndGet());
      exchange.getResponseHeaders().set("Content-Type", "text/plain");
      exchange.sendResponseHeaders(200, BODY.length);
      try (OutputStream body = exchange.getResponseBody()) {
        body.write(BODY);
      }
    } finally {
      exchange.close();
    }
  }
}
