/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.coldstart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Cold start of a Lambda function under each agent setup: {@link ColdStartFunction} run by the real
 * AWS Lambda Java runtime interface client against a loopback {@link RuntimeApi}, with the env vars
 * Lambda sets. Per run: JVM start to the first response (the cold start Lambda users feel), then
 * the median of the warm invocations after it. Each round starts every configuration once, the
 * order rotated per round, so a machine whose load drifts affects all of them alike.
 *
 * <p>Configurations: {@code none} (no agent), {@code agent} (agent 2.33.1), {@code ext} (agent +
 * extension at its defaults), {@code agent-profile} and {@code ext-profile} (the same with the
 * Lambda profile, {@link #PROFILE}), {@code adot} (ADOT Java 1.32.0 at its defaults). Every agent
 * exports OTLP http/protobuf to the loopback sink, metrics and logs off; sampling is each setup's
 * Lambda default, and every invocation's header says {@code Sampled=1}.
 *
 * <p>Run by {@code benchmarks/coldstart}, in a network namespace with only loopback.
 */
public final class ColdStartBenchmark {

  /**
   * The Lambda profile: only the instrumentations a typical function needs (the Lambda handler, the
   * AWS SDK, the JDK's and the common HTTP clients, the OpenTelemetry API for the function's own
   * spans, context across executors) and the JIT flags AWS recommends for Lambda cold starts.
   */
  static final List<String> PROFILE =
      List.of(
          "-XX:+TieredCompilation",
          "-XX:TieredStopAtLevel=1",
          "-Dotel.instrumentation.common.default-enabled=false",
          "-Dotel.instrumentation.aws-lambda.enabled=true",
          "-Dotel.instrumentation.aws-sdk.enabled=true",
          "-Dotel.instrumentation.http-url-connection.enabled=true",
          "-Dotel.instrumentation.java-http-client.enabled=true",
          "-Dotel.instrumentation.apache-httpclient.enabled=true",
          "-Dotel.instrumentation.okhttp.enabled=true",
          "-Dotel.instrumentation.opentelemetry-api.enabled=true",
          "-Dotel.instrumentation.opentelemetry-instrumentation-annotations.enabled=true",
          "-Dotel.instrumentation.executors.enabled=true");

  private static final long TIMEOUT_SECONDS = 120;

  private ColdStartBenchmark() {}

  record Result(String config, int round, double coldMs, double warmMedianMs, long otlpRequests) {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    int rounds = Integer.parseInt(options.getOrDefault("rounds", "10"));
    int invocations = Integer.parseInt(options.getOrDefault("invocations", "50"));
    Path agents = Path.of(options.getOrDefault("agents", "benchmarks/target/overhead/agents"));
    Path runtime =
        Path.of(options.getOrDefault("runtime", "benchmarks/target/overhead/lambda-runtime"));
    Path extension =
        Path.of(options.getOrDefault("extension", "extension/target/otel-xray-extension.jar"));
    Path classes = Path.of(options.getOrDefault("classes", "benchmarks/target/classes"));
    Path out =
        Path.of(
            options.getOrDefault(
                "out", "benchmarks/coldstart-results-" + LocalDate.now() + ".txt"));
    Path runDir = Path.of(options.getOrDefault("run-dir", "benchmarks/target/coldstart"));
    boolean classCounts = options.containsKey("class-counts");
    String jfr = options.get("jfr");
    Files.createDirectories(runDir);

    Path agent = onlyJar(agents, "opentelemetry-javaagent-");
    Path adot = onlyJar(agents, "aws-opentelemetry-agent-");
    Map<String, List<String>> known = configurations(agent, adot, extension);
    // --variants 'name=base:-Dk=v -XX:...;name2=base2:...': more configurations, base's args first.
    for (String spec : options.getOrDefault("variants", "").split(";")) {
      if (spec.isBlank()) {
        continue;
      }
      int eq = spec.indexOf('=');
      int colon = spec.indexOf(':', eq + 1);
      List<String> base = known.get(spec.substring(eq + 1, colon).trim());
      if (eq <= 0 || base == null) {
        throw new IllegalArgumentException("--variants wants name=base:args, got " + spec);
      }
      List<String> args2 = new ArrayList<>(base);
      for (String arg : spec.substring(colon + 1).trim().split("\\s+")) {
        if (arg.startsWith("!")) {
          args2.removeIf(a -> a.equals(arg.substring(1)) || a.startsWith(arg.substring(1) + "="));
        } else if (!arg.isEmpty()) {
          args2.add(arg);
        }
      }
      known.put(spec.substring(0, eq).trim(), List.copyOf(args2));
    }
    List<String> names =
        Arrays.asList(options.getOrDefault("configs", String.join(",", known.keySet())).split(","));
    String classpath;
    try (Stream<Path> jars = Files.list(runtime)) {
      classpath =
          Stream.concat(
                  Stream.of(classes.toAbsolutePath().toString()),
                  jars.filter(j -> j.toString().endsWith(".jar"))
                      .sorted()
                      .map(j -> j.toAbsolutePath().toString()))
              .reduce((a, b) -> a + java.io.File.pathSeparator + b)
              .orElseThrow();
    }

    System.out.printf(
        "coldstart: %d round(s) x %s, %d warm invocations per run%n", rounds, names, invocations);
    List<Result> results = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      for (int i = 0; i < names.size(); i++) {
        String name = names.get((i + round - 1) % names.size());
        List<String> jvmArgs = new ArrayList<>(known.get(name));
        if (classCounts) {
          jvmArgs.add(
              "-Xlog:class+load=info:file="
                  + runDir.resolve(name + "-r" + round + ".classes").toAbsolutePath()
                  + ":uptime");
        }
        if (jfr != null) {
          jvmArgs.add(
              "-XX:StartFlightRecording=settings=profile,filename="
                  + runDir.resolve(name + "-r" + round + ".jfr").toAbsolutePath());
        }
        Result r = run(name, round, jvmArgs, classpath, invocations, runDir);
        results.add(r);
        System.out.printf(
            "round %2d  %-13s cold %7.1f ms  warm median %6.2f ms  otlp requests %d%n",
            round, name, r.coldMs(), r.warmMedianMs(), r.otlpRequests());
      }
    }
    String table = table(names, results);
    System.out.println();
    System.out.print(table);
    StringBuilder file = new StringBuilder();
    file.append("# benchmarks/coldstart ").append(String.join(" ", args)).append('\n');
    file.append("# ").append(LocalDate.now()).append(", ").append(Runtime.version()).append('\n');
    file.append("config\tround\tcold_ms\twarm_median_ms\totlp_requests\n");
    for (Result r : results) {
      file.append(
          String.format(
              "%s\t%d\t%.1f\t%.2f\t%d%n",
              r.config(), r.round(), r.coldMs(), r.warmMedianMs(), r.otlpRequests()));
    }
    file.append('\n').append(table);
    Files.writeString(out, file.toString());
    System.out.println("results: " + out);
  }

  static Map<String, List<String>> configurations(Path agent, Path adot, Path extension) {
    List<String> otel =
        List.of(
            "-Dotel.exporter.otlp.protocol=http/protobuf",
            "-Dotel.metrics.exporter=none",
            "-Dotel.logs.exporter=none");
    List<String> withAgent = concat(List.of("-javaagent:" + agent.toAbsolutePath()), otel);
    List<String> withExtension =
        concat(withAgent, List.of("-Dotel.javaagent.extensions=" + extension.toAbsolutePath()));
    Map<String, List<String>> configs = new LinkedHashMap<>();
    configs.put("none", List.of());
    configs.put("agent", withAgent);
    configs.put("ext", withExtension);
    configs.put("agent-profile", concat(withAgent, PROFILE));
    configs.put("ext-profile", concat(withExtension, PROFILE));
    configs.put(
        "adot",
        concat(
            List.of("-javaagent:" + adot.toAbsolutePath()),
            otel,
            List.of("-Dotel.aws.application.signals.enabled=false")));
    return configs;
  }

  private static Result run(
      String name,
      int round,
      List<String> configArgs,
      String classpath,
      int invocations,
      Path runDir)
      throws IOException, InterruptedException {
    try (RuntimeApi api = new RuntimeApi()) {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-XX:+UseSerialGC");
      command.addAll(configArgs);
      if (!configArgs.isEmpty() && configArgs.stream().anyMatch(a -> a.startsWith("-javaagent"))) {
        command.add("-Dotel.exporter.otlp.endpoint=" + api.otlpEndpoint());
      }
      command.add("-cp");
      command.add(classpath);
      command.add("com.amazonaws.services.lambda.runtime.api.client.AWSLambda");
      // By name: the harness's own class path has no Lambda classes.
      String handler = "io.github.otelxray.coldstart.ColdStartFunction::handleRequest";
      command.add(handler);
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(runDir.resolve(name + "-r" + round + ".log").toFile());
      Map<String, String> env = builder.environment();
      env.keySet()
          .removeIf(
              k ->
                  k.startsWith("OTEL_")
                      || k.startsWith("AWS_")
                      || k.equals("JAVA_TOOL_OPTIONS")
                      || k.equals("_JAVA_OPTIONS")
                      || k.equals("JDK_JAVA_OPTIONS"));
      env.put("AWS_LAMBDA_FUNCTION_NAME", "coldstart-fn");
      env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
      env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
      env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/coldstart-fn");
      env.put("AWS_LAMBDA_LOG_STREAM_NAME", "2026/11/27/[$LATEST]0123456789abcdef");
      env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
      env.put("AWS_LAMBDA_RUNTIME_API", api.hostAndPort());
      env.put("AWS_REGION", "eu-west-1");
      env.put("AWS_DEFAULT_REGION", "eu-west-1");
      env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java17");
      env.put("AWS_EC2_METADATA_DISABLED", "true");
      // Lambda's daemon address, pointed at a closed loopback port: nothing should ask it.
      env.put("AWS_XRAY_DAEMON_ADDRESS", "127.0.0.1:9");
      env.put("_HANDLER", handler);
      env.put("LAMBDA_TASK_ROOT", runDir.toAbsolutePath().toString());
      env.put("TZ", ":UTC");
      builder.directory(runDir.toFile());

      long start = System.nanoTime();
      Process process = builder.start();
      try {
        RuntimeApi.Outcome first = api.invoke(TIMEOUT_SECONDS);
        if (first == null || first.error()) {
          throw new IllegalStateException(
              name + " round " + round + ": no first response" + (first == null ? "" : first));
        }
        double coldMs = (first.arrivedNanos() - start) / 1e6;
        double[] warm = new double[invocations];
        for (int i = 0; i < invocations; i++) {
          RuntimeApi.Outcome outcome = api.invoke(TIMEOUT_SECONDS);
          if (outcome == null || outcome.error()) {
            throw new IllegalStateException(name + " round " + round + ": invocation failed");
          }
          warm[i] = (outcome.arrivedNanos() - api.lastHandedOutNanos()) / 1e6;
        }
        Arrays.sort(warm);
        double warmMedian = invocations == 0 ? Double.NaN : warm[invocations / 2];
        return new Result(name, round, coldMs, warmMedian, api.otlpRequests());
      } finally {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor();
        }
      }
    }
  }

  static String table(List<String> names, List<Result> results) {
    StringBuilder out = new StringBuilder();
    out.append(
        "| configuration | cold start, median (min–max) | warm invocation, median of run medians |\n");
    out.append("|---|---|---|\n");
    for (String name : names) {
      double[] cold =
          results.stream()
              .filter(r -> r.config().equals(name))
              .mapToDouble(Result::coldMs)
              .sorted()
              .toArray();
      double[] warm =
          results.stream()
              .filter(r -> r.config().equals(name))
              .mapToDouble(Result::warmMedianMs)
              .sorted()
              .toArray();
      out.append(
          String.format(
              "| %s | %.0f ms (%.0f–%.0f) | %.1f ms |%n",
              name, median(cold), cold[0], cold[cold.length - 1], median(warm)));
    }
    return out.toString();
  }

  private static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument " + args[i]);
      }
      String key = args[i].substring(2);
      if (key.equals("class-counts")) {
        options.put(key, "true");
      } else if (i + 1 < args.length) {
        options.put(key, args[++i]);
      } else {
        throw new IllegalArgumentException("--" + key + " needs a value");
      }
    }
    return options;
  }

  private static Path onlyJar(Path dir, String prefix) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> jars =
          files.filter(f -> f.getFileName().toString().startsWith(prefix)).sorted().toList();
      if (jars.size() != 1) {
        throw new IllegalStateException("expected one " + prefix + "*.jar in " + dir + ": " + jars);
      }
      return jars.get(0);
    }
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
