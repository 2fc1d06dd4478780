/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelxray.fakes.ExportedSpan;
import io.github.otelxray.fakes.FakeCollector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One log correlation sample app ({@link io.github.otelxray.smoke.app.logging.LoggingService})
 * running on one JDK and logging through one {@link LoggingLibrary}, with the collector it exports
 * to; reads back the lines it printed.
 */
final class LoggingApp implements AutoCloseable {

  private static final Pattern XRAY_ID = Pattern.compile("1-[0-9a-f]{8}-[0-9a-f]{24}@[0-9a-f]{16}");
  private static final Duration WAIT = Duration.ofSeconds(30);

  /** One line of the README-pattern appender: the thread, the message and the id (or ""). */
  record ReadmeLine(String thread, String message, String id) {}

  /** One line of the agent-keys appender. */
  record AgentKeysLine(String thread, String message, String traceId, String spanId, String id) {}

  final FakeCollector collector;
  final ServiceProcess service;
  private final String serviceName;
  private final Path configDir;

  private LoggingApp(
      FakeCollector collector, ServiceProcess service, String serviceName, Path configDir) {
    this.collector = collector;
    this.service = service;
    this.serviceName = serviceName;
    this.configDir = configDir;
  }

  static LoggingApp start(Path javaHome, LoggingLibrary library) {
    try {
      Path configDir = Files.createTempDirectory("log-correlation");
      Path config = configDir.resolve(library.configFileName);
      Files.writeString(config, library.config(), StandardCharsets.UTF_8);
      String serviceName = "log-" + library.name().toLowerCase(Locale.ROOT).replace('_', '-');
      FakeCollector collector = FakeCollector.start();
      ServiceProcess.Builder builder =
          ServiceProcess.builder(serviceName)
              .javaHome(javaHome)
              .exportingTo(collector)
              .mainClass(library.mainClass)
              .classpath(library.jars())
              .property(library.configProperty, config.toString());
      library.properties.forEach(builder::property);
      return new LoggingApp(collector, builder.start(), serviceName, configDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  ExportedSpan awaitServerSpan(String path) {
    return collector
        .awaitSpans(all -> all.stream().anyMatch(s -> isServerSpan(s, path)), WAIT)
        .stream()
        .filter(s -> isServerSpan(s, path))
        .findFirst()
        .orElseThrow();
  }

  private boolean isServerSpan(ExportedSpan span, String path) {
    return span.isServer()
        && span.serviceName().equals(serviceName)
        && path.equals(span.attribute("url.path"));
  }

  /** Waits for the README-pattern line whose message is {@code message}. */
  ReadmeLine awaitReadmeLine(String message) {
    return await(message, () -> findReadmeLine(message));
  }

  AgentKeysLine awaitAgentKeysLine(String message) {
    return await(message, () -> findAgentKeysLine(message));
  }

  /** Waits for a line of the app's output that {@code matches}; {@code what} names it. */
  String awaitOutputLine(String what, Predicate<String> matches) {
    return await(what, () -> service.output().lines().filter(matches).findFirst());
  }

  private Optional<ReadmeLine> findReadmeLine(String message) {
    for (String line : service.output().lines().toList()) {
      int dash = line.indexOf(" - ");
      int open = line.indexOf(" [");
      if (line.startsWith(LoggingLibrary.AGENT_KEYS_PREFIX)
          || dash < 0
          || open < 0
          || open > dash) {
        continue;
      }
      String rest = line.substring(dash + 3);
      if (!rest.startsWith(message + " ")) {
        continue;
      }
      String id = rest.substring(message.length() + 1).trim();
      assertThat(id).as("id in: " + line).matches(XRAY_ID.pattern() + "|");
      String thread = line.substring(open + 2, line.indexOf(']', open));
      return Optional.of(new ReadmeLine(thread, message, id));
    }
    return Optional.empty();
  }

  private Optional<AgentKeysLine> findAgentKeysLine(String message) {
    for (String line : service.output().lines().toList()) {
      if (!line.startsWith(LoggingLibrary.AGENT_KEYS_PREFIX + "[")) {
        continue;
      }
      int close = line.indexOf("] ");
      String[] fields = line.substring(close + 2).split("\\|", -1);
      if (fields.length == 4 && fields[0].equals(message)) {
        String thread = line.substring(LoggingLibrary.AGENT_KEYS_PREFIX.length() + 1, close);
        return Optional.of(new AgentKeysLine(thread, message, fields[1], fields[2], fields[3]));
      }
    }
    return Optional.empty();
  }

  private <T> T await(String message, Supplier<Optional<T>> find) {
    AtomicReference<T> found = new AtomicReference<>();
    Waits.patiently()
        .untilAsserted(
            () -> {
              Optional<T> line = find.get();
              assertThat(line).as("line '%s' in:%n%s", message, service.output()).isPresent();
              found.set(line.get());
            });
    return found.get();
  }

  @Override
  public void close() throws IOException {
    for (AutoCloseable closeable : new AutoCloseable[] {service, collector}) {
      try {
        closeable.close();
      } catch (Exception e) {
        // best effort: the process handle is killed either way
      }
    }
    try (Stream<Path> files = Files.walk(configDir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    }
  }
}
