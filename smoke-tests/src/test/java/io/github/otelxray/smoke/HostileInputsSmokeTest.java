/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.smoke;

import static io.github.otelxray.smoke.Waits.awaitOutput;
import static io.github.otelxray.smoke.Waits.patiently;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.otelxray.fakes.FakeAwsProxy;
import io.github.otelxray.fakes.FakeCollector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a file, a setting, a proxy or a request can send, under the real agent: the application
 * starts, answers, and long paths cost it no more than a short bound, whatever the rules.
 *
 * <p>Fakes, on loopback: the ADOT collector ({@link FakeCollector}) and the collector's awsproxy
 * ({@link FakeAwsProxy}, here also dripping its statistics answer a byte a second); neither X-Ray
 * nor the collector can run here. Waits are bounded and poll for the exact evidence; the only
 * durations asserted are generous bounds on work that took seconds per request before the fixes.
 */
class HostileInputsSmokeTest {

  private static final Pattern STACK_FRAME =
      Pattern.compile("^\\s+at [\\w.$]+\\(", Pattern.MULTILINE);

  /** A fresh collector for each test, closed after it. */
  @AutoClose private final FakeCollector collector = FakeCollector.start();

  /**
   * Issue 11, items 1, 4 and 5 in one service: a rules file that is a named pipe nobody writes
   * (start-up used to hang for ever), a polling interval that overflowed into a busy loop, and a
   * proxy that drips its statistics answer (it used to hold the sampling thread as long as it
   * liked).
   */
  @Test
  void startsAndAnswersWithAPipeForRulesAHugeIntervalAndADrippingProxy(@TempDir Path dir)
      throws Exception {
    Path pipe = dir.resolve("rules.fifo");
    assumeTrue(
        new ProcessBuilder("mkfifo", pipe.toString()).inheritIO().start().waitFor() == 0,
        "mkfifo is not available here");
    try (FakeAwsProxy proxy =
            FakeAwsProxy.start()
                .rules(List.of(FakeAwsProxy.rule("Default", 10000, "*", 1, 1.0)))
                .mode(FakeAwsProxy.Mode.DRIP_TARGETS);
        ServiceProcess service =
            ServiceProcess.builder("hostile-settings")
                .exportingTo(collector)
                .property("otel.traces.sampler", "xray")
                .property(
                    "otel.traces.sampler.arg",
                    "endpoint=" + proxy.endpoint() + ",polling_interval=9223372036854775807")
                .property("otel.aws.xray.sampler.rules-file", pipe.toString())
                .start()) {
      assertThat(service.get("/hello/started").statusCode()).isEqualTo(200);
      awaitOutput(service, pipe + " is not a regular file");
      awaitOutput(service, "polling_interval '9223372036854775807' is over a day; using 86400");

      // Requests for the statistics report (after 10 s), which the proxy then drips.
      patiently().until(() -> !proxy.requests("/GetSamplingRules").isEmpty());
      for (int i = 0; i < 5; i++) {
        assertThat(service.get("/hello/counted-" + i).statusCode()).isEqualTo(200);
      }
      patiently().until(() -> !proxy.requests("/SamplingTargets").isEmpty());
      // The app keeps answering while the sampling thread waits for the dripping answer.
      for (int i = 0; i < 5; i++) {
        assertThat(service.get("/hello/while-dripping-" + i).statusCode()).isEqualTo(200);
      }
      awaitOutput(
          service, "SamplingTargets to " + proxy.endpoint() + " did not complete within 7000 ms");

      // A day between polls: one rules fetch, not a busy loop.
      assertThat(proxy.requests("/GetSamplingRules")).hasSize(1);
      assertThat(STACK_FRAME.matcher(service.output()).find()).isFalse();
    }
  }

  /**
   * Issue 11, items 2 and 6: {@code /dev/zero} as the rules file (an OutOfMemoryError at start-up
   * before), and 25 rules of 128-character globs made to backtrack against 64 KiB request paths
   * (1.6 s per request before).
   */
  @Test
  void startsWithADeviceForRulesAndAnswersLongPathsAgainstHostileGlobsPromptly() {
    assumeTrue(Files.exists(Path.of("/dev/zero")), "/dev/zero does not exist here");
    List<Map<String, Object>> rules = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      // 128 characters, within X-Ray's URLPath limit.
      String glob = "/*a*" + "a".repeat(121) + "b" + i % 10 + "*";
      rules.add(FakeAwsProxy.rule("hostile-" + i, i + 1, glob, 0, 1.0));
    }
    rules.add(FakeAwsProxy.rule("Default", 10000, "*", 0, 1.0));
    try (FakeAwsProxy proxy = FakeAwsProxy.start().rules(rules);
        ServiceProcess service =
            ServiceProcess.builder("hostile-paths")
                .exportingTo(collector)
                .property("otel.traces.sampler", "xray")
                .property("otel.traces.sampler.arg", "endpoint=" + proxy.endpoint())
                .property("otel.aws.xray.sampler.rules-file", "/dev/zero")
                .start()) {
      awaitOutput(service, "/dev/zero is not a regular file");
      awaitOutput(service, "26 rules from " + proxy.endpoint());

      String longPath = "/hello/" + "a".repeat(64 * 1024 - 7);
      long started = System.nanoTime();
      for (int i = 0; i < 20; i++) {
        assertThat(service.get(longPath).statusCode()).isEqualTo(200);
      }
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      // 32 s before the fixes; a generous bound, not a measurement.
      assertThat(took).isLessThan(Duration.ofSeconds(10));
      assertThat(service.output()).doesNotContain("OutOfMemoryError");
      assertThat(STACK_FRAME.matcher(service.output()).find()).isFalse();
    }
  }
}
