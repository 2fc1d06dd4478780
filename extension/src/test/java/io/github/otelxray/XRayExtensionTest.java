/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.otelxray.fakes.FakeAwsProxy;
import io.github.otelxray.propagation.XRayLambdaPropagator;
import io.github.otelxray.propagation.XRayPropagator;
import io.github.otelxray.testing.LogCapture;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdkBuilder;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizerProvider;
import io.opentelemetry.sdk.trace.ReadableSpan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class XRayExtensionTest {

  private static final String HEADER = "X-Amzn-Trace-Id";
  private static final String TRACE_ID = "5759e988bd862e3fe1be46a994272793";
  private static final String PARENT = "53995c3f42cd8ad8";

  private static final TextMapGetter<Map<String, String>> GETTER =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
          return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
          return carrier == null ? null : carrier.get(key);
        }
      };

  /** The default sampler's warnings about the closed endpoint, kept out of the build's output. */
  @RegisterExtension final LogCapture logs = new LogCapture();

  private OpenTelemetrySdk sdk;

  @AfterEach
  void closeSdk() {
    if (sdk != null) {
      sdk.close();
    }
  }

  @Test
  void isRegisteredForServiceLoading() {
    List<Class<?>> registered = new ArrayList<>();
    ServiceLoader.load(AutoConfigurationCustomizerProvider.class)
        .forEach(provider -> registered.add(provider.getClass()));

    assertThat(registered).contains(XRayExtension.class);
  }

  @Test
  void defaultsToW3CAndOurXRayPropagator() {
    assumeOutsideLambda();
    sdk = build(Map.of());

    assertThat(sdk.getPropagators().getTextMapPropagator().toString())
        .contains("W3CTraceContextPropagator", "W3CBaggagePropagator", "XRayPropagator")
        .doesNotContain("AwsXrayPropagator");
    assertThat(inject(Context.root().with(Span.wrap(sampledSpan()))))
        .containsOnlyKeys("traceparent", HEADER);
  }

  @Test
  void defaultPropagatorsLetXRayHeaderWinOverTraceparent() {
    assumeOutsideLambda();
    sdk = build(Map.of());
    Map<String, String> carrier =
        Map.of(
            "traceparent",
            "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
            HEADER,
            "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=" + PARENT + ";Sampled=1");

    assertThat(parentOf(extract(carrier)).getTraceId()).isEqualTo(TRACE_ID);
  }

  @Test
  void defaultPropagatorsCarryBaggageOnlyInBaggageHeader() {
    assumeOutsideLambda();
    sdk = build(Map.of());
    Context context =
        Context.root()
            .with(Span.wrap(sampledSpan()))
            .with(Baggage.builder().put("tenant", "a").build());

    Map<String, String> carrier = inject(context);

    assertThat(carrier).containsOnlyKeys("traceparent", "baggage", HEADER);
    assertThat(carrier.get(HEADER)).doesNotContain("tenant");
  }

  @Test
  void userPropagatorListWins() {
    sdk = build(Map.of("otel.propagators", "tracecontext"));

    assertThat(inject(Context.root().with(Span.wrap(sampledSpan()))))
        .containsOnlyKeys("traceparent");
  }

  @Test
  void userChoiceOfXRayGetsOurPropagator() {
    sdk = build(Map.of("otel.propagators", "xray"));

    assertThat(sdk.getPropagators().getTextMapPropagator()).isSameAs(XRayPropagator.getInstance());
  }

  @Test
  void userChoiceOfXRayContinuesTraceContribWouldDrop() {
    sdk = build(Map.of("otel.propagators", "xray"));

    Context context =
        extract(
            Map.of(
                HEADER,
                "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=" + PARENT + ";Sampled=?"));

    assertThat(parentOf(context).getTraceId()).isEqualTo(TRACE_ID);
  }

  @Test
  void userChoiceOfXRayLambdaGetsOurLambdaPropagator() {
    sdk = build(Map.of("otel.propagators", "xray-lambda"));

    assertThat(sdk.getPropagators().getTextMapPropagator())
        .isSameAs(XRayLambdaPropagator.getInstance());
  }

  @Test
  void generatesTraceIdsWithEpochPrefix() {
    sdk = build(Map.of());

    long before = System.currentTimeMillis() / 1000L;
    Span span = sdk.getTracer("test").spanBuilder("op").startSpan();
    long after = System.currentTimeMillis() / 1000L;
    span.end();

    // A random id lands in this window with odds of about 1 in 400 million.
    long prefix = Long.parseLong(span.getSpanContext().getTraceId().substring(0, 8), 16);
    assertThat(prefix).isBetween(before - 5, after + 5);
  }

  @Test
  void makesTheParentBasedXRaySamplerTheDefault() {
    sdk = build(Map.of());

    assertThat(sdk.getSdkTracerProvider().getSampler().getDescription())
        .startsWith("DeferredParent{ParentBased{root:XRaySampler{endpoint=http://127.0.0.1:9");
  }

  /**
   * Every thread the extension starts (the rules poller, the call-deadline timer its calls arm,
   * anomaly capture's exporter) is running before the shutdown and gone once it returns, with no
   * waiting for them: the SDK's shutdown is where the application lets go of us.
   */
  @Test
  void leavesNoThreadOfItsOwnAliveOnceTheSdkHasShutDown() {
    try (FakeAwsProxy proxy = FakeAwsProxy.start()) {
      sdk =
          build(
              Map.of(
                  "otel.traces.sampler.arg",
                  "endpoint=" + proxy.endpoint(),
                  "aws.xray.adaptive.sampling.config",
                  "{version: 1.0, anomalyCaptureLimit: {anomalyTracesPerSecond: 10}}"));
      // An error under an unsampled parent is captured, which starts capture's export thread.
      SpanContext unsampled =
          SpanContext.createFromRemoteParent(
              TRACE_ID, PARENT, TraceFlags.getDefault(), TraceState.getDefault());
      Span failed =
          sdk.getTracer("test")
              .spanBuilder("captured")
              .setParent(Context.root().with(Span.wrap(unsampled)))
              .startSpan();
      failed.setStatus(StatusCode.ERROR);
      failed.end();
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> !proxy.requests("/GetSamplingRules").isEmpty());
      assertThat(threadsOfOurs())
          .contains("otel-xray-sampling", "otel-xray-call-deadline", "otel-xray-anomaly-capture");

      OpenTelemetrySdk shuttingDown = sdk;
      sdk = null; // shut down here, not again after the test
      assertThat(shuttingDown.shutdown().join(30, TimeUnit.SECONDS).isSuccess()).isTrue();

      assertThat(threadsOfOurs()).isEmpty();
    }
  }

  private static List<String> threadsOfOurs() {
    List<String> names = new ArrayList<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.isAlive() && thread.getName().startsWith("otel-xray")) {
        names.add(thread.getName());
      }
    }
    return names;
  }

  @Test
  void turnsOnAnomalyCaptureFromTheAdotSettingAndSaysSo() {
    sdk = build(Map.of("aws.xray.adaptive.sampling.config", "version: 1.0"));

    assertThat(sdk.getSdkTracerProvider().getSampler().getDescription())
        .contains("remoteParentNotSampled:RecordOnly{anomaly capture}")
        .contains("localParentNotSampled:RecordOnly{anomaly capture}");
    assertThat(logs.messages(java.util.logging.Level.INFO))
        .anySatisfy(m -> assertThat(m).contains("anomaly trace capture on"));
  }

  @Test
  void warnsThatAdaptiveSamplingNeedsTheXRaySampler() {
    sdk =
        build(
            Map.of(
                "otel.traces.sampler", "parentbased_always_on",
                "aws.xray.adaptive.sampling.config", "version: 1.0"));

    assertThat(logs.messages(java.util.logging.Level.WARNING))
        .singleElement()
        .asString()
        .contains("X-Ray adaptive sampling needs the xray sampler");
  }

  @Test
  void wrapsUserSampler() {
    sdk = build(Map.of("otel.traces.sampler", "traceidratio", "otel.traces.sampler.arg", "0.5"));

    assertThat(sdk.getSdkTracerProvider().getSampler().getDescription())
        .isEqualTo("DeferredParent{TraceIdRatioBased{0.500000}}");
  }

  @Test
  void samplesDeferredUpstreamInItsTrace() {
    assumeOutsideLambda();
    sdk = build(Map.of());
    Context upstream =
        extract(
            Map.of(
                HEADER,
                "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=" + PARENT + ";Sampled=?"));

    Span server = sdk.getTracer("test").spanBuilder("GET /").setParent(upstream).startSpan();
    server.end();

    assertThat(server.getSpanContext().isSampled()).isTrue();
    assertThat(server.getSpanContext().getTraceId()).isEqualTo(TRACE_ID);
    assertThat(((ReadableSpan) server).getParentSpanContext().getSpanId()).isEqualTo(PARENT);
  }

  @Test
  void followsUpstreamThatDeclinedToSample() {
    assumeOutsideLambda();
    sdk = build(Map.of());
    Context upstream =
        extract(
            Map.of(
                HEADER,
                "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=" + PARENT + ";Sampled=0"));

    Span server = sdk.getTracer("test").spanBuilder("GET /").setParent(upstream).startSpan();
    server.end();

    assertThat(server.getSpanContext().isSampled()).isFalse();
    assertThat(server.getSpanContext().getTraceId()).isEqualTo(TRACE_ID);
  }

  /**
   * Builds the SDK with the extension applied by this test only: the SPI entry in main resources
   * would otherwise apply it too, and a broken customize() could pass unnoticed.
   */
  private static OpenTelemetrySdk build(Map<String, String> userProperties) {
    AutoConfiguredOpenTelemetrySdkBuilder builder =
        AutoConfiguredOpenTelemetrySdk.builder()
            .setComponentLoader(withoutOurServiceEntry())
            .disableShutdownHook()
            .addPropertiesSupplier(
                () ->
                    Map.of(
                        "otel.traces.exporter", "none",
                        "otel.metrics.exporter", "none",
                        "otel.logs.exporter", "none",
                        // The default xray sampler polls: point it at a closed loopback port.
                        "otel.traces.sampler.arg", "endpoint=http://127.0.0.1:9"));
    new XRayExtension().customize(builder);
    // Suppliers share one priority and later ones override earlier ones, so this stands in for a
    // user setting (system property, env var) that must beat the extension's defaults.
    builder.addPropertiesSupplier(() -> userProperties);
    return builder.build().getOpenTelemetrySdk();
  }

  private static ComponentLoader withoutOurServiceEntry() {
    ComponentLoader classpath =
        ComponentLoader.forClassLoader(XRayExtensionTest.class.getClassLoader());
    return new ComponentLoader() {
      @Override
      public <T> Iterable<T> load(Class<T> spiClass) {
        List<T> components = new ArrayList<>();
        for (T component : classpath.load(spiClass)) {
          if (!(component instanceof XRayExtension)) {
            components.add(component);
          }
        }
        return components;
      }
    };
  }

  private static void assumeOutsideLambda() {
    String functionName = System.getenv("AWS_LAMBDA_FUNCTION_NAME");
    assumeTrue(functionName == null || functionName.isEmpty(), "default list differs in Lambda");
  }

  private Map<String, String> inject(Context context) {
    Map<String, String> carrier = new HashMap<>();
    sdk.getPropagators().getTextMapPropagator().inject(context, carrier, Map::put);
    return carrier;
  }

  private Context extract(Map<String, String> carrier) {
    TextMapPropagator propagator = sdk.getPropagators().getTextMapPropagator();
    return propagator.extract(Context.root(), carrier, GETTER);
  }

  private static SpanContext parentOf(Context context) {
    return Span.fromContext(context).getSpanContext();
  }

  private static SpanContext sampledSpan() {
    return SpanContext.create(TRACE_ID, PARENT, TraceFlags.getSampled(), TraceState.getDefault());
  }
}
