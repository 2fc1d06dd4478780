/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling.adaptive;

import static io.opentelemetry.api.common.AttributeKey.longKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelxray.sampling.UnsampledParentSampler;
import io.github.otelxray.sampling.rules.DecisionOptions;
import io.github.otelxray.sampling.rules.ResourceFields;
import io.github.otelxray.sampling.rules.RuleApplier;
import io.github.otelxray.sampling.rules.RuleStatistics;
import io.github.otelxray.sampling.rules.RulesSnapshot;
import io.github.otelxray.sampling.rules.SamplingRateBoost;
import io.github.otelxray.sampling.rules.SamplingRule;
import io.github.otelxray.sampling.rules.XRaySampler;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Sampling boost end to end inside one SDK: the xray sampler's root decisions with a boost rule,
 * the unsampled-parent decisions, and the processor's statistics, with an injected clock.
 */
class AdaptiveSamplingProcessorTest {

  private static final long T0 = 1_700_000_000_000L;
  private static final String ORDERS_HASH = "1c168adb00d208e4";
  private static final Resource SERVICE =
      Resource.create(
          io.opentelemetry.api.common.Attributes.of(ResourceFields.SERVICE_NAME, "shop"));

  private final AtomicLong clock = new AtomicLong(T0);
  private XRaySampler root;
  private SdkTracerProvider provider;

  private static SamplingRule xray(String name, int priority, double rate, boolean boost) {
    SamplingRule rule =
        new SamplingRule(
            name,
            priority,
            rate,
            0,
            "*",
            "*",
            "*",
            "*",
            "*",
            "*",
            Map.of(),
            SamplingRule.Origin.XRAY);
    return boost ? rule.withBoost(new SamplingRateBoost(1.0, 1)) : rule;
  }

  private void build(double ordersRate, boolean ordersBoost, String adaptiveConfig) {
    AdaptiveSamplingConfig config =
        AdaptiveSamplingConfigReader.read(adaptiveConfig, message -> {});
    root =
        new XRaySampler(
            RulesSnapshot.of(
                List.of(
                    xray("orders", 1, ordersRate, ordersBoost), xray("Default", 10000, 0, false)),
                RulesSnapshot.Source.XRAY,
                SERVICE,
                DecisionOptions.of(true, config.captureEnabled())),
            clock::get,
            "xray");
    Sampler unsampledParent = new UnsampledParentSampler(root, config.captureEnabled());
    provider =
        SdkTracerProvider.builder()
            .setSampler(
                Sampler.parentBasedBuilder(root)
                    .setRemoteParentNotSampled(unsampledParent)
                    .setLocalParentNotSampled(unsampledParent)
                    .build())
            .addSpanProcessor(new AdaptiveSamplingProcessor(root, config, null))
            .build();
  }

  @AfterEach
  void close() {
    if (provider != null) {
      provider.close();
    }
  }

  private RuleStatistics.Counts drained(String rule) {
    for (RuleApplier applier : root.snapshot().appliers()) {
      if (applier.rule().ruleName().equals(rule)) {
        return applier.statistics().drain();
      }
    }
    throw new AssertionError(rule);
  }

  private Span start(String name, Context parent) {
    return provider
        .get("test")
        .spanBuilder(name)
        .setParent(parent)
        .setSpanKind(SpanKind.SERVER)
        .startSpan();
  }

  private static void end(Span span, long status) {
    span.setAttribute(longKey("http.response.status_code"), status);
    span.end();
  }

  private static Context remoteParent(TraceFlags flags, TraceState state) {
    return Context.root()
        .with(
            Span.wrap(
                SpanContext.createFromRemoteParent(
                    "5759e988bd862e3fe1be46a994272793", "53995c3f42cd8ad8", flags, state)));
  }

  @Test
  void recordsUnsampledRootsOfABoostRuleAndStampsTheRuleInTracestate() {
    build(0.0, true, null);

    Span span = start("GET /orders", Context.root());

    assertThat(span.isRecording()).isTrue();
    assertThat(span.getSpanContext().isSampled()).isFalse();
    assertThat(span.getSpanContext().getTraceState().get("xrsr")).isEqualTo(ORDERS_HASH);
  }

  @Test
  void leavesUnsampledRootsOfOtherRulesUnrecordedWithoutCapture() {
    build(0.0, false, null);

    Span span = start("GET /orders", Context.root());

    assertThat(span.isRecording()).isFalse();
    assertThat(span.getSpanContext().getTraceState().isEmpty()).isTrue();
  }

  @Test
  void countsRequestsAndAnomaliesOfTheRootsRule() {
    build(0.0, true, null);
    end(start("GET /orders/1", Context.root()), 200);
    end(start("GET /orders/2", Context.root()), 503);
    end(start("GET /orders/3", Context.root()), 404);

    RuleStatistics.Counts counts = drained("orders");

    assertThat(counts.boostTotal).isEqualTo(3);
    assertThat(counts.anomalies).isEqualTo(1);
    assertThat(counts.sampledAnomalies).isZero();
    assertThat(counts.requests).isEqualTo(3);
  }

  @Test
  void countsSampledAnomalies() {
    build(1.0, true, null);
    end(start("GET /orders/1", Context.root()), 500);

    RuleStatistics.Counts counts = drained("orders");

    assertThat(counts.anomalies).isEqualTo(1);
    assertThat(counts.sampledAnomalies).isEqualTo(1);
  }

  @Test
  void countsARequestAnomalousWhenACallThatEndedBeforeTheRootFailed() {
    build(0.0, true, null);
    Span server = start("GET /orders", Context.root());
    Span db =
        provider
            .get("test")
            .spanBuilder("SELECT")
            .setParent(Context.root().with(server))
            .startSpan();
    db.setStatus(StatusCode.ERROR);
    db.end();
    end(server, 200);

    RuleStatistics.Counts counts = drained("orders");

    assertThat(counts.boostTotal).isEqualTo(1);
    assertThat(counts.anomalies).isEqualTo(1);
  }

  @Test
  void usesTheConfiguredConditionsForBoost() {
    build(0.0, true, "{version: 1.0, anomalyConditions: [{errorCodeRegex: '429', usage: both}]}");
    end(start("GET /orders/1", Context.root()), 500);
    end(start("GET /orders/2", Context.root()), 429);

    assertThat(drained("orders").anomalies).isEqualTo(1);
  }

  @Test
  void downstreamReportsAnomaliesAgainstTheRootsRuleFromTracestate() {
    build(0.0, true, null);
    Context parent =
        remoteParent(
            TraceFlags.getDefault(), TraceState.builder().put("xrsr", ORDERS_HASH).build());

    Span span = start("GET /inventory", parent);
    assertThat(span.isRecording()).isTrue();
    end(span, 500);

    RuleStatistics.Counts counts = drained("orders");
    assertThat(counts.boostTotal).isEqualTo(1);
    assertThat(counts.anomalies).isEqualTo(1);
    // Downstream decides nothing: the request is not counted as a root decision.
    assertThat(counts.requests).isZero();
  }

  @Test
  void forwardsAnUnknownRuleHashUnchangedAndCountsNothing() {
    build(0.0, true, null);
    Context parent =
        remoteParent(
            TraceFlags.getDefault(), TraceState.builder().put("xrsr", "ffffffffffffffff").build());

    Span span = start("GET /inventory", parent);
    end(span, 500);

    assertThat(span.isRecording()).isFalse();
    assertThat(span.getSpanContext().getTraceState().get("xrsr")).isEqualTo("ffffffffffffffff");
    assertThat(drained("orders").boostTotal).isZero();
  }

  @Test
  void recordsEveryUnsampledParentWhileCaptureIsOn() {
    build(0.0, false, "version: 1.0");

    Span span =
        start("GET /inventory", remoteParent(TraceFlags.getDefault(), TraceState.getDefault()));

    assertThat(span.isRecording()).isTrue();
    assertThat(span.getSpanContext().isSampled()).isFalse();
  }

  @Test
  void appliesAGrantedBoostToRootDecisionsUntilItsTtl() {
    build(0.0, true, null);
    Map<String, RulesSnapshot.TargetGrant> grants = new HashMap<>();
    grants.put("orders", new RulesSnapshot.TargetGrant(0.0, null, null, null, 1.0, T0 + 60_000));
    root.replace(root.snapshot().withTargets(grants));

    Span boosted = start("GET /orders/1", Context.root());
    clock.set(T0 + 60_000);
    Span after = start("GET /orders/2", Context.root());

    assertThat(boosted.getSpanContext().isSampled()).isTrue();
    assertThat(after.getSpanContext().isSampled()).isFalse();
  }

  @Test
  void neverPutsTheRuleHashInBaggage() {
    build(1.0, true, null);
    Span span = start("GET /orders", Context.root());
    Map<String, String> headers = new HashMap<>();

    TextMapPropagator.composite(
            W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance())
        .inject(
            Context.root().with(span), headers, (carrier, key, value) -> carrier.put(key, value));

    assertThat(headers.get("tracestate")).isEqualTo("xrsr=" + ORDERS_HASH);
    assertThat(headers).doesNotContainKey("baggage");
    assertThat(((ReadableSpan) span).getSpanContext().isSampled()).isTrue();
  }
}
