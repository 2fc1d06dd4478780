/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelxray.fakes.ExportedSpan;
import io.github.otelxray.fakes.FakeCollector;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The user's {@code otel.propagators} always wins, and wherever it names {@code xray} the
 * propagator that runs is ours, not the agent's copy of contrib's. The last test runs the agent
 * without the extension to show the difference the other tests rely on.
 *
 * <p>Fakes: the ADOT collector ({@link FakeCollector}, OTLP protobuf), which cannot run here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PropagatorConfigurationSmokeTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String REQUESTED =
      "Root=1-5759e988-ed862e3fe1be46a9942727%s;Parent=93995c3f42cd8ad8;Sampled=?";

  private FakeCollector collector;
  private ServiceProcess backend;

  @BeforeAll
  void start() {
    collector = FakeCollector.start();
    backend = ServiceProcess.builder("backend").exportingTo(collector).start();
  }

  @AfterAll
  void stop() {
    if (backend != null) {
      backend.close();
    }
    if (collector != null) {
      collector.close();
    }
  }

  @Test
  void userPropagatorListWinsOverOurDefault() {
    try (ServiceProcess frontend =
        ServiceProcess.builder("w3c-only")
            .exportingTo(collector)
            .property("otel.propagators", "tracecontext")
            .start()) {
      Map<String, String> received = callBackendHeaders(frontend, REQUESTED.formatted("01"));

      assertThat(received).containsKey("traceparent").doesNotContainKey("x-amzn-trace-id");
      // Without xray in the list the incoming X-Ray header is not read either.
      assertThat(awaitServerSpan("w3c-only").traceId())
          .isNotEqualTo("5759e988ed862e3fe1be46a994272701");
    }
  }

  @Test
  void userWhoNamesXrayGetsOurPropagator() {
    try (ServiceProcess frontend =
        ServiceProcess.builder("xray-only")
            .exportingTo(collector)
            .property("otel.propagators", "xray")
            .start()) {
      Map<String, String> received =
          callBackendHeaders(frontend, REQUESTED.formatted("02") + ";Lineage=32767:e65a2c4d:255");

      assertThat(received).containsKey("x-amzn-trace-id").doesNotContainKey("traceparent");
      assertThat(received.get("x-amzn-trace-id")).endsWith(";Lineage=32767:e65a2c4d:255");
      // contrib's writer would also send the lineage as a W3C baggage header, which this list of
      // propagators does not ask for (opentelemetry-java-contrib#3036).
      assertThat(received).doesNotContainKey("baggage");
      // Sampled=? continues the trace only with our propagator.
      assertThat(awaitServerSpan("xray-only").traceId())
          .isEqualTo("5759e988ed862e3fe1be46a994272702");
    }
  }

  @Test
  void theAgentAloneStartsAFreshTraceWhereWeContinue() {
    try (ServiceProcess frontend =
        ServiceProcess.builder("agent-only")
            .withoutExtension()
            .exportingTo(collector)
            .property("otel.propagators", "tracecontext,baggage,xray")
            .start()) {
      callBackendHeaders(frontend, REQUESTED.formatted("03"));

      assertThat(awaitServerSpan("agent-only").traceId())
          .isNotEqualTo("5759e988ed862e3fe1be46a994272703");
    }
  }

  private Map<String, String> callBackendHeaders(ServiceProcess frontend, String traceHeader) {
    String to = URLEncoder.encode(backend.url("/headers"), StandardCharsets.UTF_8);
    String body = frontend.get("/call?to=" + to, Map.of("X-Amzn-Trace-Id", traceHeader)).body();
    return Map.ofEntries(
        body.lines()
            .filter(line -> line.contains(": "))
            .map(
                line ->
                    Map.entry(
                        line.substring(0, line.indexOf(": ")),
                        line.substring(line.indexOf(": ") + 2)))
            .distinct()
            .toArray(Map.Entry[]::new));
  }

  private ExportedSpan awaitServerSpan(String service) {
    List<ExportedSpan> spans =
        collector.awaitSpans(
            all -> all.stream().anyMatch(s -> s.isServer() && s.serviceName().equals(service)),
            WAIT);
    return spans.stream()
        .filter(s -> s.isServer() && s.serviceName().equals(service))
        .findFirst()
        .orElseThrow();
  }
}
