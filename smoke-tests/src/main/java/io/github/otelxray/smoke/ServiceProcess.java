/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.smoke;

import io.github.otelxray.fakes.FakeCollector;
import io.github.otelxray.smoke.app.SampleService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@link SampleService} in its own JVM, started with the real agent jar and (unless told
 * otherwise) the built extension, exporting OTLP to a {@link FakeCollector}.
 *
 * <p>The child gets a clean environment: every {@code OTEL_*}, {@code AWS_*}, {@code ECS_*}, {@code
 * KUBERNETES_*} and {@code JAVA_TOOL_OPTIONS} variable of the parent is dropped, so a developer's
 * shell cannot change what a test sees, and the EC2 metadata endpoint is always pointed at a
 * loopback address so no JVM we start can send a packet to 169.254.169.254. The sampler is {@code
 * parentbased_always_on} unless a test sets {@code otel.traces.sampler}. Start-up waits a bounded
 * time; {@link #close()} kills the process through its handle, descendants included.
 */
public final class ServiceProcess implements AutoCloseable {

  private static final Pattern LISTENING = Pattern.compile("listening on port (\\d+)");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final String serviceName;
  private final Process process;
  private final List<String> output;
  private final int port;

  private ServiceProcess(String serviceName, Process process, List<String> output, int port) {
    this.serviceName = serviceName;
    this.process = process;
    this.output = output;
    this.port = port;
  }

  public static Builder builder(String serviceName) {
    return new Builder(serviceName);
  }

  public int port() {
    return port;
  }

  public String url(String pathAndQuery) {
    return "http://127.0.0.1:" + port + pathAndQuery;
  }

  /** Everything the JVM printed so far (stdout and stderr, interleaved). */
  public String output() {
    synchronized (output) {
      return String.join("\n", output);
    }
  }

  /** GET with the given request headers; returns status and body. */
  public HttpResponse<String> get(String pathAndQuery, Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url(pathAndQuery))).timeout(Duration.ofSeconds(30));
    headers.forEach(request::header);
    try {
      return CLIENT.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(serviceName + " did not answer " + pathAndQuery, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public HttpResponse<String> get(String pathAndQuery) {
    return get(pathAndQuery, Map.of());
  }

  @Override
  public void close() {
    ChildJvms.stop(process);
  }

  /** How to start one service. */
  public static final class Builder {
    private final String serviceName;
    private Path javaHome = Path.of(System.getProperty("java.home"));
    private Path agentJar;
    private boolean withExtension = true;
    private String otlpEndpoint;
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private String mainClass = SampleService.class.getName();
    private final List<Path> extraClasspath = new ArrayList<>();
    private final List<String> jvmArguments = new ArrayList<>();
    private Path configFile;
    private boolean environmentOnly;

    private Builder(String serviceName) {
      this.serviceName = serviceName;
    }

    public Builder javaHome(Path javaHome) {
      this.javaHome = javaHome;
      return this;
    }

    public Builder agentJar(Path agentJar) {
      this.agentJar = agentJar;
      return this;
    }

    /** Runs the plain agent, for comparing behaviour with and without us. */
    public Builder withoutExtension() {
      this.withExtension = false;
      return this;
    }

    public Builder exportingTo(FakeCollector collector) {
      this.otlpEndpoint = collector.endpoint();
      return this;
    }

    public Builder property(String key, String value) {
      properties.put(key, value);
      return this;
    }

    public Builder env(String key, String value) {
      environment.put(key, value);
      return this;
    }

    /**
     * Runs another sample app from this module's classes instead of {@link SampleService}; it too
     * must print {@code listening on port N}.
     */
    public Builder mainClass(String mainClass) {
      this.mainClass = mainClass;
      return this;
    }

    /**
     * Configures the agent by this declarative configuration file ({@code otel.config.file}) in
     * place of the system properties this builder otherwise sets, which the agent would ignore.
     */
    public Builder configFile(Path configFile) {
      this.configFile = configFile;
      return this;
    }

    /**
     * Starts the JVM with no agent flag and no property of this builder's: the agent, the
     * extensions and their settings come from the environment alone ({@link #env}: {@code
     * JAVA_TOOL_OPTIONS}, {@code OTEL_*}), as the OpenTelemetry Operator and ECS task definitions
     * set them.
     */
    public Builder environmentOnly() {
      this.environmentOnly = true;
      return this;
    }

    /** A JVM option, e.g. {@code -Xlog:class+load:file=...} to see which classes were loaded. */
    public Builder jvmArgument(String argument) {
      jvmArguments.add(argument);
      return this;
    }

    /** Jars (or folders) put on the app's class path after the default entries. */
    public Builder classpath(List<Path> entries) {
      extraClasspath.addAll(entries);
      return this;
    }

    public ServiceProcess start() {
      List<String> command = new ArrayList<>();
      command.add(javaHome.resolve("bin").resolve("java").toString());
      if (!environmentOnly) {
        command.add("-javaagent:" + (agentJar != null ? agentJar : SmokeEnvironment.agentJar()));
      }
      if (withExtension && !environmentOnly) {
        command.add("-Dotel.javaagent.extensions=" + SmokeEnvironment.extensionJar());
      }
      Map<String, String> all = new LinkedHashMap<>();
      if (environmentOnly) {
        // Nothing of ours: the environment says it all.
      } else if (configFile != null) {
        // The agent reads nothing else of ours then: the file says where to export and how.
        all.put("otel.config.file", configFile.toString());
      } else {
        all.put("otel.service.name", serviceName);
        if (otlpEndpoint != null) {
          all.put("otel.exporter.otlp.endpoint", otlpEndpoint);
          all.put("otel.exporter.otlp.protocol", "http/protobuf");
        } else {
          all.put("otel.traces.exporter", "none");
        }
        all.put("otel.metrics.exporter", "none");
        all.put("otel.logs.exporter", "none");
        all.put("otel.bsp.schedule.delay", "100");
        // Tests of ids, propagation and resources want every span; the sampling tests ask for
        // the xray sampler (our default) explicitly.
        all.put("otel.traces.sampler", "parentbased_always_on");
      }
      if (!environmentOnly) {
        // Loopback only: were an EC2 detector ever to run, it asks a closed loopback port.
        all.put("otel.aws.imds.endpointOverride", "127.0.0.1:9");
      }
      all.putAll(properties);
      all.forEach((key, value) -> command.add("-D" + key + "=" + value));
      command.add("-Xshare:auto");
      command.addAll(jvmArguments);
      command.add("-cp");
      List<String> classpath = new ArrayList<>();
      classpath.add(classpathOf(SampleService.class).toString());
      SmokeEnvironment.appLibraries().forEach(jar -> classpath.add(jar.toString()));
      extraClasspath.forEach(entry -> classpath.add(entry.toString()));
      command.add(String.join(java.io.File.pathSeparator, classpath));
      command.add(mainClass);

      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      Map<String, String> env = builder.environment();
      ChildJvms.scrub(env);
      env.putAll(environment);

      List<String> output = new ArrayList<>();
      CompletableFuture<Integer> listening = new CompletableFuture<>();
      Process process =
          ChildJvms.start(
              builder,
              serviceName + "-output",
              output,
              line -> {
                Matcher matcher = LISTENING.matcher(line);
                if (!listening.isDone() && matcher.find()) {
                  listening.complete(Integer.parseInt(matcher.group(1)));
                }
              },
              () -> listening.completeExceptionally(new IllegalStateException("process exited")));
      try {
        int port = listening.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        return new ServiceProcess(serviceName, process, output, port);
      } catch (InterruptedException | ExecutionException | TimeoutException e) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        String printed;
        synchronized (output) {
          printed = String.join("\n", output);
        }
        throw new IllegalStateException(
            serviceName + " did not start within " + START_TIMEOUT + ":\n" + printed, e);
      }
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
