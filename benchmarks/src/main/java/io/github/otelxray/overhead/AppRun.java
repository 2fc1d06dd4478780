/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.overhead;

import io.github.otelxray.fakes.CannedHttpServer;
import io.github.otelxray.fakes.FakeAwsProxy;
import io.github.otelxray.fakes.FakeCollector;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One measured life of {@link OverheadApp} in one {@link Config}: start the JVM, poll {@code GET
 * /work} every 20 ms until the first 200 (time and CPU to ready), send the warm-up requests, then
 * the measured requests (process CPU over them, and per thread category, see {@link ProcCpu}), and
 * stop the JVM with SIGTERM so that the agent flushes its last spans to the fake collector.
 * Requests are sequential on one keep-alive HTTP/1.1 connection of the JDK's {@link HttpClient}.
 */
final class AppRun {

  /** What one run measured; CPU per request is in microseconds, thread figures likewise. */
  record Result(
      String config,
      int round,
      int position,
      double readyMs,
      double cpuReadyMs,
      double cpuUsPerRequest,
      double wallUsPerRequest,
      Map<String, Double> threadUsPerRequest,
      long requestsSent,
      FakeCollector.Counts otlp,
      long rulesRequests,
      long targetsRequests,
      List<String> imdsRequests,
      String lastLogLine) {}

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

  private final Options options;
  private final FakeCollector collector;
  private final FakeAwsProxy proxy;
  private final CannedHttpServer imds;
  private final long ticksPerSecond;

  AppRun(Options options, FakeCollector collector, FakeAwsProxy proxy, CannedHttpServer imds) {
    this.options = options;
    this.collector = collector;
    this.proxy = proxy;
    this.imds = imds;
    this.ticksPerSecond = ProcCpu.ticksPerSecond();
  }

  Result run(Config config, int round, int position) throws IOException, InterruptedException {
    collector.reset();
    proxy.reset();
    imds.reset();
    int port = freePort();
    Path dir = options.runDir();
    Files.createDirectories(dir);
    Path log = dir.resolve(config.name() + ".log");
    List<String> command = new ArrayList<>();
    command.add(options.java().toString());
    command.addAll(options.jvmArgs());
    // The JDK HttpServer writes headers and body separately; without TCP_NODELAY, Nagle's
    // algorithm and the client's delayed ACK hold every keep-alive response for ~40 ms.
    command.add("-Dsun.net.httpserver.nodelay=true");
    command.addAll(config.jvmArgs());
    command.add("-Dlogback.configurationFile=io/github/otelxray/overhead/logback-overhead.xml");
    command.add("-Doverhead.log=" + log);
    command.add("-cp");
    command.add(options.appClasspath());
    command.add(OverheadApp.class.getName());
    command.add(Integer.toString(port));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectOutput(dir.resolve(config.name() + ".stdout").toFile())
            .redirectError(dir.resolve(config.name() + ".stderr").toFile());
    // The environment must not configure an agent behind our back.
    builder
        .environment()
        .keySet()
        .removeIf(k -> k.startsWith("OTEL_") || k.equals("JAVA_TOOL_OPTIONS"));

    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/work"))
            .timeout(Duration.ofSeconds(30))
            .GET()
            .build();

    long start = System.nanoTime();
    Process process = builder.start();
    try {
      long pid = process.pid();
      waitUntilReady(process, client, request, start);
      double readyMs = (System.nanoTime() - start) / 1e6;
      double cpuReadyMs = ProcCpu.processTicks(pid) * 1000.0 / ticksPerSecond;

      for (int i = 0; i < options.warmup(); i++) {
        send(client, request);
      }
      Path jfr = null;
      if (options.jfrDir() != null) {
        Files.createDirectories(options.jfrDir());
        jfr = options.jfrDir().resolve(config.name() + "-r" + round + ".jfr").toAbsolutePath();
        jcmd(
            pid,
            "JFR.start",
            "name=overhead",
            "settings=" + options.jfrSettings(),
            "filename=" + jfr);
      }
      Map<Long, ProcCpu.ThreadTicks> threadsBefore = ProcCpu.threadTicks(pid);
      long cpuBefore = ProcCpu.processTicks(pid);
      long wallBefore = System.nanoTime();
      for (int i = 0; i < options.requests(); i++) {
        send(client, request);
      }
      long wallAfter = System.nanoTime();
      long cpuAfter = ProcCpu.processTicks(pid);
      Map<Long, ProcCpu.ThreadTicks> threadsAfter = ProcCpu.threadTicks(pid);
      if (jfr != null) {
        jcmd(pid, "JFR.stop", "name=overhead");
      }

      double usPerTick = 1e6 / ticksPerSecond;
      double cpuUs = (cpuAfter - cpuBefore) * usPerTick / options.requests();
      Map<String, Double> threads = new HashMap<>();
      double counted = 0;
      Map<String, Long> spent = ProcCpu.byCategory(threadsBefore, threadsAfter);
      for (String category : List.of("request", "export", "jit", "gc+vm")) {
        long ticks = spent.getOrDefault(category, 0L);
        double us = ticks * usPerTick / options.requests();
        threads.put(category, us);
        counted += us;
      }
      threads.put("other", cpuUs - counted);

      stop(process);
      return new Result(
          config.name(),
          round,
          position,
          readyMs,
          cpuReadyMs,
          cpuUs,
          (wallAfter - wallBefore) / 1e3 / options.requests(),
          threads,
          1L + options.warmup() + options.requests(),
          collector.counts(),
          proxy.requests("/GetSamplingRules").size(),
          proxy.requests("/SamplingTargets").size(),
          imds.requests(),
          lastLine(log));
    } finally {
      if (process.isAlive()) {
        process.destroyForcibly().waitFor();
      }
    }
  }

  private void waitUntilReady(Process process, HttpClient client, HttpRequest request, long start)
      throws IOException, InterruptedException {
    while (true) {
      try {
        HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      if (!process.isAlive()) {
        throw new IOException("the service exited with " + process.exitValue() + " before ready");
      }
      if (System.nanoTime() - start > READY_TIMEOUT.toNanos()) {
        throw new IOException("the service was not ready within " + READY_TIMEOUT);
      }
      Thread.sleep(20);
    }
  }

  private static void send(HttpClient client, HttpRequest request)
      throws IOException, InterruptedException {
    HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
    if (response.statusCode() != 200) {
      throw new IOException("GET /work answered " + response.statusCode());
    }
  }

  /** SIGTERM, so that shutdown hooks run and the agent exports what its batch processor holds. */
  private static void stop(Process process) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  private void jcmd(long pid, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(options.java().resolveSibling("jcmd").toString());
    command.add(Long.toString(pid));
    command.addAll(List.of(args));
    Process jcmd = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(jcmd.getInputStream().readAllBytes());
    if (jcmd.waitFor() != 0) {
      throw new IOException("jcmd failed: " + out);
    }
  }

  private static String lastLine(Path log) throws IOException {
    if (!Files.exists(log)) {
      return "";
    }
    try (var lines = Files.lines(log)) {
      return lines.reduce((a, b) -> b).orElse("");
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
