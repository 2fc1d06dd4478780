/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.smoke;

import static io.github.otelxray.smoke.Waits.awaitRuleInForce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.otelxray.fakes.ExportedSpan;
import io.github.otelxray.fakes.FakeAwsProxy;
import io.github.otelxray.fakes.FakeCollector;
import io.github.otelxray.smoke.app.otherext.OtherVendorExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The init image as Kubernetes runs it, offline: the layers of the built linux/amd64 archive are
 * unpacked into a root file system, and inside it ({@code chroot}, as the image's user, with the
 * image's {@code PATH}) run exactly the commands the OpenTelemetry Operator's init containers run:
 * the agent image's {@code cp /javaagent.jar <volume>/javaagent.jar} and our extension image's
 * {@code cp -r /extensions/. <volume>/extensions}, after another vendor's extension image has put
 * its jar in that directory. A service then starts with exactly the environment the Operator leaves
 * ({@code JAVA_TOOL_OPTIONS} naming the agent and the extensions directory, the sampler,
 * propagators and resource attributes of {@code collector-config/eks/instrumentation.yaml}). The
 * same for the ECS recipe: its init container's command and its app's environment are read from
 * {@code collector-config/ecs/task-definition.json}, so the recipe and the image cannot drift
 * apart.
 *
 * <p>Faked, on loopback: the collector ({@link FakeCollector}, OTLP) and its awsproxy ({@link
 * FakeAwsProxy}, X-Ray's sampling API); the pod's shared {@code emptyDir} and the task's volume are
 * world-writable directories inside the unpacked root; the other vendor's extension is {@link
 * OtherVendorExtension} in a jar of its own, which marks the spans' resource. No container runtime
 * is needed or used: {@code chroot} needs root, so without it these tests are skipped, saying so
 * (CI runs as root).
 */
class InitImageSmokeTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Pattern DIGEST =
      Pattern.compile("\"digest\"\\s*:\\s*\"sha256:([0-9a-f]{64})\"");
  private static final String TRACE_HEADER =
      "Root=1-5759e988-bd862e3fe1be46a994272799;Parent=53995c3f42cd8ad8;Sampled=1";

  @AutoClose private final FakeCollector collector = FakeCollector.start();

  @BeforeAll
  static void chrootNeedsRoot() {
    assumeTrue(
        new com.sun.security.auth.module.UnixSystem().getUid() == 0,
        "the init image proof runs the image's cp under chroot, which needs root (CI runs as root)");
  }

  @Test
  void operatorInjectionBesideAnotherExtensionImageLoadsBothAndAppliesXRay(@TempDir Path dir)
      throws Exception {
    Image image = Image.unpack(SmokeEnvironment.initImageAmd64(), dir.resolve("image"));
    assertThat(image.user()).as("numeric non-root USER").matches("[1-9][0-9]*(:[0-9]+)?");

    // The pod's emptyDir, as the init containers see it at /otel-auto-instrumentation-java.
    Path volume = worldWritableDirectory(image.root().resolve("otel-auto-instrumentation-java"));
    // Another vendor's extension image ran first: `cp -r /extensions/. <volume>/extensions`.
    Path extensions = volume.resolve("extensions");
    Files.createDirectories(extensions);
    writeOtherVendorExtension(extensions.resolve("other-vendor-extension.jar"));
    chown(image.user(), extensions);

    image.runAsItsUser("cp", "/javaagent.jar", "/otel-auto-instrumentation-java/javaagent.jar");
    image.runAsItsUser("cp", "-r", "/extensions/.", "/otel-auto-instrumentation-java/extensions");
    try (Stream<Path> files = Files.list(extensions)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .containsExactlyInAnyOrder("other-vendor-extension.jar", "otel-xray-extension.jar");
    }

    try (FakeAwsProxy proxy =
            FakeAwsProxy.start()
                .rules(
                    List.of(
                        FakeAwsProxy.rule("api", 1, "/api/*", 0, 1.0),
                        FakeAwsProxy.rule("Default", 10000, "*", 0, 0.0)));
        ServiceProcess service =
            ServiceProcess.builder("orders")
                .environmentOnly()
                // What the Operator appends to the container's JAVA_TOOL_OPTIONS.
                .env(
                    "JAVA_TOOL_OPTIONS",
                    " -javaagent:"
                        + volume.resolve("javaagent.jar")
                        + " -Dotel.javaagent.extensions="
                        + extensions)
                .env("OTEL_SERVICE_NAME", "orders")
                .env("OTEL_EXPORTER_OTLP_ENDPOINT", collector.endpoint())
                .env("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
                .env("OTEL_METRICS_EXPORTER", "none")
                .env("OTEL_LOGS_EXPORTER", "none")
                .env("OTEL_TRACES_SAMPLER", "xray")
                .env("OTEL_TRACES_SAMPLER_ARG", "endpoint=" + proxy.endpoint())
                .env("OTEL_PROPAGATORS", "tracecontext,baggage,xray")
                .env(
                    "OTEL_RESOURCE_ATTRIBUTES",
                    "k8s.namespace.name=shop,k8s.deployment.name=orders,"
                        + "k8s.pod.name=orders-6f7c9d-x2k4p,k8s.container.name=app,"
                        + "k8s.node.name=ip-10-0-1-23.ec2.internal")
                // Not the Operator's: loopback only, and spans leave at once.
                .env("AWS_EC2_METADATA_DISABLED", "true")
                .env("OTEL_BSP_SCHEDULE_DELAY", "100")
                .start()) {
      awaitRuleInForce(service, collector, "/api/warmup-", "api");
      service.get("/api/continued", Map.of("X-Amzn-Trace-Id", TRACE_HEADER));
      List<ExportedSpan> spans =
          collector.awaitSpans(
              all ->
                  all.stream()
                      .anyMatch(
                          s -> s.isServer() && "/api/continued".equals(s.attribute("url.path"))),
              WAIT);

      ExportedSpan continued =
          spans.stream()
              .filter(s -> s.isServer() && "/api/continued".equals(s.attribute("url.path")))
              .findFirst()
              .orElseThrow();
      assertThat(continued.xrayTraceId()).isEqualTo("1-5759e988-bd862e3fe1be46a994272799");
      assertThat(continued.parentSpanId()).isEqualTo("53995c3f42cd8ad8");
      ExportedSpan fresh =
          spans.stream()
              .filter(s -> s.isServer() && "api".equals(s.attribute("aws.xray.sampling_rule")))
              .findFirst()
              .orElseThrow();
      // An X-Ray trace id starts with the epoch second it began in.
      long second = Long.parseLong(fresh.traceId().substring(0, 8), 16);
      assertThat(second).isBetween(1_700_000_000L, System.currentTimeMillis() / 1000 + 1);
      assertThat(fresh.resource())
          .containsEntry(OtherVendorExtension.MARK, "loaded")
          .containsEntry("k8s.pod.name", "orders-6f7c9d-x2k4p")
          .containsEntry("service.name", "orders");
    }
  }

  @Test
  void ecsRecipeInitContainerDeliversWhatTheTaskStartsWith(@TempDir Path dir) throws Exception {
    Image image = Image.unpack(SmokeEnvironment.initImageAmd64(), dir.resolve("image"));
    String recipe =
        Files.readString(
            SmokeEnvironment.repositoryFile("collector-config/ecs/task-definition.json"));
    // The task's volume, as the init container sees it at /otel.
    Path volume = worldWritableDirectory(image.root().resolve("otel"));

    image.runAsItsUser(recipeCommand(recipe).toArray(String[]::new));

    Map<String, String> environment = recipeEnvironment(recipe);
    try (FakeAwsProxy proxy =
            FakeAwsProxy.start()
                .rules(
                    List.of(
                        FakeAwsProxy.rule("api", 1, "/api/*", 0, 1.0),
                        FakeAwsProxy.rule("Default", 10000, "*", 0, 0.0)));
        ServiceProcess service =
            withEnvironment(ServiceProcess.builder("orders").environmentOnly(), environment)
                // The app container mounts the volume at /otel: here, where the init container
                // wrote it.
                .env("JAVA_TOOL_OPTIONS", onVolume(environment.get("JAVA_TOOL_OPTIONS"), volume))
                .env(
                    "OTEL_JAVAAGENT_EXTENSIONS",
                    onVolume(environment.get("OTEL_JAVAAGENT_EXTENSIONS"), volume))
                // The task's sidecar collector, faked on loopback.
                .env("OTEL_EXPORTER_OTLP_ENDPOINT", collector.endpoint())
                .env("OTEL_TRACES_SAMPLER_ARG", "endpoint=" + proxy.endpoint())
                .env("AWS_EC2_METADATA_DISABLED", "true")
                .env("OTEL_BSP_SCHEDULE_DELAY", "100")
                .start()) {
      awaitRuleInForce(service, collector, "/api/warmup-", "api");
      ExportedSpan span =
          collector.spans().stream()
              .filter(s -> s.isServer() && "api".equals(s.attribute("aws.xray.sampling_rule")))
              .findFirst()
              .orElseThrow();
      long second = Long.parseLong(span.traceId().substring(0, 8), 16);
      assertThat(second).isBetween(1_700_000_000L, System.currentTimeMillis() / 1000 + 1);
      assertThat(span.resource()).containsEntry("service.name", "orders");
    }
  }

  private static final Pattern RECIPE_COMMAND =
      Pattern.compile("\"command\"\\s*:\\s*\\[([^\\]]*)\\]");
  private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");
  private static final Pattern NAME_VALUE =
      Pattern.compile(
          "\\{\\s*\"name\"\\s*:\\s*\"([A-Z_]+)\"\\s*,\\s*\"value\"\\s*:\\s*\"([^\"]*)\"\\s*\\}");

  /** The init container's command: the first "command" of the task definition. */
  private static List<String> recipeCommand(String recipe) {
    Matcher command = RECIPE_COMMAND.matcher(recipe);
    assertThat(command.find()).as("a command in the ECS recipe").isTrue();
    List<String> words = new ArrayList<>();
    Matcher word = QUOTED.matcher(command.group(1));
    while (word.find()) {
      words.add(word.group(1));
    }
    return words;
  }

  /** The OTEL_* and JAVA_TOOL_OPTIONS variables the task definition sets. */
  private static Map<String, String> recipeEnvironment(String recipe) {
    Map<String, String> environment = new java.util.LinkedHashMap<>();
    Matcher pair = NAME_VALUE.matcher(recipe);
    while (pair.find()) {
      if (pair.group(1).startsWith("OTEL_") || pair.group(1).equals("JAVA_TOOL_OPTIONS")) {
        environment.put(pair.group(1), pair.group(2));
      }
    }
    assertThat(environment).containsKeys("JAVA_TOOL_OPTIONS", "OTEL_JAVAAGENT_EXTENSIONS");
    return environment;
  }

  private static ServiceProcess.Builder withEnvironment(
      ServiceProcess.Builder builder, Map<String, String> environment) {
    environment.forEach(builder::env);
    return builder;
  }

  private static String onVolume(String value, Path volume) {
    return value.replace("/otel/", volume + "/");
  }

  private static Path worldWritableDirectory(Path directory) throws IOException {
    Files.createDirectories(directory);
    Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwxrwx"));
    return directory;
  }

  /** Another image's files belong to the pod's user, which the Operator gives every container. */
  private static void chown(String user, Path directory) throws IOException {
    int uid = Integer.parseInt(user.split(":")[0]);
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.toList()) {
        Files.setAttribute(file, "unix:uid", uid);
      }
    }
  }

  /** {@link OtherVendorExtension} in a jar of its own, registered as the agent finds extensions. */
  private static void writeOtherVendorExtension(Path jar) throws IOException {
    String classFile = OtherVendorExtension.class.getName().replace('.', '/') + ".class";
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream jarOut = new JarOutputStream(out);
        InputStream bytes =
            OtherVendorExtension.class.getClassLoader().getResourceAsStream(classFile)) {
      jarOut.putNextEntry(new JarEntry(classFile));
      bytes.transferTo(jarOut);
      jarOut.putNextEntry(
          new JarEntry(
              "META-INF/services/"
                  + "io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizerProvider"));
      jarOut.write((OtherVendorExtension.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
    }
  }

  /** An OCI image archive unpacked: its root file system, its user and its PATH. */
  private record Image(Path root, String user, String path) {

    static Image unpack(Path archive, Path into) throws IOException, InterruptedException {
      Path layout = Files.createDirectories(into.resolve("oci"));
      Path root = Files.createDirectories(into.resolve("rootfs"));
      run(List.of("tar", "-xf", archive.toString(), "-C", layout.toString()), Map.of());
      String manifest =
          blob(layout, digests(Files.readString(layout.resolve("index.json"))).get(0));
      List<String> digests = digests(manifest);
      String config = blob(layout, digests.get(0));
      // The layers, in order, as a container runtime lays them out.
      for (String layer : digests.subList(1, digests.size())) {
        run(
            List.of(
                "tar",
                "-xzf",
                layout.resolve("blobs/sha256/" + layer).toString(),
                "-C",
                root.toString()),
            Map.of());
      }
      return new Image(root, field(config, "User"), env(config, "PATH"));
    }

    /** Runs a command inside the image as its user, with its PATH, as a container runtime does. */
    void runAsItsUser(String... command) throws IOException, InterruptedException {
      List<String> chroot =
          new ArrayList<>(List.of(chrootBinary(), "--userspec=" + user, root.toString()));
      chroot.addAll(List.of(command));
      run(chroot, Map.of("PATH", path));
    }

    private static String chrootBinary() {
      for (String candidate : List.of("/usr/sbin/chroot", "/usr/bin/chroot", "/sbin/chroot")) {
        if (Files.isExecutable(Path.of(candidate))) {
          return candidate;
        }
      }
      throw new IllegalStateException("no chroot binary (coreutils) on this machine");
    }

    private static List<String> digests(String json) {
      List<String> found = new ArrayList<>();
      Matcher matcher = DIGEST.matcher(json);
      while (matcher.find()) {
        found.add(matcher.group(1));
      }
      return found;
    }

    private static String blob(Path layout, String digest) throws IOException {
      return Files.readString(layout.resolve("blobs/sha256/" + digest));
    }

    private static String field(String json, String name) {
      Matcher matcher = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
      assertThat(matcher.find()).as("%s in the image config %s", name, json).isTrue();
      return matcher.group(1);
    }

    private static String env(String json, String name) {
      Matcher matcher = Pattern.compile("\"" + name + "=([^\"]*)\"").matcher(json);
      assertThat(matcher.find()).as("%s in the image's Env: %s", name, json).isTrue();
      return matcher.group(1);
    }

    /** Runs a command to its end (bounded), failing with its output unless it exits 0. */
    private static void run(List<String> command, Map<String, String> environment)
        throws IOException, InterruptedException {
      Path output = Files.createTempFile("init-image-command", ".log");
      try {
        ProcessBuilder builder =
            new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        if (!environment.isEmpty()) {
          builder.environment().clear();
          builder.environment().putAll(environment);
        }
        Process process = builder.start();
        boolean ended = process.waitFor(60, TimeUnit.SECONDS);
        if (!ended) {
          process.destroyForcibly();
        }
        assertThat(ended ? process.exitValue() : -1)
            .as(
                "%s exited so (-1: still running after 60 s):%n%s",
                command, Files.readString(output))
            .isZero();
      } finally {
        Files.deleteIfExists(output);
      }
    }
  }
}
