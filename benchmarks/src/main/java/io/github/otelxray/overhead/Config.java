/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.overhead;

import io.github.otelxray.fakes.FakeCollector;
import io.github.otelxray.fakes.FakeImds;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One way of starting {@link OverheadApp}: a name, a one-line description and the JVM arguments
 * that come after the common ones (agent, extension, {@code otel.*} settings). The four built-in
 * configurations are made by {@link #builtIns}; {@link #variant} derives more from one of them.
 *
 * <p>Every agent configuration exports OTLP http/protobuf to the harness's {@link FakeCollector}
 * (metrics and logs exporters off, so only traces are compared), samples 100 % and has its EC2
 * metadata lookups, if any, pointed at {@link FakeImds}.
 */
record Config(String name, String description, List<String> jvmArgs) {

  /** Where the jars are and where the fakes listen. */
  record Setup(
      Path agentJar,
      Path adotJar,
      Path extensionJar,
      String collectorEndpoint,
      String awsProxyEndpoint,
      String imdsHostPort) {}

  static Map<String, Config> builtIns(Setup s) {
    List<String> otel =
        List.of(
            "-Dotel.service.name=overhead-app",
            "-Dotel.exporter.otlp.protocol=http/protobuf",
            "-Dotel.exporter.otlp.endpoint=" + s.collectorEndpoint(),
            "-Dotel.metrics.exporter=none",
            "-Dotel.logs.exporter=none",
            "-Dotel.aws.imds.endpointOverride=" + s.imdsHostPort());
    Map<String, Config> configs = new LinkedHashMap<>();
    configs.put("none", new Config("none", "no agent", List.of()));
    configs.put(
        "agent",
        new Config(
            "agent",
            "OpenTelemetry Java agent " + version(s.agentJar()) + ", parentbased_always_on",
            concat(
                List.of("-javaagent:" + s.agentJar()),
                otel,
                List.of("-Dotel.traces.sampler=parentbased_always_on"))));
    configs.put(
        "ext",
        new Config(
            "ext",
            "agent + otel-xray-extension at its defaults: xray sampler (fake awsproxy, Default rule"
                + " 100 %), annotation network.protocol.version, redaction on",
            concat(
                List.of(
                    "-javaagent:" + s.agentJar(),
                    "-Dotel.javaagent.extensions=" + s.extensionJar()),
                otel,
                List.of(
                    "-Dotel.traces.sampler.arg=endpoint=" + s.awsProxyEndpoint(),
                    // Most attributes of a server span are consumed by the collector's awsxray
                    // translator, so the extension will not annotate them (it warns instead);
                    // this one it maps.
                    "-Dotel.aws.xray.annotations=network.protocol.version"))));
    configs.put(
        "adot",
        new Config(
            "adot",
            "ADOT Java "
                + version(s.adotJar())
                + ": xray sampler (fake awsproxy, Default rule 100 %),"
                + " Application Signals off",
            concat(
                List.of("-javaagent:" + s.adotJar()),
                otel,
                List.of(
                    "-Dotel.traces.sampler=xray",
                    "-Dotel.traces.sampler.arg=endpoint=" + s.awsProxyEndpoint(),
                    "-Dotel.aws.application.signals.enabled=false"))));
    return configs;
  }

  /**
   * {@code name=base:arg arg ...}: the base configuration's arguments, then these. A later {@code
   * -Dkey=value} wins over an earlier one (the JVM keeps the last); {@code !key} removes the base's
   * {@code -Dkey=...} instead.
   */
  static Config variant(String spec, Map<String, Config> known) {
    int eq = spec.indexOf('=');
    int colon = spec.indexOf(':', eq + 1);
    if (eq <= 0 || colon < 0) {
      throw new IllegalArgumentException("--variant wants name=base:args, got " + spec);
    }
    String name = spec.substring(0, eq);
    Config base = known.get(spec.substring(eq + 1, colon));
    if (base == null) {
      throw new IllegalArgumentException("unknown base configuration in " + spec);
    }
    List<String> args = new ArrayList<>(base.jvmArgs());
    List<String> added = new ArrayList<>();
    for (String arg : spec.substring(colon + 1).trim().split("\\s+")) {
      if (arg.isEmpty()) {
        continue;
      }
      if (arg.startsWith("!")) {
        String prefix = "-D" + arg.substring(1) + "=";
        args.removeIf(a -> a.startsWith(prefix));
      } else {
        args.add(arg);
      }
      added.add(arg);
    }
    return new Config(name, base.name() + " with " + String.join(" ", added), List.copyOf(args));
  }

  private static String version(Path jar) {
    String file = jar.getFileName().toString();
    return file.replaceAll("^.*-agent-|^opentelemetry-javaagent-|\\.jar$", "");
  }

  @SafeVarargs
  private static List<String> concat(List<String>... lists) {
    List<String> all = new ArrayList<>();
    for (List<String> list : lists) {
      all.addAll(list);
    }
    return List.copyOf(all);
  }
}
