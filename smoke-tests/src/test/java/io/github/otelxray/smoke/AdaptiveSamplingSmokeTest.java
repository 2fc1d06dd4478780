/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.smoke;

import static io.github.otelxray.smoke.Waits.awaitOutput;
import static io.github.otelxray.smoke.Waits.awaitRuleInForce;
import static io.github.otelxray.smoke.Waits.patiently;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelxray.fakes.ExportedSpan;
import io.github.otelxray.fakes.FakeAwsProxy;
import io.github.otelxray.fakes.FakeCollector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * X-Ray adaptive sampling under the real agent: failing traces captured whole although the rules
 * sample nothing, boost statistics that add up, a granted boost raising a rule's rate until its
 * end, and a flood of errors held to the capture limit with the heap flat.
 *
 * <p>Fakes, on loopback: the ADOT collector ({@link FakeCollector}, OTLP protobuf) and the
 * collector's awsproxy in front of X-Ray's sampling API ({@link FakeAwsProxy}, the API's JSON,
 * granting a {@code SamplingBoost} as X-Ray does when a rule's anomalies are reported); neither
 * X-Ray nor the collector can run here. Waits are bounded and poll for the exact evidence; nothing
 * asserts a duration.
 */
class AdaptiveSamplingSmokeTest {

  private static final Duration WAIT = Duration.ofSeconds(40);

  /** Capture only when the outer request fails: the calls it made ended before it. */
  private static final String CAPTURE_OUTER_FAILURES =
      "{version: 1.0, anomalyConditions: [{errorCodeRegex: '5\\d\\d', operations: ['GET /call'],"
          + " usage: anomaly-trace-capture}], anomalyCaptureLimit: {anomalyTracesPerSecond: 1}}";

  @TempDir Path dir;

  /** A fresh collector for each test, closed after it. */
  @AutoClose private final FakeCollector collector = FakeCollector.start();

  private ServiceProcess service(String name, FakeAwsProxy proxy, Map<String, String> properties) {
    ServiceProcess.Builder builder =
        ServiceProcess.builder(name)
            .exportingTo(collector)
            .property("otel.traces.sampler", "xray")
            .property("otel.traces.sampler.arg", "endpoint=" + proxy.endpoint());
    properties.forEach(builder::property);
    return builder.start();
  }

  private static FakeAwsProxy proxyWith(Map<String, Object>... rules) {
    return FakeAwsProxy.start().rules(List.of(rules));
  }

  private static String selfCall(ServiceProcess service, String path) {
    return "/call?to=" + service.url(path);
  }

  @Test
  void capturesFailingTracesWholeWhileTheRulesSampleNothing() {
    try (FakeAwsProxy proxy =
            proxyWith(
                FakeAwsProxy.rule("marker", 1, "/health*", 0, 1.0),
                FakeAwsProxy.rule("Default", 10000, "*", 0, 0.0));
        ServiceProcess service =
            service(
                "storefront",
                proxy,
                Map.of("aws.xray.adaptive.sampling.config", CAPTURE_OUTER_FAILURES))) {
      awaitOutput(service, "X-Ray sampling: 2 rules from " + proxy.endpoint());
      assertThat(service.output()).contains("anomaly trace capture on");

      for (int i = 0; i < 3; i++) {
        assertThat(service.get(selfCall(service, "/hello/ok-" + i)).statusCode()).isEqualTo(200);
      }
      assertThat(service.get(selfCall(service, "/fail")).statusCode()).isEqualTo(500);

      List<ExportedSpan> spans =
          collector.awaitSpans(
              all ->
                  all.stream()
                      .anyMatch(s -> s.isServer() && "/call".equals(s.attribute("url.path"))),
              WAIT);
      ExportedSpan outer =
          spans.stream()
              .filter(s -> s.isServer() && "/call".equals(s.attribute("url.path")))
              .findFirst()
              .orElseThrow();
      List<ExportedSpan> trace =
          collector.awaitTrace(outer.traceId(), s -> "/fail".equals(s.attribute("url.path")), WAIT);
      // The server span, the client call it made and the failing downstream request, which both
      // ended before the server span did: the whole trace, not just what ended after the anomaly.
      assertThat(trace).hasSize(3);
      assertThat(trace).filteredOn(ExportedSpan::isClient).hasSize(1);
      assertThat(trace)
          .allSatisfy(s -> assertThat(s.attribute("aws.trace.flag.sampled")).isEqualTo(false));

      service.get("/health/marker");
      List<ExportedSpan> all =
          collector.awaitSpans(
              received ->
                  received.stream().anyMatch(s -> "/health/marker".equals(s.attribute("url.path"))),
              WAIT);
      assertThat(all)
          .noneMatch(s -> String.valueOf(s.attribute("url.path")).startsWith("/hello/"))
          .noneMatch(s -> String.valueOf(s.attribute("url.full")).contains("/hello/"));
    }
  }

  @Test
  void reportsBoostStatisticsThatAddUpAndAppliesTheGrantedBoostUntilItEnds() {
    Map<String, Object> orders = FakeAwsProxy.rule("orders", 2, "*", 0, 0.0);
    orders.put("SamplingRateBoost", Map.of("MaxRate", 1.0, "CooldownWindowMinutes", 1));
    try (FakeAwsProxy proxy =
            proxyWith(
                    FakeAwsProxy.rule("marker", 1, "/health*", 0, 1.0),
                    orders,
                    FakeAwsProxy.rule("Default", 10000, "*", 0, 0.0))
                .boostOnFirstAnomaly("orders", 1.0, 8);
        ServiceProcess service = service("shop", proxy, Map.of())) {
      awaitOutput(service, "X-Ray sampling boost: rules orders have a SamplingRateBoost");

      for (int i = 0; i < 4; i++) {
        assertThat(service.get("/hello/ok-" + i).statusCode()).isEqualTo(200);
      }
      assertThat(service.get("/fail").statusCode()).isEqualTo(500);
      assertThat(service.get("/fail").statusCode()).isEqualTo(500);

      // Every request of the rule counted once, the two faults as anomalies.
      patiently()
          .untilAsserted(
              () ->
                  assertThat(proxy.boostSum("orders", "TotalCount"))
                      .as("boost statistics: %s", proxy.boostStatisticsDocuments())
                      .isGreaterThanOrEqualTo(6));
      assertThat(proxy.boostSum("orders", "TotalCount")).isEqualTo(6);
      assertThat(proxy.boostSum("orders", "AnomalyCount")).isEqualTo(2);
      assertThat(proxy.boostSum("orders", "SampledAnomalyCount")).isBetween(0L, 2L);
      assertThat(proxy.sum("orders", "RequestCount")).isEqualTo(6);
      assertThat(proxy.boostStatisticsDocuments())
          .allSatisfy(d -> assertThat(d.get("ServiceName")).isEqualTo("shop"));

      // X-Ray answered with a boost: the rule that samples nothing now samples.
      patiently()
          .untilAsserted(
              () ->
                  assertThat(proxy.boostExpiresAtMillis("orders"))
                      .as("boost granted; requests: %s", proxy.requests())
                      .isNotNull());
      awaitRuleInForce(service, collector, "/hello/boosted-", "orders");

      // Until the boost's end, and no longer.
      long expiresAt = proxy.boostExpiresAtMillis("orders");
      // The boost ends by the service's clock, which is this machine's: nothing else to watch.
      patiently().until(() -> System.currentTimeMillis() > expiresAt + 1_000);
      service.get("/hello/after-boost");
      service.get("/health/marker");
      List<ExportedSpan> all =
          collector.awaitSpans(
              received ->
                  received.stream().anyMatch(s -> "/health/marker".equals(s.attribute("url.path"))),
              WAIT);
      assertThat(all).noneMatch(s -> "/hello/after-boost".equals(s.attribute("url.path")));
    }
  }

  @Test
  void holdsAFloodOfErrorsToTheCaptureLimitWithTheHeapFlat() throws Exception {
    Path config = dir.resolve("adaptive-sampling.yaml");
    Files.writeString(
        config,
        "version: 1.0\n"
            + "anomalyConditions:\n"
            + "  - errorCodeRegex: \"^5\\\\d\\\\d$\"\n"
            + "    operations: [\"GET /call\"]\n"
            + "    usage: anomaly-trace-capture\n"
            + "anomalyCaptureLimit:\n"
            + "  anomalyTracesPerSecond: 1\n");
    try (FakeAwsProxy proxy = proxyWith(FakeAwsProxy.rule("Default", 10000, "*", 0, 0.0));
        ServiceProcess service =
            ServiceProcess.builder("flooded")
                .exportingTo(collector)
                .property("otel.traces.sampler", "xray")
                .property("otel.traces.sampler.arg", "endpoint=" + proxy.endpoint())
                .env("AWS_XRAY_ADAPTIVE_SAMPLING_CONFIG", config.toString())
                .start()) {
      awaitOutput(service, "X-Ray sampling: 1 rules from " + proxy.endpoint());
      long start = System.currentTimeMillis();
      for (int i = 0; i < 50; i++) {
        service.get(selfCall(service, "/fail"));
      }
      long heapBefore = Long.parseLong(service.get("/memory").body().trim());

      for (int i = 0; i < 400; i++) {
        assertThat(service.get(selfCall(service, "/fail")).statusCode()).isEqualTo(500);
      }
      long heapAfter = Long.parseLong(service.get("/memory").body().trim());
      long end = System.currentTimeMillis();
      // Let what was captured in the last second arrive: a marker sent after it comes after it.
      service.get(selfCall(service, "/fail"));
      long seconds = (end - start) / 1000 + 1;

      Set<String> capturedTraces =
          collector.awaitSpans(spans -> !spans.isEmpty(), WAIT).stream()
              .map(ExportedSpan::traceId)
              .collect(Collectors.toSet());
      // At most one trace in each second the errors kept coming (plus the partial seconds at
      // either end), however many failed: 450 traces failed here.
      assertThat((long) capturedTraces.size()).isLessThanOrEqualTo(seconds + 2);
      assertThat(heapAfter - heapBefore).isLessThan(32L * 1024 * 1024);
      assertThat(service.output()).doesNotContain("\tat ");
    }
  }
}
