/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelxray.fakes.ExportedSpan;
import io.github.otelxray.fakes.FakeCollector;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * X-Ray ids and {@code X-Amzn-Trace-Id} propagation, end to end: two {@link
 * io.github.otelxray.smoke.app.SampleService} JVMs ("frontend" calls "backend") run with the real
 * agent jar from Maven Central and the built extension, and every assertion is on the OTLP they
 * exported or on the headers that crossed the wire.
 *
 * <p>Each case runs on every {@link Jdk}, against one frontend and one backend started per JDK.
 *
 * <p>Fakes: the ADOT collector ({@link FakeCollector}, real OTLP/HTTP protobuf), because it cannot
 * run here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PropagationSmokeTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  /** A case of this class: run once on each JDK. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.METHOD)
  @ParameterizedTest(name = "on {0}")
  @EnumSource(Jdk.class)
  @interface OnEachJdk {}

  /** The two services on one JDK, and the collector they export to. */
  private record Deployment(
      FakeCollector collector, ServiceProcess backend, ServiceProcess frontend)
      implements AutoCloseable {

    static Deployment on(Path javaHome) {
      FakeCollector collector = FakeCollector.start();
      ServiceProcess backend =
          ServiceProcess.builder("backend").javaHome(javaHome).exportingTo(collector).start();
      ServiceProcess frontend =
          ServiceProcess.builder("frontend").javaHome(javaHome).exportingTo(collector).start();
      return new Deployment(collector, backend, frontend);
    }

    ExportedSpan awaitServerSpan(String service, String path) {
      List<ExportedSpan> spans =
          collector.awaitSpans(
              all -> all.stream().anyMatch(s -> isServerSpan(s, service, path)), WAIT);
      return spans.stream().filter(s -> isServerSpan(s, service, path)).findFirst().orElseThrow();
    }

    @Override
    public void close() {
      for (AutoCloseable closeable : new AutoCloseable[] {frontend, backend, collector}) {
        try {
          closeable.close();
        } catch (Exception e) {
          // best effort: the process handles are killed either way
        }
      }
    }
  }

  private final Map<Jdk, Deployment> deployments = new EnumMap<>(Jdk.class);

  /** The services on {@code jdk}, started at its first case; skips where it is not installed. */
  private Deployment deployedOn(Jdk jdk) {
    Path javaHome = jdk.homeOrSkip();
    return deployments.computeIfAbsent(jdk, unused -> Deployment.on(javaHome));
  }

  @AfterAll
  void stopServices() {
    deployments.values().forEach(Deployment::close);
  }

  @OnEachJdk
  void exportsTraceIdsThatStartWithTheCurrentEpochSecond(Jdk jdk) {
    Deployment on = deployedOn(jdk);
    long before = System.currentTimeMillis() / 1000;
    assertThat(on.frontend.get("/hello/epoch").statusCode()).isEqualTo(200);
    long after = System.currentTimeMillis() / 1000;

    ExportedSpan server = on.awaitServerSpan("frontend", "/hello/epoch");
    long epoch = Long.parseLong(server.traceId().substring(0, 8), 16);
    assertThat(epoch).isBetween(before - 1, after + 1);
    assertThat(server.isRoot()).isTrue();
  }

  @OnEachJdk
  void continuesIncomingXRayTrace(Jdk jdk) {
    Deployment on = deployedOn(jdk);
    HttpResponse<String> response =
        on.frontend.get(
            "/hello/continue",
            Map.of(
                "X-Amzn-Trace-Id",
                "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"));
    assertThat(response.statusCode()).isEqualTo(200);

    ExportedSpan server = on.awaitServerSpan("frontend", "/hello/continue");
    assertThat(server.traceId()).isEqualTo("5759e988bd862e3fe1be46a994272793");
    assertThat(server.parentSpanId()).isEqualTo("53995c3f42cd8ad8");
  }

  @OnEachJdk
  void sendsXRayAndW3cHeadersDownstreamThatAgreeWithExportedSpans(Jdk jdk) {
    Deployment on = deployedOn(jdk);
    String to = URLEncoder.encode(on.backend.url("/headers"), StandardCharsets.UTF_8);
    HttpResponse<String> response = on.frontend.get("/call?to=" + to);
    assertThat(response.statusCode()).isEqualTo(200);
    Map<String, String> received = headersIn(response.body());

    ExportedSpan frontendServer = on.awaitServerSpan("frontend", "/call");
    List<ExportedSpan> trace =
        on.collector.awaitTrace(
            frontendServer.traceId(), s -> s.serviceName().equals("backend") && s.isServer(), WAIT);
    ExportedSpan client =
        trace.stream()
            .filter(s -> s.serviceName().equals("frontend") && s.isClient())
            .findFirst()
            .orElseThrow(() -> new AssertionError("no client span in\n" + describe(trace)));
    ExportedSpan backendServer =
        trace.stream()
            .filter(s -> s.serviceName().equals("backend") && s.isServer())
            .findFirst()
            .orElseThrow();

    assertThat(received.get("x-amzn-trace-id"))
        .isEqualTo(
            "Root=" + frontendServer.xrayTraceId() + ";Parent=" + client.spanId() + ";Sampled=1");
    assertThat(received.get("traceparent"))
        .isEqualTo("00-" + frontendServer.traceId() + "-" + client.spanId() + "-01");
    assertThat(backendServer.parentSpanId()).isEqualTo(client.spanId());
    assertThat(client.parentSpanId()).isEqualTo(frontendServer.spanId());
  }

  @OnEachJdk
  void exportsNothingForATraceTheUpstreamDidNotSample(Jdk jdk) {
    Deployment on = deployedOn(jdk);
    String to = URLEncoder.encode(on.backend.url("/hello/unsampled"), StandardCharsets.UTF_8);
    HttpResponse<String> response =
        on.frontend.get(
            "/call?to=" + to,
            Map.of(
                "X-Amzn-Trace-Id",
                "Root=1-6759e988-0d862e3fe1be46a994272799;Parent=63995c3f42cd8ad8;Sampled=0"));
    assertThat(response.statusCode()).isEqualTo(200);

    // Spans are exported in the order they end; once a later request's span has arrived, any span
    // of the unsampled trace would have arrived too.
    assertThat(on.frontend.get("/hello/after-unsampled").statusCode()).isEqualTo(200);
    on.awaitServerSpan("frontend", "/hello/after-unsampled");
    assertThat(on.collector.spans())
        .noneMatch(s -> s.traceId().equals("6759e9880d862e3fe1be46a994272799"));
  }

  @OnEachJdk
  void decidesItselfAndKeepsTheTraceWhenUpstreamLeavesTheDecisionOpen(Jdk jdk) {
    Deployment on = deployedOn(jdk);
    // Sampled=? means "the receiver decides". The agent's own contrib propagator discards such a
    // header and starts a new trace, so this also proves our propagator is the one that ran.
    on.frontend.get(
        "/hello/requested",
        Map.of(
            "X-Amzn-Trace-Id",
            "Root=1-5759e988-ad862e3fe1be46a994272711;Parent=73995c3f42cd8ad8;Sampled=?"));

    ExportedSpan server = on.awaitServerSpan("frontend", "/hello/requested");
    assertThat(server.traceId()).isEqualTo("5759e988ad862e3fe1be46a994272711");
    assertThat(server.parentSpanId()).isEqualTo("73995c3f42cd8ad8");
  }

  @OnEachJdk
  void hostileHeadersLeaveTheAppServingAndEachContinuesOrStartsAFreshTrace(Jdk jdk) {
    Deployment on = deployedOn(jdk);
    List<HostileHeader> cases = HostileHeader.cases();
    long before = System.currentTimeMillis() / 1000;
    for (int i = 0; i < cases.size(); i++) {
      HttpResponse<String> response =
          on.frontend.get("/hello/hostile-" + i, Map.of("X-Amzn-Trace-Id", cases.get(i).header()));
      assertThat(response.statusCode()).as(cases.get(i).header()).isEqualTo(200);
    }
    long after = System.currentTimeMillis() / 1000;

    List<ExportedSpan> spans =
        on.collector.awaitSpans(
            all -> serverSpansByPath(all).keySet().containsAll(hostilePaths(cases.size())), WAIT);
    Map<String, ExportedSpan> byPath = serverSpansByPath(spans);
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      HostileHeader hostile = cases.get(i);
      ExportedSpan span = byPath.get("/hello/hostile-" + i);
      if (hostile.continuesTrace() != null) {
        if (!span.traceId().equals(hostile.continuesTrace())) {
          failures.add(
              "should continue "
                  + hostile.continuesTrace()
                  + ": "
                  + hostile
                  + " got "
                  + span.traceId());
        }
      } else {
        long epoch = Long.parseLong(span.traceId().substring(0, 8), 16);
        if (!span.isRoot() || epoch < before - 1 || epoch > after + 1) {
          failures.add("should start a fresh trace: " + hostile + " got " + span.traceId());
        }
      }
    }
    assertThat(failures).isEmpty();
    assertThat(on.frontend.output()).doesNotContain("Exception");
  }

  private static List<String> hostilePaths(int count) {
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      paths.add("/hello/hostile-" + i);
    }
    return paths;
  }

  private static Map<String, ExportedSpan> serverSpansByPath(List<ExportedSpan> spans) {
    Map<String, ExportedSpan> byPath = new HashMap<>();
    for (ExportedSpan span : spans) {
      if (span.isServer() && span.attribute("url.path") != null) {
        byPath.put(span.attribute("url.path").toString(), span);
      }
    }
    return byPath;
  }

  private static boolean isServerSpan(ExportedSpan span, String service, String path) {
    return span.isServer()
        && span.serviceName().equals(service)
        && path.equals(span.attribute("url.path"));
  }

  private static Map<String, String> headersIn(String body) {
    return body.lines()
        .filter(line -> line.contains(": "))
        .collect(
            Collectors.toMap(
                line -> line.substring(0, line.indexOf(": ")),
                line -> line.substring(line.indexOf(": ") + 2),
                (a, b) -> a + "," + b));
  }

  private static String describe(List<ExportedSpan> spans) {
    return FakeCollector.describe(spans);
  }
}
