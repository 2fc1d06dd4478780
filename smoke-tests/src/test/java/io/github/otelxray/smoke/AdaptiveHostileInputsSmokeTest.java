/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelxray.fakes.FakeAwsProxy;
import io.github.otelxray.fakes.FakeCollector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Adaptive sampling against what an application or a configuration can throw at it, under the real
 * agent (issue 19): spans far larger than the capture buffer on a small heap, and configuration
 * text that would forge or flood log lines, through the environment and through a YAML file.
 *
 * <p>Fakes, on loopback: the ADOT collector ({@link FakeCollector}) and the collector's awsproxy
 * ({@link FakeAwsProxy}) with rules that sample nothing. Waits are bounded and poll for the exact
 * evidence; nothing asserts a duration.
 */
class AdaptiveHostileInputsSmokeTest {

  private static final String FORGED =
      "GET /\n[otel.javaagent 2026-12-03 12:00:00:000 +0000] [main] INFO"
          + " io.github.otelxray.sampling - FORGED LINE \u001b[31m";

  @TempDir Path dir;
  @AutoClose private final FakeCollector collector = FakeCollector.start();

  @AutoClose
  private final FakeAwsProxy proxy =
      FakeAwsProxy.start().rules(List.of(FakeAwsProxy.rule("Default", 10000, "*", 0, 0.0)));

  /**
   * Issue 19, defect 1: failing requests that each add 128 span events with a distinct 40,000
   * character attribute (5 MB a span), against a 128 MB heap. Before the fix the buffer counted
   * each event as 200 bytes and held hundreds of megabytes: OutOfMemoryError in request threads.
   */
  @Test
  void servesEveryRequestOnASmallHeapWhileSpansTooLargeToCaptureAreDropped() {
    try (ServiceProcess service =
        ServiceProcess.builder("hostile-events")
            .exportingTo(collector)
            .property("otel.traces.sampler", "xray")
            .property("otel.traces.sampler.arg", "endpoint=" + proxy.endpoint())
            .property(
                "aws.xray.adaptive.sampling.config",
                "{version: 1.0, anomalyCaptureLimit: {anomalyTracesPerSecond: 1}}")
            .jvmArgument("-Xmx128m")
            .start()) {
      Waits.awaitOutput(service, "X-Ray sampling: 1 rules from " + proxy.endpoint());
      assertThat(service.get("/events?count=4&size=100&warmup").statusCode()).isEqualTo(500);
      long heapBefore = Long.parseLong(service.get("/memory").body().trim());

      for (int i = 0; i < 60; i++) {
        assertThat(service.get("/events?count=128&size=40000&n=" + i).statusCode()).isEqualTo(500);
      }
      long heapAfter = Long.parseLong(service.get("/memory").body().trim());

      // Capture still works for spans of a sane size: one of these is captured within a second.
      AtomicInteger marker = new AtomicInteger();
      Waits.until(
          service,
          () -> {
            service.get("/events?count=4&size=1000&marker=" + marker.getAndIncrement());
            return markerArrived();
          });

      String output = service.output();
      assertThat(output).doesNotContain("OutOfMemoryError");
      assertThat(countLines(output, "X-Ray anomaly capture dropped a span of about")).isEqualTo(1);
      // What the exporter got: no span of the hostile requests (each too large), the marker.
      assertThat(collector.spans())
          .noneMatch(s -> String.valueOf(s.attribute("url.query")).contains("size=40000"));
      // The buffer (4 MiB) and queue (4 MiB) are all capture may hold: the heap stays flat.
      assertThat(heapAfter - heapBefore).isLessThan(16L * 1024 * 1024);
    }
  }

  private boolean markerArrived() {
    return collector.spans().stream()
        .anyMatch(s -> String.valueOf(s.attribute("url.query")).contains("marker="));
  }

  /**
   * Issue 19, defect 5, through the environment variable: an operation that would forge log lines
   * with a raw escape character, a 55 KB document of 100 conditions (one 125 KB INFO line before)
   * and 2,000 unknown keys (2,000 warnings before).
   */
  @Test
  void logsAConfigurationFromTheEnvironmentEscapedCutAndCapped() {
    StringBuilder document =
        new StringBuilder("{version: 1.0, anomalyConditions: [{highLatencyMs: 5, operations: [")
            .append(doubleQuoted(FORGED))
            .append("]}");
    for (int i = 1; i < 100; i++) {
      document.append(", {highLatencyMs: ").append(i).append(", operations: [");
      for (int j = 0; j < 20; j++) {
        document.append(j == 0 ? "" : ", ").append("'GET /orders-").append(i * 100 + j).append("'");
      }
      document.append("]}");
    }
    document.append("]");
    for (int i = 0; i < 2_000; i++) {
      document.append(", k").append(i).append(": 1");
    }
    document.append('}');
    assertThat(document.length()).isLessThan(64 * 1024);

    try (ServiceProcess service =
        ServiceProcess.builder("hostile-adaptive-env")
            .exportingTo(collector)
            .property("otel.traces.sampler", "xray")
            .property("otel.traces.sampler.arg", "endpoint=" + proxy.endpoint())
            .env("AWS_XRAY_ADAPTIVE_SAMPLING_CONFIG", document.toString())
            .start()) {
      service.get("/hello/first");
      Waits.awaitOutput(service, "X-Ray adaptive sampling: sampling boost");

      assertNoForgedLineOrEscape(service.output());
      assertThat(countLines(service.output(), ": unknown key '")).isEqualTo(10);
      assertThat(service.output()).contains("and 1990 more unknown keys ignored (not named)");
      assertThat(longestLine(service.output())).isLessThan(2_500);
    }
  }

  /**
   * Issue 19, defect 5 and two smaller ones, through a YAML configuration file: the forged
   * operation is escaped; {@code anomalyTracesPerSecond: 0} turns capture off; and the document is
   * read when the SDK is built, before any request (it was read on the first request's thread), as
   * the sampler now starts with the agent.
   */
  @Test
  void readsTheFilesDocumentAtStartUpEscapedAndTurnsCaptureOffWithZero() throws Exception {
    Path file = dir.resolve("otel.yaml");
    Files.writeString(
        file,
        """
        file_format: "1.2"
        resource:
          attributes: [{name: service.name, value: hostile-adaptive-file}]
        tracer_provider:
          sampler: {xray: {endpoint: "%s"}}
          processors:
            - batch:
                schedule_delay: 100
                exporter: {otlp_http: {endpoint: "%s/v1/traces"}}
        instrumentation/development:
          java:
            aws_xray:
              adaptive_sampling:
                version: 1.0
                anomalyConditions:
                  - highLatencyMs: 5
                    operations: [%s]
                anomalyCaptureLimit: {anomalyTracesPerSecond: 0}
                read_at_start_up: true
        """
            .formatted(proxy.endpoint(), collector.endpoint(), doubleQuoted(FORGED)));
    try (ServiceProcess service =
        ServiceProcess.builder("hostile-adaptive-file").configFile(file).start()) {
      // No request at all: the document was read while the SDK was built, and the sampler
      // started with the agent says what adaptive sampling does.
      Waits.awaitOutput(service, "unknown key 'read_at_start_up' ignored");
      Waits.awaitOutput(service, "X-Ray adaptive sampling: sampling boost");
      assertThat(service.output())
          .contains("anomaly trace capture off (anomalyTracesPerSecond is 0)")
          .doesNotContain("anomalyTracesPerSecond '0'");
      assertNoForgedLineOrEscape(service.output());
    }
  }

  /** {@code text} as a YAML (and JSON) double-quoted scalar: newline and ESC as escapes. */
  private static String doubleQuoted(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\n", "\\n").replace("\u001b", "\\e") + "\"";
  }

  private static void assertNoForgedLineOrEscape(String output) {
    assertThat(output).doesNotContain("\u001b");
    for (String line : output.split("\n")) {
      if (line.contains("FORGED LINE")) {
        // Only inside our own line, escaped, never at the start of one of its own.
        assertThat(line).contains("X-Ray adaptive sampling").contains("GET /\\n[otel.javaagent");
      }
    }
    assertThat(output).contains("FORGED LINE \\u001b[31m");
  }

  private static long countLines(String output, String text) {
    return Arrays.stream(output.split("\n")).filter(line -> line.contains(text)).count();
  }

  private static int longestLine(String output) {
    return Arrays.stream(output.split("\n")).mapToInt(String::length).max().orElse(0);
  }
}
