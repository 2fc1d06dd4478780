/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.smoke;

import io.github.otelxray.fakes.FakeCollector;
import io.github.otelxray.fakes.FakeLambdaRuntimeApi;
import io.github.otelxray.smoke.app.lambda.OrderFunction;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link OrderFunction} in its own JVM as the Lambda Java runtime runs a function: the real AWS
 * Lambda runtime interface client ({@code AWSLambda} main class, handler as argument) with the env
 * vars Lambda sets, talking to a {@link FakeLambdaRuntimeApi}; with the real agent jar and (unless
 * told otherwise) the built extension, exporting OTLP to a {@link FakeCollector}.
 *
 * <p>As {@link ServiceProcess}: a clean environment (no {@code OTEL_*}, {@code AWS_*} or Java
 * options of the parent), loopback only ({@code AWS_EC2_METADATA_DISABLED}, EC2 metadata pointed at
 * a closed loopback port). Unlike it, no service name and no sampler are set: the tests look at the
 * defaults a function gets. The batch processor's delay is ten minutes, so spans reach the
 * collector during a test only when the Lambda instrumentation flushes them at the end of an
 * invocation.
 */
public final class LambdaFunctionProcess implements AutoCloseable {

  public static final String FUNCTION_NAME = "orders-fn";
  private static final String RUNTIME_MAIN =
      "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

  private final Process process;
  private final List<String> output;

  private LambdaFunctionProcess(Process process, List<String> output) {
    this.process = process;
    this.output = output;
  }

  public static Builder builder(FakeLambdaRuntimeApi runtimeApi, FakeCollector collector) {
    return new Builder(runtimeApi, collector);
  }

  /** Everything the JVM printed so far (stdout and stderr, interleaved). */
  public String output() {
    synchronized (output) {
      return String.join("\n", output);
    }
  }

  /** Completes when the function's JVM has exited (a runtime client stops on init errors). */
  public java.util.concurrent.CompletableFuture<Process> onExit() {
    return process.onExit();
  }

  @Override
  public void close() {
    ChildJvms.stop(process);
  }

  /** How to start one function. */
  public static final class Builder {
    private final FakeLambdaRuntimeApi runtimeApi;
    private final FakeCollector collector;
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final List<String> jvmFlags = new ArrayList<>();

    private Builder(FakeLambdaRuntimeApi runtimeApi, FakeCollector collector) {
      this.runtimeApi = runtimeApi;
      this.collector = collector;
    }

    public Builder property(String key, String value) {
      properties.put(key, value);
      return this;
    }

    public Builder env(String key, String value) {
      environment.put(key, value);
      return this;
    }

    /** JVM flags ({@code -XX:...}) before the class path. */
    public Builder jvmFlags(List<String> flags) {
      jvmFlags.addAll(flags);
      return this;
    }

    public LambdaFunctionProcess start() {
      Path classes = classpathOf(OrderFunction.class);
      // The runtime takes its working directory as the task root; the classes may be in a jar.
      Path taskRoot = Files.isDirectory(classes) ? classes : classes.getParent();
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-javaagent:" + SmokeEnvironment.agentJar());
      command.add("-Dotel.javaagent.extensions=" + SmokeEnvironment.extensionJar());
      Map<String, String> all = new LinkedHashMap<>();
      all.put("otel.exporter.otlp.endpoint", collector.endpoint());
      all.put("otel.exporter.otlp.protocol", "http/protobuf");
      all.put("otel.metrics.exporter", "none");
      all.put("otel.logs.exporter", "none");
      all.put("otel.bsp.schedule.delay", "600000");
      all.put("otel.aws.imds.endpointOverride", "127.0.0.1:9");
      all.putAll(properties);
      all.forEach((key, value) -> command.add("-D" + key + "=" + value));
      command.addAll(jvmFlags);
      command.add("-cp");
      List<String> classpath = new ArrayList<>();
      classpath.add(classes.toString());
      SmokeEnvironment.lambdaRuntime().forEach(jar -> classpath.add(jar.toString()));
      command.add(String.join(File.pathSeparator, classpath));
      command.add(RUNTIME_MAIN);
      String handler = OrderFunction.class.getName() + "::handleRequest";
      command.add(handler);

      ProcessBuilder builder =
          new ProcessBuilder(command).directory(taskRoot.toFile()).redirectErrorStream(true);
      Map<String, String> env = builder.environment();
      ChildJvms.scrub(env);
      // What Lambda's Java runtime sets (credentials aside: nothing here calls AWS).
      env.put("AWS_LAMBDA_FUNCTION_NAME", FUNCTION_NAME);
      env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
      env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512");
      env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + FUNCTION_NAME);
      env.put("AWS_LAMBDA_LOG_STREAM_NAME", "2026/11/27/[$LATEST]0123456789abcdef");
      env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
      env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi.hostAndPort());
      env.put("AWS_REGION", "eu-west-1");
      env.put("AWS_DEFAULT_REGION", "eu-west-1");
      env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java17");
      env.put("AWS_EC2_METADATA_DISABLED", "true");
      env.put("_HANDLER", handler);
      env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
      env.put("TZ", ":UTC");
      env.putAll(environment);

      List<String> output = new ArrayList<>();
      Process process =
          ChildJvms.start(builder, FUNCTION_NAME + "-output", output, line -> {}, () -> {});
      return new LambdaFunctionProcess(process, output);
    }

    private static Path classpathOf(Class<?> type) {
      try {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
      } catch (URISyntaxException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
