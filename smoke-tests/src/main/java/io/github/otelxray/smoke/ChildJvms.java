/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.smoke;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** What every JVM a smoke test starts has in common: a clean environment, and a sure stop. */
final class ChildJvms {

  private ChildJvms() {}

  /**
   * Removes what the machine running the tests would otherwise hand the child: OpenTelemetry and
   * AWS settings, platform evidence (ECS, Kubernetes, a Lambda trace header) and JVM options, so a
   * test sees only what it sets itself.
   */
  static void scrub(Map<String, String> environment) {
    environment
        .keySet()
        .removeIf(
            name ->
                name.startsWith("OTEL_")
                    || name.startsWith("AWS_")
                    || name.startsWith("ECS_")
                    || name.startsWith("KUBERNETES_")
                    || name.startsWith("_X_AMZN")
                    || name.equals("JAVA_TOOL_OPTIONS")
                    || name.equals("_JAVA_OPTIONS")
                    || name.equals("JDK_JAVA_OPTIONS"));
  }

  /**
   * Starts {@code builder}'s process and a daemon thread named {@code name} that adds each line it
   * prints to {@code output} (guarded by the list), then hands the line to {@code eachLine}; {@code
   * atEnd} runs when the output ends.
   */
  static Process start(
      ProcessBuilder builder,
      String name,
      List<String> output,
      Consumer<String> eachLine,
      Runnable atEnd) {
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + builder.command(), e);
    }
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  synchronized (output) {
                    output.add(line);
                  }
                  eachLine.accept(line);
                }
              } catch (IOException e) {
                // The process went away; whatever it printed is kept.
              } finally {
                atEnd.run();
              }
            },
            name);
    reader.setDaemon(true);
    reader.start();
    return process;
  }

  /** Ends the process and anything it started: politely first, then forcibly after 10 s. */
  static void stop(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
