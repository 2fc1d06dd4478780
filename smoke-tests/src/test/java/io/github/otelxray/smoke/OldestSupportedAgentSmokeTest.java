/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.smoke;

import static io.github.otelxray.smoke.Waits.awaitRuleInForce;
import static io.github.otelxray.smoke.Waits.patiently;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelxray.fakes.ExportedSpan;
import io.github.otelxray.fakes.FakeAwsProxy;
import io.github.otelxray.fakes.FakeCollector;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The extension on the oldest agent we claim to support (the {@code agent.oldest.version} of the
 * build): X-Ray ids, our propagator in place of the agent's, and both headers downstream.
 *
 * <p>Fakes: the ADOT collector ({@link FakeCollector}, OTLP protobuf) and its awsproxy ({@link
 * FakeAwsProxy}, X-Ray's sampling JSON), which cannot run here.
 */
class OldestSupportedAgentSmokeTest {

  @Test
  void oldestAgentGetsXRayIdsAndOurPropagator() {
    try (FakeCollector collector = FakeCollector.start();
        ServiceProcess service =
            ServiceProcess.builder("old-agent")
                .agentJar(SmokeEnvironment.oldestAgentJar())
                .exportingTo(collector)
                .start()) {
      long before = System.currentTimeMillis() / 1000;
      service.get("/hello/fresh");
      service.get(
          "/hello/requested",
          Map.of(
              "X-Amzn-Trace-Id",
              "Root=1-5759e988-fd862e3fe1be46a994272755;Parent=a3995c3f42cd8ad8;Sampled=?"));
      String to = URLEncoder.encode(service.url("/headers"), StandardCharsets.UTF_8);
      String headers = service.get("/call?to=" + to).body();

      List<ExportedSpan> spans =
          collector.awaitSpans(
              all ->
                  all.stream()
                      .filter(ExportedSpan::isServer)
                      .map(s -> s.attribute("url.path"))
                      .toList()
                      .containsAll(List.of("/hello/fresh", "/hello/requested", "/headers")),
              Duration.ofSeconds(30));
      ExportedSpan fresh = FakeCollector.serverSpan(spans, "/hello/fresh");
      ExportedSpan requested = FakeCollector.serverSpan(spans, "/hello/requested");

      assertThat(Long.parseLong(fresh.traceId().substring(0, 8), 16))
          .isBetween(before - 1, System.currentTimeMillis() / 1000 + 1);
      assertThat(requested.traceId()).isEqualTo("5759e988fd862e3fe1be46a994272755");
      assertThat(headers).contains("x-amzn-trace-id: Root=1-").contains("traceparent: 00-");
    }
  }

  @Test
  void oldestAgentAppliesXRayRulesAndNeverTracesTheSamplersOwnCalls() {
    // Agent 2.23 keeps the instrumentation-suppression switch in another package than 2.33.
    try (FakeCollector collector = FakeCollector.start();
        FakeAwsProxy proxy =
            FakeAwsProxy.start()
                .rules(
                    List.of(
                        FakeAwsProxy.rule("api", 1, "/api/*", 0, 1.0),
                        FakeAwsProxy.rule("Default", 10000, "*", 0, 0.0)));
        ServiceProcess service =
            ServiceProcess.builder("old-agent-sampling")
                .agentJar(SmokeEnvironment.oldestAgentJar())
                .exportingTo(collector)
                .property("otel.traces.sampler", "xray")
                .property("otel.traces.sampler.arg", "endpoint=" + proxy.endpoint())
                .start()) {
      awaitRuleInForce(service, collector, "/api/old-", "api");
      // The first statistics report comes after about 10 s; requests keep it from being empty.
      patiently()
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                service.get("/api/old-more");
                return !proxy.requests("/SamplingTargets").isEmpty();
              });

      assertThat(proxy.requests("/SamplingTargets")).isNotEmpty();
      assertThat(proxy.requests())
          .allSatisfy(
              r -> assertThat(r.headers()).doesNotContainKeys("traceparent", "x-amzn-trace-id"));
      assertThat(collector.spans()).allSatisfy(s -> assertThat(s.isServer()).isTrue());
    }
  }
}
