/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.propagation;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelxray.sampling.DeferredParent;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class XRayLambdaPropagatorTest {

  private static final String HEADER = "X-Amzn-Trace-Id";
  private static final String PROPERTY = "com.amazonaws.xray.traceHeader";
  private static final String ENV = "_X_AMZN_TRACE_ID";

  private static final String PROPERTY_TRACE = "5759e988bd862e3fe1be46a994272793";
  private static final String PROPERTY_HEADER =
      "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
  private static final String ENV_TRACE = "6553f100aaaaaaaaaaaaaaaaaaaaaaaa";
  private static final String ENV_HEADER =
      "Root=1-6553f100-aaaaaaaaaaaaaaaaaaaaaaaa;Parent=bbbbbbbbbbbbbbbb;Sampled=1";
  private static final String CARRIER_TRACE = "6553f101cccccccccccccccccccccccc";
  private static final String CARRIER_HEADER =
      "Root=1-6553f101-cccccccccccccccccccccccc;Parent=dddddddddddddddd;Sampled=1";

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

  private final Map<String, String> properties = new HashMap<>();
  private final Map<String, String> env = new HashMap<>();
  private final XRayLambdaPropagator propagator =
      new XRayLambdaPropagator(properties::get, env::get);

  @Test
  void prefersSystemPropertyOverEnv() {
    properties.put(PROPERTY, PROPERTY_HEADER);
    env.put(ENV, ENV_HEADER);

    assertThat(traceIdOf(propagator.extract(Context.root(), Map.of(), GETTER)))
        .isEqualTo(PROPERTY_TRACE);
  }

  @Test
  void usesEnvWhenPropertyIsAbsent() {
    env.put(ENV, ENV_HEADER);

    assertThat(traceIdOf(propagator.extract(Context.root(), Map.of(), GETTER)))
        .isEqualTo(ENV_TRACE);
  }

  @Test
  void usesEnvWhenPropertyIsEmpty() {
    properties.put(PROPERTY, "");
    env.put(ENV, ENV_HEADER);

    assertThat(traceIdOf(propagator.extract(Context.root(), Map.of(), GETTER)))
        .isEqualTo(ENV_TRACE);
  }

  @Test
  void lambdaHeaderWinsOverCarrierHeader() {
    properties.put(PROPERTY, PROPERTY_HEADER);

    Context result = propagator.extract(Context.root(), Map.of(HEADER, CARRIER_HEADER), GETTER);
    SpanContext parent = Span.fromContext(result).getSpanContext();

    assertThat(parent.getTraceId()).isEqualTo(PROPERTY_TRACE);
    assertThat(parent.getSpanId()).isEqualTo("53995c3f42cd8ad8");
    assertThat(parent.isRemote()).isTrue();
  }

  @Test
  void returnsCarrierResultWhenContextAlreadyHoldsSpan() {
    properties.put(PROPERTY, PROPERTY_HEADER);
    env.put(ENV, ENV_HEADER);
    Context withSpan =
        Context.root()
            .with(
                Span.wrap(
                    SpanContext.create(
                        "0af7651916cd43dd8448eb211c80319c",
                        "b7ad6b7169203331",
                        TraceFlags.getSampled(),
                        TraceState.getDefault())));

    Context result = propagator.extract(withSpan, Map.of(HEADER, CARRIER_HEADER), GETTER);

    assertThat(traceIdOf(result)).isEqualTo(CARRIER_TRACE);
  }

  @Test
  void returnsContextHoldingSpanAsIsWhenCarrierIsEmpty() {
    properties.put(PROPERTY, PROPERTY_HEADER);
    Context withSpan =
        Context.root()
            .with(
                Span.wrap(
                    SpanContext.create(
                        "0af7651916cd43dd8448eb211c80319c",
                        "b7ad6b7169203331",
                        TraceFlags.getSampled(),
                        TraceState.getDefault())));

    assertThat(propagator.extract(withSpan, Map.of(), GETTER)).isSameAs(withSpan);
  }

  @Test
  void returnsCarrierResultWithoutLambdaHeader() {
    Context result = propagator.extract(Context.root(), Map.of(HEADER, CARRIER_HEADER), GETTER);

    assertThat(traceIdOf(result)).isEqualTo(CARRIER_TRACE);
  }

  @Test
  void returnsCarrierResultWhenLambdaHeaderIsUnusable() {
    properties.put(PROPERTY, "Root=1-1a-cccccccccccccccccccccccc");

    Context result = propagator.extract(Context.root(), Map.of(HEADER, CARRIER_HEADER), GETTER);

    assertThat(traceIdOf(result)).isEqualTo(CARRIER_TRACE);
  }

  @Test
  void returnsContextUnchangedWhenNothingIsThere() {
    Context context = Context.root().with(Baggage.builder().put("k", "v").build());

    assertThat(propagator.extract(context, Map.of(), GETTER)).isSameAs(context);
  }

  @Test
  void defersDecisionWhenLambdaHeaderLeavesItOpen() {
    env.put(ENV, "Root=1-6553f100-aaaaaaaaaaaaaaaaaaaaaaaa;Parent=bbbbbbbbbbbbbbbb;Sampled=?");

    Context result = propagator.extract(Context.root(), Map.of(), GETTER);

    assertThat(decision(Sampler.parentBased(Sampler.alwaysOn()), result))
        .isEqualTo(SamplingDecision.DROP);
    assertThat(decision(DeferredParent.honouredBy(Sampler.parentBased(Sampler.alwaysOn())), result))
        .isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
  }

  @Test
  void lambdaHeaderOverridesCarrierDeferral() {
    // The carrier's mark names the carrier's span; once Lambda's span replaces it, its flag rules.
    properties.put(PROPERTY, PROPERTY_HEADER.replace("Sampled=1", "Sampled=0"));

    Context result =
        propagator.extract(
            Context.root(),
            Map.of(HEADER, CARRIER_HEADER.replace("Sampled=1", "Sampled=?")),
            GETTER);

    assertThat(decision(DeferredParent.honouredBy(Sampler.parentBased(Sampler.alwaysOn())), result))
        .isEqualTo(SamplingDecision.DROP);
  }

  @Test
  void keepsLambdaLineageInBaggage() {
    env.put(ENV, ENV_HEADER + ";Lineage=12:e65a2c4d:3");

    Context result = propagator.extract(Context.root(), Map.of(), GETTER);

    assertThat(Baggage.fromContext(result).getEntryValue("Lineage")).isEqualTo("12:e65a2c4d:3");
  }

  @Test
  void appliesLambdaHeaderOnTopOfCarrierResult() {
    // As contrib does: what the carrier contributed besides the span (here its lineage) stays.
    env.put(ENV, ENV_HEADER);

    Context result =
        propagator.extract(
            Context.root(), Map.of(HEADER, CARRIER_HEADER + ";Lineage=7:e65a2c4d:1"), GETTER);

    assertThat(traceIdOf(result)).isEqualTo(ENV_TRACE);
    assertThat(Baggage.fromContext(result).getEntryValue("Lineage")).isEqualTo("7:e65a2c4d:1");
  }

  @Test
  void returnsRootContextForNullContext() {
    properties.put(PROPERTY, PROPERTY_HEADER);

    assertThat(propagator.extract(null, Map.of(), GETTER)).isSameAs(Context.root());
  }

  @Test
  void injectsLikeXRayPropagator() {
    Context context =
        Context.root()
            .with(
                Span.wrap(
                    SpanContext.create(
                        PROPERTY_TRACE,
                        "53995c3f42cd8ad8",
                        TraceFlags.getSampled(),
                        TraceState.getDefault())));
    Map<String, String> carrier = new HashMap<>();
    TextMapSetter<Map<String, String>> setter = Map::put;

    propagator.inject(context, carrier, setter);

    assertThat(carrier).containsExactly(Map.entry(HEADER, PROPERTY_HEADER));
    assertThat(propagator.fields()).containsExactly(HEADER);
  }

  private static String traceIdOf(Context context) {
    return Span.fromContext(context).getSpanContext().getTraceId();
  }

  private static SamplingDecision decision(Sampler sampler, Context parentContext) {
    return sampler
        .shouldSample(
            parentContext,
            traceIdOf(parentContext),
            "handler",
            SpanKind.SERVER,
            Attributes.empty(),
            List.of())
        .getDecision();
  }
}
