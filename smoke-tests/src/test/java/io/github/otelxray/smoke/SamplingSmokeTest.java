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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code xray} sampler under the real agent: centralized rules applied per path, statistics
 * reported and adding up, the local rules file while the proxy is down, the proxy healing, a
 * hanging or broken proxy changing nothing for the application, and no trace of the sampler's own
 * calls.
 *
 * <p>Fakes, on loopback: the ADOT collector ({@link FakeCollector}, OTLP protobuf) and the
 * collector's awsproxy in front of X-Ray's sampling API ({@link FakeAwsProxy}, the API's JSON);
 * neither X-Ray nor the collector can run here. Waits are bounded and poll for evidence; nothing
 * asserts a duration.
 */
class SamplingSmokeTest {

  private static final Duration WAIT = Duration.ofSeconds(40);
  private static final Pattern STACK_FRAME =
      Pattern.compile("^\\s+at [\\w.$]+\\(", Pattern.MULTILINE);

  /** A fresh collector for each test, closed after it. */
  @AutoClose private final FakeCollector collector = FakeCollector.start();

  @Test
  void appliesRulesPerPathReportsStatisticsThatAddUpAndNeverTracesItsOwnCalls() {
    try (FakeAwsProxy proxy =
            FakeAwsProxy.start()
                .rules(
                    List.of(
                        FakeAwsProxy.rule("health", 1, "/health*", 0, 0.0),
                        FakeAwsProxy.rule("api", 2, "/api/*", 0, 1.0),
                        FakeAwsProxy.rule("Default", 10000, "*", 0, 0.0)));
        ServiceProcess service = xrayService("orders", proxy.endpoint(), null)) {
      awaitRuleInForce(service, collector, "/api/warmup-", "api");

      for (int i = 0; i < 10; i++) {
        assertThat(service.get("/health/check-" + i).statusCode()).isEqualTo(200);
        assertThat(service.get("/api/item-" + i).statusCode()).isEqualTo(200);
        assertThat(service.get("/hello/other-" + i).statusCode()).isEqualTo(200);
      }
      // An upstream decision wins over the 0 % health rule: children follow their parent.
      service.get(
          "/health/parented",
          Map.of(
              "X-Amzn-Trace-Id",
              "Root=1-5759e988-bd862e3fe1be46a994272799;Parent=53995c3f42cd8ad8;Sampled=1"));
      service.get("/api/marker");
      List<ExportedSpan> spans = awaitServerSpan("/api/marker");

      assertThat(paths(spans, "/api/item-")).hasSize(10);
      assertThat(serverSpans(spans, "/api/"))
          .allSatisfy(
              s -> assertThat(s.attribute("aws.xray.sampling_rule")).isIn("api", "Default"));
      assertThat(paths(spans, "/health/check-")).isEmpty();
      assertThat(paths(spans, "/hello/other-")).isEmpty();
      assertThat(paths(spans, "/health/parented")).hasSize(1);

      // Every request after the rules arrived is counted once, under the rule that matched it.
      long apiSampledByRule =
          serverSpans(spans, "/api/").stream()
              .filter(s -> "api".equals(s.attribute("aws.xray.sampling_rule")))
              .count();
      awaitStatistics(proxy, "health", 10);
      awaitStatistics(proxy, "Default", 10);
      awaitStatistics(proxy, "api", apiSampledByRule);
      assertThat(proxy.sum("health", "RequestCount")).isEqualTo(10);
      assertThat(proxy.sum("health", "SampledCount")).isZero();
      assertThat(proxy.sum("Default", "RequestCount")).isEqualTo(10);
      assertThat(proxy.sum("Default", "SampledCount")).isZero();
      assertThat(proxy.sum("api", "RequestCount")).isEqualTo(apiSampledByRule);
      assertThat(proxy.sum("api", "SampledCount")).isEqualTo(apiSampledByRule);
      assertThat(proxy.statisticsDocuments())
          .allSatisfy(
              d -> {
                assertThat((String) d.get("ClientID")).matches("[0-9a-f]{24}");
                // Epoch seconds, as the API documents (contrib sends milliseconds).
                assertThat(((Number) d.get("Timestamp")).longValue())
                    .isBetween(1_000_000_000L, 9_999_999_999L);
              });
      assertThat(proxy.statisticsDocuments().stream().map(d -> d.get("ClientID")).distinct())
          .hasSize(1);

      // The sampler's own calls: no span, no trace header.
      assertThat(collector.spans())
          .noneMatch(
              s ->
                  String.valueOf(s.attribute("url.full")).contains("/GetSamplingRules")
                      || String.valueOf(s.attribute("url.full")).contains("/SamplingTargets")
                      || String.valueOf(s.attribute("url.path")).contains("Sampling"));
      assertThat(proxy.requests())
          .isNotEmpty()
          .allSatisfy(
              r ->
                  assertThat(r.headers())
                      .doesNotContainKeys("traceparent", "x-amzn-trace-id", "baggage"));
    }
  }

  @Test
  void usesTheLocalRulesFileWhileTheProxyIsDownAndXRayRulesOnceItHeals(@TempDir Path dir)
      throws IOException {
    Path rulesFile = dir.resolve("sampling-rules.json");
    Files.writeString(
        rulesFile,
        """
        {
          "version": 2,
          // health checks are noise; everything else is kept while X-Ray is out of reach
          "rules": [
            {"description": "local-health", "host": "*", "http_method": "*",
             "url_path": "/health*", "fixed_target": 0, "rate": 0.0}
          ],
          "default": {"fixed_target": 0, "rate": 1.0}
        }
        """);
    int port = FakeAwsProxy.reservePort();
    try (ServiceProcess service = xrayService("billing", "http://127.0.0.1:" + port, rulesFile)) {
      service.get("/health/local");
      service.get("/hello/local");
      List<ExportedSpan> spans = awaitServerSpan("/hello/local");
      assertThat(serverSpans(spans, "/hello/local").get(0).attribute("aws.xray.sampling_rule"))
          .isEqualTo("Default");
      assertThat(paths(spans, "/health/local")).isEmpty();

      awaitOutput(service, "could not be fetched");
      // The poller retries after 2 s while the proxy stays down: still one warning throughout.
      patiently()
          .during(Duration.ofSeconds(3))
          .until(() -> count(service.output(), "could not be fetched"), n -> n == 1);

      try (FakeAwsProxy proxy =
          FakeAwsProxy.start(port)
              .rules(
                  List.of(
                      FakeAwsProxy.rule("remote-hello", 1, "/hello/*", 0, 1.0),
                      FakeAwsProxy.rule("Default", 10000, "*", 0, 0.0)))) {
        awaitRuleInForce(service, collector, "/hello/healed-", "remote-hello");

        assertThat(proxy.requests("/GetSamplingRules")).isNotEmpty();
        assertThat(count(service.output(), "could not be fetched")).isEqualTo(1);
        assertThat(count(service.output(), "fetched from " + proxy.endpoint() + " again"))
            .isEqualTo(1);
        assertThat(STACK_FRAME.matcher(service.output()).find()).isFalse();
      }
    }
  }

  @Test
  void keepsTheLastGoodRulesWhenTheProxyFailsOrAnswersGarbage() {
    try (FakeAwsProxy proxy =
            FakeAwsProxy.start()
                .rules(
                    List.of(
                        FakeAwsProxy.rule("api", 1, "/api/*", 0, 1.0),
                        FakeAwsProxy.rule("Default", 10000, "*", 0, 0.0)));
        ServiceProcess service =
            ServiceProcess.builder("inventory")
                .exportingTo(collector)
                .property("otel.traces.sampler", "xray")
                .property(
                    "otel.traces.sampler.arg",
                    "endpoint=" + proxy.endpoint() + ",polling_interval=1")
                .start()) {
      awaitRuleInForce(service, collector, "/api/before-", "api");
      // The exact warnings of the rules fetch: statistics reports fail too, with their own line.
      String rulesFailed = "X-Ray sampling rules could not be fetched from " + proxy.endpoint();
      String rules500 = rulesFailed + ": GetSamplingRules answered HTTP 500";
      String rulesGarbage = rulesFailed + ": GetSamplingRules answer is not valid JSON";

      proxy.mode(FakeAwsProxy.Mode.ERROR_500);
      awaitOutput(service, rules500);
      proxy.mode(FakeAwsProxy.Mode.GARBAGE);
      awaitOutput(service, rulesGarbage);
      int rulesCallsBefore = proxy.requests("/GetSamplingRules").size();
      // Two more fetches, both garbage: the second would warn again if it were going to.
      patiently()
          .until(() -> proxy.requests("/GetSamplingRules").size(), n -> n > rulesCallsBefore + 1);

      service.get("/api/during-garbage");
      service.get("/hello/during-garbage");
      service.get("/api/marker");
      List<ExportedSpan> spans = awaitServerSpan("/api/marker");
      assertThat(
              serverSpans(spans, "/api/during-garbage").get(0).attribute("aws.xray.sampling_rule"))
          .isEqualTo("api");
      assertThat(paths(spans, "/hello/during-garbage")).isEmpty();
      // One warning per distinct problem, however many polls failed.
      assertThat(count(service.output(), rules500)).isEqualTo(1);
      assertThat(count(service.output(), rulesGarbage)).isEqualTo(1);
      assertThat(STACK_FRAME.matcher(service.output()).find()).isFalse();
    }
  }

  @Test
  void postsTheLastStatisticsWhenTheServiceStops() {
    try (FakeAwsProxy proxy =
        FakeAwsProxy.start()
            .rules(
                List.of(
                    FakeAwsProxy.rule("warmup", 1, "/hello/*", 0, 1.0),
                    FakeAwsProxy.rule("final", 2, "/api/final-*", 0, 1.0),
                    FakeAwsProxy.rule("Default", 10000, "*", 0, 0.0)))) {
      ServiceProcess service = xrayService("shipping", proxy.endpoint(), null);
      try {
        awaitRuleInForce(service, collector, "/hello/warmup-", "warmup");
        for (int i = 0; i < 7; i++) {
          assertThat(service.get("/api/final-" + i).statusCode()).isEqualTo(200);
        }
      } finally {
        // SIGTERM: the agent's shutdown hook shuts the SDK down, and with it the sampler.
        service.close();
      }

      // Reported every 10 s while running; what is left is reported on the way out.
      assertThat(proxy.sum("final", "RequestCount")).isEqualTo(7);
      assertThat(proxy.sum("final", "SampledCount")).isEqualTo(7);
      assertThat(STACK_FRAME.matcher(service.output()).find()).isFalse();
    }
  }

  @Test
  void aHangingProxyHoldsUpNoRequest() {
    try (FakeAwsProxy proxy = FakeAwsProxy.start().mode(FakeAwsProxy.Mode.HANG);
        ServiceProcess service = xrayService("catalog", proxy.endpoint(), null)) {
      for (int i = 0; i < 30; i++) {
        assertThat(service.get("/hello/while-hanging-" + i).statusCode()).isEqualTo(200);
      }
      awaitOutput(
          service,
          "X-Ray sampling rules could not be fetched from "
              + proxy.endpoint()
              + ": GetSamplingRules to "
              + proxy.endpoint()
              + " timed out");
      for (int i = 0; i < 10; i++) {
        assertThat(service.get("/hello/after-timeout-" + i).statusCode()).isEqualTo(200);
      }
      assertThat(proxy.requests("/GetSamplingRules")).isNotEmpty();
      assertThat(count(service.output(), "could not be fetched")).isEqualTo(1);
      assertThat(STACK_FRAME.matcher(service.output()).find()).isFalse();
    }
  }

  private ServiceProcess xrayService(String name, String endpoint, Path rulesFile) {
    ServiceProcess.Builder builder =
        ServiceProcess.builder(name)
            .exportingTo(collector)
            .property("otel.traces.sampler", "xray")
            .property("otel.traces.sampler.arg", "endpoint=" + endpoint);
    if (rulesFile != null) {
      builder.property("otel.aws.xray.sampler.rules-file", rulesFile.toString());
    }
    return builder.start();
  }

  private List<ExportedSpan> awaitServerSpan(String path) {
    return collector.awaitSpans(
        all -> all.stream().anyMatch(s -> s.isServer() && path.equals(s.attribute("url.path"))),
        WAIT);
  }

  private static void awaitStatistics(FakeAwsProxy proxy, String rule, long requests) {
    patiently()
        .untilAsserted(
            () ->
                assertThat(proxy.sum(rule, "RequestCount"))
                    .as("statistics for %s: %s", rule, proxy.statisticsDocuments())
                    .isGreaterThanOrEqualTo(requests));
  }

  private static List<ExportedSpan> serverSpans(List<ExportedSpan> spans, String pathPrefix) {
    return spans.stream()
        .filter(s -> s.isServer() && String.valueOf(s.attribute("url.path")).startsWith(pathPrefix))
        .toList();
  }

  private static List<ExportedSpan> paths(List<ExportedSpan> spans, String pathPrefix) {
    return serverSpans(spans, pathPrefix);
  }

  private static int count(String text, String needle) {
    Matcher matcher = Pattern.compile(Pattern.quote(needle)).matcher(text);
    int count = 0;
    while (matcher.find()) {
      count++;
    }
    return count;
  }
}
