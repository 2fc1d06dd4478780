/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling;

import io.github.otelxray.sampling.adaptive.AdaptiveSamplingConfig;
import io.github.otelxray.sampling.adaptive.AdaptiveSamplingConfigReader;
import io.github.otelxray.sampling.adaptive.AdaptiveSamplingProcessor;
import io.github.otelxray.sampling.adaptive.AnomalyCapture;
import io.github.otelxray.sampling.rules.DecisionOptions;
import io.github.otelxray.sampling.rules.RulesSnapshot;
import io.github.otelxray.sampling.rules.SamplingRateBoost;
import io.github.otelxray.sampling.rules.SamplingRule;
import io.github.otelxray.sampling.rules.XRaySampler;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What adaptive sampling costs a request thread: start and end of one unsampled root server span
 * (the rules sample nothing), wired as the extension wires it (the xray sampler, parent-based, with
 * adaptive sampling's span processor), in three set-ups:
 *
 * <ul>
 *   <li>{@code OFF}: no configuration, no boost rule: unsampled spans are not recorded (the cost
 *       before adaptive sampling existed, plus one volatile read);
 *   <li>{@code CAPTURE}: anomaly capture on: every unsampled span is recorded, copied and appended
 *       to the bounded trace buffer (full and evicting in steady state);
 *   <li>{@code BOOST}: the matching rule has a {@code SamplingRateBoost}: the decision stamps
 *       {@code xrsr} into tracestate and records the span, whose end is counted for the rule.
 * </ul>
 *
 * <p>The span ends with status 200, so nothing is captured and the export path stays idle: this is
 * the per-request price, not the price of an anomaly.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class AdaptiveSamplingBenchmark {

  private static final AttributeKey<Long> STATUS =
      AttributeKey.longKey("http.response.status_code");

  /** Which adaptive sampling features are on. */
  public enum Setup {
    OFF,
    CAPTURE,
    BOOST
  }

  @Param({"OFF", "CAPTURE", "BOOST"})
  public Setup setup;

  private SdkTracerProvider provider;
  private Tracer tracer;
  private AnomalyCapture capture;
  private Attributes request;

  @org.openjdk.jmh.annotations.Setup(Level.Trial)
  public void setUp() {
    AdaptiveSamplingConfig config =
        setup == Setup.CAPTURE
            ? AdaptiveSamplingConfigReader.read("version: 1.0", message -> {})
            : AdaptiveSamplingConfig.none();
    SamplingRule rule =
        new SamplingRule(
            "orders", 1, 0.0, 0, "*", "*", "*", "*", "*", "*", Map.of(), SamplingRule.Origin.XRAY);
    if (setup == Setup.BOOST) {
      rule = rule.withBoost(new SamplingRateBoost(1.0, 1));
    }
    XRaySampler root =
        new XRaySampler(
            RulesSnapshot.of(
                List.of(rule),
                RulesSnapshot.Source.XRAY,
                SamplingFixture.resource(),
                DecisionOptions.of(true, config.captureEnabled())),
            System::currentTimeMillis,
            "bench");
    Sampler unsampledParent = new UnsampledParentSampler(root, config.captureEnabled());
    capture = AnomalyCapture.forConfig(config);
    if (capture != null) {
      capture.exportThrough(new NoopExporter());
    }
    provider =
        SdkTracerProvider.builder()
            .setSampler(
                Sampler.parentBasedBuilder(root)
                    .setRemoteParentNotSampled(unsampledParent)
                    .setLocalParentNotSampled(unsampledParent)
                    .build())
            .addSpanProcessor(new AdaptiveSamplingProcessor(root, config, capture))
            .build();
    tracer = provider.get("bench");
    request =
        SamplingFixture.requestAttributes(
            1, SamplingFixture.Match.NONE, SamplingFixture.Semconv.NEW);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    provider.close();
    if (capture != null) {
      capture.shutdown();
    }
  }

  @Benchmark
  public Span unsampledRootSpan() {
    Span span =
        tracer
            .spanBuilder("GET /api/orders")
            .setSpanKind(SpanKind.SERVER)
            .setAllAttributes(request)
            .startSpan();
    span.setAttribute(STATUS, 200L);
    span.end();
    return span;
  }

  private static final class NoopExporter implements SpanExporter {
    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
