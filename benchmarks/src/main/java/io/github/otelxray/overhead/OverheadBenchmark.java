/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.overhead;

import io.github.otelxray.fakes.CannedHttpServer;
import io.github.otelxray.fakes.FakeAwsProxy;
import io.github.otelxray.fakes.FakeCollector;
import io.github.otelxray.fakes.FakeImds;
import java.io.IOException;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * End-to-end overhead of the agents on one small HTTP service ({@link OverheadApp}): no agent, the
 * bare OpenTelemetry Java agent, the agent with this project's extension, and ADOT Java. Each round
 * starts the service once per configuration (the order rotates every round, so slow drift of the
 * machine spreads over all of them) and measures time to ready, CPU at ready and CPU per request
 * ({@link AppRun}); the report gives medians and ranges over the rounds and ratios to the bare
 * agent, as a Markdown table, a TSV results file and a PNG chart ({@link Report}, {@link
 * OverheadChart}).
 *
 * <p>Everything the agents talk to is faked in this JVM on 127.0.0.1: the OTLP collector ({@link
 * FakeCollector}, counting what arrives), the collector's awsproxy for X-Ray sampling rules ({@link
 * FakeAwsProxy}, see {@link #everythingSampledProxy}) and the EC2 metadata service ({@link
 * FakeImds}). {@code benchmarks/overhead} also runs this JVM, and so the services, in a network
 * namespace that has only loopback.
 */
public final class OverheadBenchmark {

  private OverheadBenchmark() {}

  /**
   * X-Ray's {@code Default} rule matching everything at {@code FixedRate} 1.0, and no targets, so
   * that the rule's own rate stays in force: every configuration samples, and so traces, the same
   * requests.
   */
  static FakeAwsProxy everythingSampledProxy() {
    return FakeAwsProxy.start()
        .rules(List.of(FakeAwsProxy.rule("Default", 10000, "*", 1, 1.0)))
        .withoutTargets();
  }

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    try (FakeCollector collector = FakeCollector.counting();
        FakeAwsProxy proxy = everythingSampledProxy();
        CannedHttpServer imds = FakeImds.start()) {
      Config.Setup setup =
          new Config.Setup(
              onlyJar(options.agentsDir(), "opentelemetry-javaagent-"),
              onlyJar(options.agentsDir(), "aws-opentelemetry-agent-"),
              options.extensionJar(),
              collector.endpoint(),
              proxy.endpoint(),
              imds.hostAndPort());
      for (Path jar : List.of(setup.agentJar(), setup.adotJar(), setup.extensionJar())) {
        if (!Files.isRegularFile(jar)) {
          throw new IllegalStateException(
              jar + " is missing: run benchmarks/overhead, which builds it");
        }
      }
      Map<String, Config> known = new LinkedHashMap<>(Config.builtIns(setup));
      for (String spec : options.variants()) {
        Config variant = Config.variant(spec, known);
        known.put(variant.name(), variant);
      }
      List<Config> configs = new ArrayList<>();
      for (String name : options.configs()) {
        configs.add(
            Objects.requireNonNull(known.get(name.trim()), () -> "unknown configuration " + name));
      }

      String network = loopbackOnly() ? "only loopback interfaces exist" : "NOT isolated";
      System.out.printf(
          "overhead: %d round(s) x %d configuration(s), %d warm-up + %d measured requests per run;"
              + " network: %s%n",
          options.rounds(), configs.size(), options.warmup(), options.requests(), network);
      for (Config config : configs) {
        System.out.printf("  %-10s %s%n", config.name(), config.description());
      }

      AppRun appRun = new AppRun(options, collector, proxy, imds);
      List<AppRun.Result> results = new ArrayList<>();
      for (int round = 1; round <= options.rounds(); round++) {
        for (int i = 0; i < configs.size(); i++) {
          Config config = configs.get((i + round - 1) % configs.size());
          AppRun.Result r = appRun.run(config, round, i + 1);
          results.add(r);
          System.out.printf(
              "round %d  %-10s ready %7.1f ms  cpu@ready %7.1f ms  cpu %6.1f us/req"
                  + "  (request thread %5.1f, export %5.1f, jit %5.1f)  spans %d/%d  imds %d%n",
              round,
              r.config(),
              r.readyMs(),
              r.cpuReadyMs(),
              r.cpuUsPerRequest(),
              r.threadUsPerRequest().get("request"),
              r.threadUsPerRequest().get("export"),
              r.threadUsPerRequest().get("jit"),
              r.otlp().spans(),
              r.requestsSent(),
              r.imdsRequests().size());
        }
      }

      Report report = new Report(options, configs, results, network, String.join(" ", args));
      String markdown = report.markdown();
      System.out.println();
      System.out.print(markdown);
      Path out = options.out();
      if (out.getParent() != null) {
        Files.createDirectories(out.getParent());
      }
      Files.writeString(out, report.resultsFile(markdown));
      System.out.println("results: " + out);
      if (options.chart() != null) {
        OverheadChart.write(report, options.chart());
        System.out.println("chart:   " + options.chart());
      }
    }
  }

  /** The one jar in {@code dir} whose name starts with {@code prefix} (the pom copies one). */
  private static Path onlyJar(Path dir, String prefix) throws IOException {
    if (!Files.isDirectory(dir)) {
      return dir.resolve(prefix + "(missing).jar");
    }
    try (var files = Files.list(dir)) {
      List<Path> jars =
          files.filter(f -> f.getFileName().toString().startsWith(prefix)).sorted().toList();
      if (jars.size() != 1) {
        throw new IllegalStateException("expected one " + prefix + "*.jar in " + dir + ": " + jars);
      }
      return jars.get(0);
    }
  }

  /** True when every network interface that is up is a loopback one (the namespace check). */
  private static boolean loopbackOnly() throws IOException {
    return NetworkInterface.networkInterfaces()
        .allMatch(
            n -> {
              try {
                return !n.isUp() || n.isLoopback();
              } catch (IOException e) {
                return false;
              }
            });
  }
}
