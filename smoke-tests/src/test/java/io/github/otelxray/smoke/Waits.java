/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelxray.fakes.FakeCollector;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * The one way these tests wait for a child JVM: Awaitility, polling for the exact evidence of the
 * event under test (a line of output, a span sampled by a given rule), never for time to pass. A
 * failure reports the last failed assertion, so it shows the evidence that did arrive.
 */
final class Waits {

  /**
   * The most any one wait may take: several times what it takes on a busy 2-core CI machine, so
   * that only a test that would otherwise hang fails on it. Nothing asserts how long a wait took.
   */
  static final Duration PATIENCE = Duration.ofSeconds(60);

  private static final Duration POLL = Duration.ofMillis(100);

  private Waits() {}

  /** Awaitility bounded by {@link #PATIENCE}, polling every 100 ms. */
  static ConditionFactory patiently() {
    return Awaitility.await().atMost(PATIENCE).pollInterval(POLL);
  }

  /** Waits until the service has written {@code text} (agent, extension or app). */
  static void awaitOutput(ServiceProcess service, String text) {
    patiently().untilAsserted(() -> assertThat(service.output()).contains(text));
  }

  /** Waits until {@code condition} holds; a failure shows the service's output. */
  static void until(ServiceProcess service, BooleanSupplier condition) {
    patiently()
        .untilAsserted(
            () ->
                assertThat(condition.getAsBoolean()).as("output:%n%s", service.output()).isTrue());
  }

  /**
   * Sends requests under {@code prefix} (numbered, one a poll) until the collector received one of
   * them as a server span sampled by {@code ruleName}: the rules the test set are in force.
   */
  static void awaitRuleInForce(
      ServiceProcess service, FakeCollector collector, String prefix, String ruleName) {
    AtomicInteger sent = new AtomicInteger();
    patiently()
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              service.get(prefix + sent.getAndIncrement());
              assertThat(collector.spans())
                  .as("rule %s in force; output:%n%s", ruleName, service.output())
                  .anyMatch(
                      s ->
                          s.isServer()
                              && String.valueOf(s.attribute("url.path")).startsWith(prefix)
                              && ruleName.equals(s.attribute("aws.xray.sampling_rule")));
            });
  }
}
