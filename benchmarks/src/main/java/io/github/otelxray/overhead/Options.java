/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.overhead;

import java.io.File;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The harness's settings, from flags, else {@code OVERHEAD_*} environment variables, else defaults.
 * Paths are relative to the project root, where {@code benchmarks/overhead} runs the harness.
 */
record Options(
    int rounds,
    int warmup,
    int requests,
    List<String> configs,
    List<String> variants,
    String baseline,
    List<String> jvmArgs,
    Path java,
    Path agentsDir,
    Path extensionJar,
    String appClasspath,
    Path runDir,
    Path out,
    Path chart,
    Path jfrDir,
    String jfrSettings,
    String chartTitle) {

  static final String USAGE =
      """
      benchmarks/overhead [options]      (each option also as an environment variable)
        --rounds N          rounds; each runs every configuration once, order rotated   (OVERHEAD_ROUNDS, 5)
        --warmup N          requests before the measured batch                          (OVERHEAD_WARMUP, 50000)
        --requests N        measured requests per run                                   (OVERHEAD_REQUESTS, 20000)
        --configs a,b,...   configurations to run: none, agent, ext, adot, variants     (OVERHEAD_CONFIGS, none,agent,ext,adot)
        --variant 'name=base:-Dk=v !k2 ...'  one more configuration: base's JVM args, then these;
                            !k removes the base's -Dk=...; repeatable; runs unless --configs leaves it out
        --baseline NAME     the configuration ratios are taken against                  (agent)
        --jvm-args '...'    JVM flags of every service JVM  (OVERHEAD_JVM_ARGS, -Xms256m -Xmx256m -XX:+UseSerialGC)
        --java PATH         the service JVMs' java                                      (the harness's)
        --out FILE          results (TSV + summary)       (benchmarks/overhead-results-<date>.txt)
        --chart FILE        PNG chart, 'none' for no chart                              (docs/overhead.png)
        --title TEXT        chart title
        --jfr DIR           record JFR over each measured batch into DIR (CPU figures then include JFR's cost)
        --jfr-settings S    JFR settings: a name (profile) or a .jfc file                 (profile)
      """;

  static Options parse(String[] args) {
    String rounds = env("OVERHEAD_ROUNDS", "5");
    String warmup = env("OVERHEAD_WARMUP", "50000");
    String requests = env("OVERHEAD_REQUESTS", "20000");
    String configs = env("OVERHEAD_CONFIGS", null);
    String jvmArgs = env("OVERHEAD_JVM_ARGS", "-Xms256m -Xmx256m -XX:+UseSerialGC");
    String baseline = "agent";
    String javaPath = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String out = "benchmarks/overhead-results-" + LocalDate.now() + ".txt";
    String chart = "docs/overhead.png";
    String title = null;
    String jfr = null;
    String jfrSettings = "profile";
    List<String> variants = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (flag.equals("-h") || flag.equals("--help")) {
        System.out.print(USAGE);
        System.exit(0);
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(flag + " needs a value\n" + USAGE);
      }
      String value = args[++i];
      switch (flag) {
        case "--rounds" -> rounds = value;
        case "--warmup" -> warmup = value;
        case "--requests" -> requests = value;
        case "--configs" -> configs = value;
        case "--variant" -> variants.add(value);
        case "--baseline" -> baseline = value;
        case "--jvm-args" -> jvmArgs = value;
        case "--java" -> javaPath = value;
        case "--out" -> out = value;
        case "--chart" -> chart = value;
        case "--title" -> title = value;
        case "--jfr" -> jfr = value;
        case "--jfr-settings" -> jfrSettings = value;
        default -> throw new IllegalArgumentException("unknown option " + flag + "\n" + USAGE);
      }
    }
    List<String> configList = new ArrayList<>();
    if (configs == null) {
      configList.addAll(List.of("none", "agent", "ext", "adot"));
      variants.forEach(v -> configList.add(v.substring(0, v.indexOf('='))));
    } else {
      configList.addAll(Arrays.asList(configs.split(",")));
    }
    Path target = Path.of("benchmarks", "target");
    return new Options(
        Integer.parseInt(rounds),
        Integer.parseInt(warmup),
        Integer.parseInt(requests),
        List.copyOf(configList),
        List.copyOf(variants),
        baseline,
        List.of(jvmArgs.trim().split("\\s+")),
        Path.of(javaPath),
        target.resolve("overhead/agents").toAbsolutePath(),
        Path.of("extension", "target", "otel-xray-extension.jar").toAbsolutePath(),
        target.resolve("classes").toAbsolutePath()
            + File.pathSeparator
            + target.resolve("overhead/app-libs").toAbsolutePath()
            + File.separator
            + "*",
        target.resolve("overhead/runs").toAbsolutePath(),
        Path.of(out),
        chart.equals("none") ? null : Path.of(chart),
        jfr == null ? null : Path.of(jfr).toAbsolutePath(),
        jfrSettings,
        title);
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
