/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.overhead;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Turns the runs into the report: per configuration the median and range over rounds of time to
 * ready, CPU at ready and CPU per request, with ratios of the medians to the baseline (the bare
 * agent); the CPU per request split by thread; what the fakes received. {@link #resultsFile} is the
 * machine-readable form: one TSV row per run, with the set-up and the Markdown summary as {@code #}
 * comment lines.
 */
final class Report {

  /** A metric of the report: its title, unit and how to read it off a run. */
  record Metric(String title, String unit, ToDoubleFunction<AppRun.Result> value) {}

  static final List<Metric> METRICS =
      List.of(
          new Metric("time to ready", "ms", AppRun.Result::readyMs),
          new Metric("CPU at ready", "ms", AppRun.Result::cpuReadyMs),
          new Metric("CPU per request", "µs", AppRun.Result::cpuUsPerRequest));

  /** Median and range of one metric of one configuration. */
  record Stat(double median, double min, double max) {}

  private static final List<String> THREADS = List.of("request", "export", "jit", "gc+vm", "other");

  private final Options options;
  private final List<Config> configs;
  private final List<AppRun.Result> results;
  private final String network;
  private final String arguments;
  private final ZonedDateTime when = ZonedDateTime.now();

  Report(
      Options options,
      List<Config> configs,
      List<AppRun.Result> results,
      String network,
      String arguments) {
    this.options = options;
    this.configs = configs;
    this.results = results;
    this.network = network;
    this.arguments = arguments;
  }

  List<Config> configs() {
    return configs;
  }

  String baseline() {
    return configs.stream().anyMatch(c -> c.name().equals(options.baseline()))
        ? options.baseline()
        : null;
  }

  String title() {
    return options.chartTitle() != null
        ? options.chartTitle()
        : String.format(
            Locale.ROOT,
            "Agent overhead on a small HTTP service, %s (%d rounds; %,d warm-up + %,d measured requests)",
            when.toLocalDate(),
            options.rounds(),
            options.warmup(),
            options.requests());
  }

  Stat stat(String config, ToDoubleFunction<AppRun.Result> value) {
    double[] xs =
        results.stream()
            .filter(r -> r.config().equals(config))
            .mapToDouble(value)
            .sorted()
            .toArray();
    if (xs.length == 0) {
      return new Stat(Double.NaN, Double.NaN, Double.NaN);
    }
    double median =
        xs.length % 2 == 1 ? xs[xs.length / 2] : (xs[xs.length / 2 - 1] + xs[xs.length / 2]) / 2;
    return new Stat(median, xs[0], xs[xs.length - 1]);
  }

  /** Median of {@code config} over median of the baseline; NaN without a baseline. */
  double ratio(String config, Metric metric) {
    String base = baseline();
    return base == null
        ? Double.NaN
        : stat(config, metric.value()).median() / stat(base, metric.value()).median();
  }

  String markdown() {
    StringBuilder md = new StringBuilder();
    md.append(
        String.format(
            Locale.ROOT,
            "### %s%n%n%d round(s); per run %,d warm-up then %,d measured sequential requests;"
                + " median (min–max) over rounds; ×: median over the median of `%s`.%n%n",
            title(),
            options.rounds(),
            options.warmup(),
            options.requests(),
            options.baseline()));
    md.append(
        "| configuration | time to ready, ms | × | CPU at ready, ms | × | CPU per request, µs | × | spans exported / requests |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Config c : configs) {
      md.append("| `").append(c.name()).append('`');
      for (Metric m : METRICS) {
        Stat s = stat(c.name(), m.value());
        md.append(
            String.format(
                Locale.ROOT,
                " | %.1f (%.1f–%.1f) | %s",
                s.median(),
                s.min(),
                s.max(),
                times(ratio(c.name(), m))));
      }
      Stat spans = stat(c.name(), r -> (double) r.otlp().spans() / r.requestsSent());
      md.append(String.format(Locale.ROOT, " | %.3f |%n", spans.median()));
    }
    md.append(
        "\nCPU per request by thread, µs (medians; `request` = the `HTTP-Dispatcher` thread that runs the handler, `export` = batch span processor + exporter HTTP client, `other` = the rest, including threads that ended):\n\n");
    md.append(
        "| configuration | request | export | jit | gc+vm | other | total |\n|---|---:|---:|---:|---:|---:|---:|\n");
    for (Config c : configs) {
      md.append("| `").append(c.name()).append('`');
      for (String t : THREADS) {
        md.append(
            String.format(
                Locale.ROOT,
                " | %.1f",
                stat(c.name(), r -> r.threadUsPerRequest().get(t)).median()));
      }
      md.append(
          String.format(
              Locale.ROOT, " | %.1f |%n", stat(c.name(), AppRun.Result::cpuUsPerRequest).median()));
    }
    md.append(
        "\nWhat the fakes received per run (median): OTLP export requests / KiB; awsproxy GetSamplingRules / SamplingTargets; IMDS requests (all runs):\n\n");
    for (Config c : configs) {
      List<String> imds = new ArrayList<>();
      results.stream()
          .filter(r -> r.config().equals(c.name()))
          .forEach(r -> imds.addAll(r.imdsRequests()));
      md.append(
          String.format(
              Locale.ROOT,
              "- `%s`: %.0f / %.0f KiB; %.0f / %.0f; IMDS %d%s%n",
              c.name(),
              stat(c.name(), r -> r.otlp().requests()).median(),
              stat(c.name(), r -> r.otlp().bytes() / 1024.0).median(),
              stat(c.name(), r -> r.rulesRequests()).median(),
              stat(c.name(), r -> r.targetsRequests()).median(),
              imds.size(),
              imds.isEmpty() ? "" : " " + imds.stream().distinct().toList()));
    }
    md.append("\nLast log line of each configuration's last run:\n\n");
    for (Config c : configs) {
      String line =
          results.stream()
              .filter(r -> r.config().equals(c.name()))
              .reduce((a, b) -> b)
              .map(AppRun.Result::lastLogLine)
              .orElse("");
      md.append("    ").append(c.name()).append(": ").append(line).append('\n');
    }
    return md.toString();
  }

  String resultsFile(String markdown) throws IOException {
    StringBuilder out = new StringBuilder();
    out.append("# benchmarks/overhead ").append(arguments).append('\n');
    out.append("# date: ").append(when.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append('\n');
    out.append("# machine: ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" CPUs, ")
        .append(cpuModel())
        .append(", Linux ")
        .append(System.getProperty("os.version"))
        .append('\n');
    out.append("# service JVM: ")
        .append(options.java())
        .append(" (")
        .append(javaVersion())
        .append("), flags ")
        .append(String.join(" ", options.jvmArgs()))
        .append('\n');
    out.append("# network: ").append(network).append('\n');
    if (options.jfrDir() != null) {
      out.append("# JFR recording on during the measured batches: CPU figures include its cost\n");
    }
    for (Config c : configs) {
      out.append("# config ").append(c.name()).append(": ").append(c.description()).append('\n');
      out.append("#   ").append(String.join(" ", c.jvmArgs())).append('\n');
    }
    out.append("#\n");
    out.append(
        "round\tposition\tconfig\tready_ms\tcpu_ready_ms\tcpu_us_per_req\twall_us_per_req"
            + "\trequest_thread_us\texport_us\tjit_us\tgc_vm_us\tother_us"
            + "\trequests_sent\tspans\totlp_requests\totlp_bytes\trules_requests\ttargets_requests\timds_requests\n");
    for (AppRun.Result r : results) {
      out.append(
          String.format(
              Locale.ROOT,
              "%d\t%d\t%s\t%.1f\t%.1f\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%d\t%d\t%d\t%d\t%d\t%d\t%d%n",
              r.round(),
              r.position(),
              r.config(),
              r.readyMs(),
              r.cpuReadyMs(),
              r.cpuUsPerRequest(),
              r.wallUsPerRequest(),
              r.threadUsPerRequest().get("request"),
              r.threadUsPerRequest().get("export"),
              r.threadUsPerRequest().get("jit"),
              r.threadUsPerRequest().get("gc+vm"),
              r.threadUsPerRequest().get("other"),
              r.requestsSent(),
              r.otlp().spans(),
              r.otlp().requests(),
              r.otlp().bytes(),
              r.rulesRequests(),
              r.targetsRequests(),
              r.imdsRequests().size()));
    }
    out.append("#\n");
    markdown.lines().forEach(line -> out.append("# ").append(line).append('\n'));
    return out.toString();
  }

  private String javaVersion() {
    try {
      Process p =
          new ProcessBuilder(options.java().toString(), "-version")
              .redirectErrorStream(true)
              .start();
      String first =
          new String(p.getInputStream().readAllBytes()).lines().skip(1).findFirst().orElse("?");
      p.waitFor();
      return first.trim();
    } catch (IOException e) {
      return "?";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "?";
    }
  }

  private static String cpuModel() throws IOException {
    return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
        .filter(l -> l.startsWith("model name"))
        .map(l -> l.substring(l.indexOf(':') + 1).trim())
        .findFirst()
        .orElse("?");
  }

  static String times(double ratio) {
    return Double.isNaN(ratio) ? "" : String.format(Locale.ROOT, "×%.2f", ratio);
  }
}
