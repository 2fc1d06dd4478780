/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelxray.fakes.CannedHttpServer;
import io.github.otelxray.fakes.ExportedSpan;
import io.github.otelxray.fakes.FakeAwsProxy;
import io.github.otelxray.fakes.FakeCollector;
import io.github.otelxray.fakes.FakeLambdaRuntimeApi;
import io.github.otelxray.fakes.FakeLambdaRuntimeApi.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A function as Lambda's Java runtime runs it: {@code OrderFunction} (a {@code RequestHandler}
 * calling a downstream service) under the real AWS Lambda Java runtime interface client, with the
 * real agent and the extension and nothing configured but the exporter endpoint. One JVM serves
 * three invocations in a row: sampled, {@code Sampled=0}, sampled again.
 *
 * <p>Fakes, on loopback, because they exist only inside AWS: the Lambda Runtime API ({@link
 * FakeLambdaRuntimeApi}, the 2018-06-01 HTTP API with Lambda's headers); the ADOT collector ({@link
 * FakeCollector}, OTLP protobuf); the X-Ray daemon's sampling endpoint that {@code
 * AWS_XRAY_DAEMON_ADDRESS} names in Lambda ({@link FakeAwsProxy}), to see that nothing asks it for
 * rules; the downstream service ({@link CannedHttpServer}), to see the header the function sends.
 *
 * <p>Run at the defaults ({@link LambdaDefaultsSmokeTest}) and with the Lambda profile ({@link
 * LambdaProfileSmokeTest}), which must keep every one of these.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LambdaSmokeTest {

  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String ROOT = "1-5759e988-bd862e3fe1be46a994272793";
  private static final String PARENT = "53995c3f42cd8ad8";
  private static final String UNSAMPLED_ROOT = "1-5759e989-0a1b2c3d4e5f60718293a4b5";
  private static final String LATER_ROOT = "1-5759e98a-c0ffee00c0ffee00c0ffee00";

  private FakeCollector collector;
  private FakeLambdaRuntimeApi runtimeApi;
  private FakeAwsProxy daemon;
  private CannedHttpServer downstream;
  private Outcome sampled;
  private Outcome unsampled;
  private Outcome later;
  private String output;

  /** System properties of the function's JVM beyond the exporter's. */
  abstract Map<String, String> properties();

  /** JVM flags of the function's JVM. */
  abstract List<String> jvmFlags();

  /** Env vars of the function beyond (or instead of) those Lambda sets. */
  Map<String, String> environment() {
    return Map.of();
  }

  /** {@code "METHOD path"} of every request the function made to the Runtime API. */
  List<String> runtimeApiRequests() {
    return runtimeApi.requests();
  }

  @BeforeAll
  void invokeTheFunctionThreeTimes() throws Exception {
    collector = FakeCollector.start();
    runtimeApi = FakeLambdaRuntimeApi.start(collector);
    daemon = FakeAwsProxy.start();
    downstream = CannedHttpServer.start().answer("/stock", "{\"left\":3}");
    String event = "{\"downstream\":\"" + downstream.baseUrl() + "/stock\"}";
    LambdaFunctionProcess.Builder builder =
        LambdaFunctionProcess.builder(runtimeApi, collector)
            .env("AWS_XRAY_DAEMON_ADDRESS", daemon.endpoint().substring("http://".length()))
            .jvmFlags(jvmFlags());
    properties().forEach(builder::property);
    environment().forEach(builder::env);
    try (LambdaFunctionProcess function = builder.start()) {
      sampled = await(runtimeApi.invoke(header(ROOT, PARENT, "1"), event), function);
      unsampled =
          await(
              runtimeApi.invoke(header(UNSAMPLED_ROOT, "0000000000000abc", "0"), event), function);
      later =
          await(runtimeApi.invoke(header(LATER_ROOT, "0000000000000def", "1"), event), function);
      output = function.output();
    }
  }

  @AfterAll
  void stopFakes() {
    for (AutoCloseable fake : new AutoCloseable[] {runtimeApi, collector, daemon, downstream}) {
      try {
        if (fake != null) {
          fake.close();
        }
      } catch (Exception e) {
        // Stopping the next one matters more.
      }
    }
  }

  @Test
  void theInvocationContinuesLambdasTraceWithOneServerSpan() {
    List<ExportedSpan> servers =
        spansOf(sampled, ROOT).stream().filter(ExportedSpan::isServer).toList();

    assertThat(servers).as(FakeCollector.describe(sampled.spansAtOutcome())).hasSize(1);
    assertThat(servers.get(0).parentSpanId()).isEqualTo(PARENT);
  }

  @Test
  void spansAreExportedBeforeTheInvocationsResponse() {
    // The batch delay is ten minutes: only the flush at the end of the invocation exports.
    assertThat(spansOf(sampled, ROOT))
        .as(FakeCollector.describe(sampled.spansAtOutcome()))
        .anyMatch(ExportedSpan::isServer)
        .anyMatch(ExportedSpan::isClient);
  }

  @Test
  void theOutgoingCallCarriesTheTraceWithItsClientSpanAsParent() {
    ExportedSpan client =
        spansOf(sampled, ROOT).stream().filter(ExportedSpan::isClient).findFirst().orElseThrow();

    assertThat(downstream.traceHeaders().get(0))
        .startsWith("Root=" + ROOT + ";Parent=" + client.spanId() + ";Sampled=1");
  }

  @Test
  void lambdasSampledZeroHoldsDownstreamAndForExport() {
    assertThat(downstream.traceHeaders()).hasSize(3);
    assertThat(downstream.traceHeaders().get(1))
        .startsWith("Root=" + UNSAMPLED_ROOT + ";")
        .contains("Sampled=0");
    // The next invocation's flush exported everything recorded until then.
    assertThat(spansOf(later, LATER_ROOT)).anyMatch(ExportedSpan::isServer);
    assertThat(spansOf(later, UNSAMPLED_ROOT)).isEmpty();
  }

  @Test
  void theServiceIsNamedAfterTheFunction() {
    assertThat(spansOf(sampled, ROOT))
        .isNotEmpty()
        .allMatch(span -> span.serviceName().equals(LambdaFunctionProcess.FUNCTION_NAME));
  }

  @Test
  void noSamplingRulesAreFetchedAndNothingIsWarned() {
    assertThat(daemon.requests()).isEmpty();
    assertThat(output.lines().filter(line -> line.contains("WARN") || line.contains("SEVERE")))
        .as(output)
        .isEmpty();
    assertThat(runtimeApi.initErrors()).isEmpty();
    assertThat(List.of(sampled, unsampled, later)).noneMatch(Outcome::error);
  }

  private static List<ExportedSpan> spansOf(Outcome outcome, String xrayRoot) {
    String traceId = xrayRoot.substring(2).replace("-", "");
    return outcome.spansAtOutcome().stream().filter(s -> s.traceId().equals(traceId)).toList();
  }

  private static String header(String root, String parent, String sampled) {
    return "Root=" + root + ";Parent=" + parent + ";Sampled=" + sampled;
  }

  private static Outcome await(
      java.util.concurrent.CompletableFuture<Outcome> outcome, LambdaFunctionProcess function)
      throws Exception {
    try {
      // Whichever comes first: the outcome, or the function's JVM exiting without one.
      java.util.concurrent.CompletableFuture.anyOf(outcome, function.onExit())
          .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError(
          "the function did not answer within " + WAIT + ":\n" + function.output(), e);
    }
    if (!outcome.isDone()) {
      throw new AssertionError("the function exited without answering:\n" + function.output());
    }
    return outcome.get();
  }
}
