/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelxray.fakes.ExportedSpan;
import io.github.otelxray.smoke.LoggingApp.AgentKeysLine;
import io.github.otelxray.smoke.LoggingApp.ReadmeLine;
import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code AWS-XRAY-TRACE-ID} in application logs, end to end: a sample app ({@link
 * io.github.otelxray.smoke.app.logging.LoggingService}) logging through Logback or Log4j 2 runs
 * with the real agent jar and the built extension, and every assertion compares a line it printed
 * with the span the agent exported for the same request. Every case runs on each {@link Jdk} with
 * each {@link LoggingLibrary}, against one app started per pair.
 *
 * <p>Each app logs through two appenders to stdout. One uses the pattern the README gives users,
 * verbatim, behind the library's asynchronous appender, so the id must come with the event and not
 * from whatever thread formats it. The other prints the agent's own {@code trace_id} and {@code
 * span_id} next to ours for the same event, so the two can be compared: ours must be present and
 * absent exactly when the agent's are. The Logback app also runs the agent's own Logback appender
 * with the console log exporter, which prints the MDC key it read of each event.
 *
 * <p>Fakes: the ADOT collector ({@link FakeCollector}, real OTLP/HTTP protobuf), because it cannot
 * run here; the exported span ids are what the collector would turn into X-Ray segment ids. The
 * logging libraries are the real ones from Maven Central, configured through files this test
 * writes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LogCorrelationSmokeTest {

  private static final String WORKER = "request-worker";

  /** A case of this class: run once on each JDK with each logging library. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.METHOD)
  @ParameterizedTest(name = "{1} on {0}")
  @MethodSource("io.github.otelxray.smoke.LogCorrelationSmokeTest#everyJdkAndLibrary")
  @interface OnEachJdkAndLibrary {}

  static Stream<Arguments> everyJdkAndLibrary() {
    return Stream.of(Jdk.values())
        .flatMap(jdk -> Stream.of(LoggingLibrary.values()).map(lib -> Arguments.of(jdk, lib)));
  }

  private record Pair(Jdk jdk, LoggingLibrary library) {}

  private final Map<Pair, LoggingApp> apps = new HashMap<>();

  /** The app for this pair, started at its first case; skips where the JDK is not installed. */
  private LoggingApp running(Jdk jdk, LoggingLibrary library) {
    Path javaHome = jdk.homeOrSkip();
    return apps.computeIfAbsent(
        new Pair(jdk, library), unused -> LoggingApp.start(javaHome, library));
  }

  @AfterAll
  void stopApps() throws IOException {
    for (LoggingApp app : apps.values()) {
      app.close();
    }
  }

  @OnEachJdkAndLibrary
  void linesLoggedOutsideAnySpanCarryNoId(Jdk jdk, LoggingLibrary library) {
    LoggingApp app = running(jdk, library);
    ReadmeLine startup = app.awaitReadmeLine("startup");
    AgentKeysLine agent = app.awaitAgentKeysLine("startup");

    assertThat(startup.id()).isEmpty();
    assertThat(agent.traceId()).as("the agent's trace_id").isEmpty();
    assertThat(agent.id()).isEmpty();
  }

  @OnEachJdkAndLibrary
  void requestLineCarriesTheIdsOfTheExportedServerSpan(Jdk jdk, LoggingLibrary library) {
    LoggingApp app = running(jdk, library);
    assertThat(app.service.get("/log/plain").statusCode()).isEqualTo(200);

    ExportedSpan server = app.awaitServerSpan("/log/plain");
    String expected = server.xrayTraceId() + "@" + server.spanId();
    assertThat(app.awaitReadmeLine("request /log/plain").id()).isEqualTo(expected);
    AgentKeysLine agent = app.awaitAgentKeysLine("request /log/plain");
    assertThat(agent.id()).isEqualTo(expected);
    assertThat(agent.traceId()).isEqualTo(server.traceId());
    assertThat(agent.spanId()).isEqualTo(server.spanId());
  }

  /**
   * The agent's Logback appender reads the event's MDC when the event enters the logger's
   * appenders, before any appender: the id must already be on the event then. Logback only: the
   * order of our advice against the agent's matters there (for Log4j 2 the key is in the event's
   * context data from its creation on).
   */
  @ParameterizedTest(name = "Logback on {0}")
  @EnumSource(Jdk.class)
  void theAgentsLogbackAppenderReadsTheIdOfTheRequestLine(Jdk jdk) {
    LoggingApp app = running(jdk, LoggingLibrary.LOGBACK);
    assertThat(app.service.get("/log/agent-appender").statusCode()).isEqualTo(200);

    ExportedSpan server = app.awaitServerSpan("/log/agent-appender");
    String expected = server.xrayTraceId() + "@" + server.spanId();
    // The console log exporter: ... 'request /log/agent-appender' : ... {AWS-XRAY-TRACE-ID="..."}
    app.awaitOutputLine(
        "the agent's log record",
        line ->
            line.contains("'request /log/agent-appender'")
                && line.contains(LoggingLibrary.KEY + "=\"" + expected + "\""));
  }

  @OnEachJdkAndLibrary
  void anIncomingXRayTraceIsPrintedAsXRayPrintsIt(Jdk jdk, LoggingLibrary library) {
    LoggingApp app = running(jdk, library);
    assertThat(
            app.service
                .get(
                    "/log/continued",
                    Map.of(
                        "X-Amzn-Trace-Id",
                        "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;"
                            + "Sampled=1"))
                .statusCode())
        .isEqualTo(200);

    ExportedSpan server = app.awaitServerSpan("/log/continued");
    assertThat(server.traceId()).isEqualTo("5759e988bd862e3fe1be46a994272793");
    assertThat(app.awaitReadmeLine("request /log/continued").id())
        .isEqualTo("1-5759e988-bd862e3fe1be46a994272793@" + server.spanId());
  }

  @OnEachJdkAndLibrary
  void anUnsampledRequestIsStillCorrelatedAsTheAgentCorrelatesIt(Jdk jdk, LoggingLibrary library) {
    LoggingApp app = running(jdk, library);
    assertThat(
            app.service
                .get(
                    "/log/unsampled",
                    Map.of(
                        "X-Amzn-Trace-Id",
                        "Root=1-5759e988-0123456789abcdef01234567;Parent=53995c3f42cd8ad8;"
                            + "Sampled=0"))
                .statusCode())
        .isEqualTo(200);

    AgentKeysLine agent = app.awaitAgentKeysLine("request /log/unsampled");
    assertThat(agent.traceId()).isEqualTo("5759e9880123456789abcdef01234567");
    assertThat(agent.id())
        .isEqualTo("1-5759e988-0123456789abcdef01234567@" + agent.spanId())
        .isEqualTo(app.awaitReadmeLine("request /log/unsampled").id());
  }

  @OnEachJdkAndLibrary
  void aReusedThreadShowsNoIdAfterItsSpanEndedAndTheNextRequestsIdInTheNext(
      Jdk jdk, LoggingLibrary library) {
    LoggingApp app = running(jdk, library);
    assertThat(app.service.get("/log/first").statusCode()).isEqualTo(200);
    ExportedSpan first = app.awaitServerSpan("/log/first");
    // Same worker thread, its request done and its span ended: an id left in the thread's MDC
    // would be printed here.
    ReadmeLine idleAfterFirst = app.awaitReadmeLine("idle after /log/first");
    assertThat(app.service.get("/log/second").statusCode()).isEqualTo(200);
    ExportedSpan second = app.awaitServerSpan("/log/second");
    ReadmeLine idleAfterSecond = app.awaitReadmeLine("idle after /log/second");

    ReadmeLine firstRequest = app.awaitReadmeLine("request /log/first");
    ReadmeLine secondRequest = app.awaitReadmeLine("request /log/second");
    assertThat(List.of(firstRequest, idleAfterFirst, secondRequest, idleAfterSecond))
        .extracting(ReadmeLine::thread)
        .containsOnly(WORKER);
    assertThat(firstRequest.id()).isEqualTo(first.xrayTraceId() + "@" + first.spanId());
    assertThat(idleAfterFirst.id()).isEmpty();
    assertThat(app.awaitAgentKeysLine("idle after /log/first").traceId()).isEmpty();
    assertThat(secondRequest.id()).isEqualTo(second.xrayTraceId() + "@" + second.spanId());
    assertThat(second.traceId()).isNotEqualTo(first.traceId());
    assertThat(idleAfterSecond.id()).isEmpty();
  }

  @OnEachJdkAndLibrary
  void theAgentReportsNoProblemWithTheExtensionsInstrumentation(Jdk jdk, LoggingLibrary library) {
    LoggingApp app = running(jdk, library);
    app.awaitReadmeLine("startup");
    String output = app.service.output();

    assertThat(output)
        .doesNotContain("mismatched references")
        .doesNotContain("Failed to inject")
        .doesNotContain("xray-logback-mdc")
        .doesNotContain("xray-log4j-context-data")
        .doesNotContain("io.github.otelxray.instrumentation");
    assertThat(app.collector.badRequests()).isEmpty();
  }
}
