/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.propagation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.github.otelxray.sampling.DeferredParent;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.opentelemetry.contrib.awsxray.propagator.AwsXrayPropagator;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class XRayPropagatorTest {

  private static final String HEADER = "X-Amzn-Trace-Id";
  private static final String ROOT = "1-5759e988-bd862e3fe1be46a994272793";
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

  private static final TextMapSetter<Map<String, String>> SETTER = Map::put;

  private final XRayPropagator propagator = XRayPropagator.getInstance();

  @Test
  void extractsCanonicalHeaderAsSampledRemoteParent() {
    SpanContext parent = extractedParent("Root=" + ROOT + ";Parent=" + PARENT + ";Sampled=1");

    assertThat(parent.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(parent.getSpanId()).isEqualTo(PARENT);
    assertThat(parent.isRemote()).isTrue();
    assertThat(parent.isSampled()).isTrue();
  }

  @Test
  void extractsSampledZeroAsUnsampledParentThatSamplersFollow() {
    Context context = extract("Root=" + ROOT + ";Parent=" + PARENT + ";Sampled=0");

    assertThat(Span.fromContext(context).getSpanContext().isSampled()).isFalse();
    assertThat(
            decision(DeferredParent.honouredBy(Sampler.parentBased(Sampler.alwaysOn())), context))
        .isEqualTo(SamplingDecision.DROP);
  }

  @Test
  void continuesTraceWhenSampledIsQuestionMark() {
    Context context = extract("Root=" + ROOT + ";Parent=" + PARENT + ";Sampled=?");
    SpanContext parent = Span.fromContext(context).getSpanContext();

    assertThat(parent.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(parent.getSpanId()).isEqualTo(PARENT);
    assertThat(parent.isSampled()).isFalse();
  }

  @Test
  void leavesDecisionToOurSamplerWhenSampledIsQuestionMark() {
    Context context = extract("Root=" + ROOT + ";Parent=" + PARENT + ";Sampled=?");

    // A plain parent-based sampler follows the (unsampled) flag; only the mark lets it decide.
    assertThat(decision(Sampler.parentBased(Sampler.alwaysOn()), context))
        .isEqualTo(SamplingDecision.DROP);
    assertThat(
            decision(DeferredParent.honouredBy(Sampler.parentBased(Sampler.alwaysOn())), context))
        .isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
  }

  @Test
  void leavesDecisionToOurSamplerWhenSampledIsMissing() {
    Context context = extract("Root=" + ROOT + ";Parent=" + PARENT);

    assertThat(
            decision(DeferredParent.honouredBy(Sampler.parentBased(Sampler.alwaysOn())), context))
        .isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
  }

  @Test
  void doesNotDeferWhenUpstreamSampled() {
    Context context = extract("Root=" + ROOT + ";Parent=" + PARENT + ";Sampled=1");

    // With an always-off root sampler only a deferred parent could be dropped.
    assertThat(
            decision(DeferredParent.honouredBy(Sampler.parentBased(Sampler.alwaysOff())), context))
        .isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
  }

  @Test
  void derivesParentFromLowHalfOfTraceIdWhenHeaderHasRootOnly() {
    SpanContext parent = extractedParent("Root=" + ROOT + ";Sampled=1");

    assertThat(parent.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(parent.getSpanId()).isEqualTo("e1be46a994272793");
    assertThat(parent.isValid()).isTrue();
    assertThat(parent.isSampled()).isTrue();
  }

  @Test
  void derivesParentFromHighHalfWhenLowHalfIsZero() {
    SpanContext parent = extractedParent("Root=1-5759e988-bd862e3f0000000000000000");

    assertThat(parent.getTraceId()).isEqualTo("5759e988bd862e3f0000000000000000");
    assertThat(parent.getSpanId()).isEqualTo("5759e988bd862e3f");
  }

  @Test
  void syntheticParentIdIsLastSixteenHexOrFirstWhenThoseAreZero() {
    assertThat(XRayPropagator.syntheticParentId(TRACE_ID)).isEqualTo("e1be46a994272793");
    assertThat(XRayPropagator.syntheticParentId("00000000000000010000000000000000"))
        .isEqualTo("0000000000000001");
  }

  @Test
  void usesDerivedParentForMalformedParent() {
    SpanContext parent = extractedParent("Root=" + ROOT + ";Parent=0000000000000000;Sampled=1");

    assertThat(parent.getSpanId()).isEqualTo(XRayPropagator.syntheticParentId(TRACE_ID));
  }

  @Test
  void keepsContextOfEarlierExtractorWhenHeaderIsUnusable() {
    Context fromTraceparent =
        w3cContext("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", null);

    Context result =
        propagator.extract(
            fromTraceparent,
            Map.of(HEADER, "Root=1-1a-bd862e3fe1be46a994272793;Parent=" + PARENT + ";Sampled=1"),
            GETTER);

    assertThat(result).isSameAs(fromTraceparent);
  }

  @Test
  void returnsSameContextWhenHeaderIsAbsent() {
    Context context = Context.root().with(Baggage.builder().put("k", "v").build());

    assertThat(propagator.extract(context, Map.of(), GETTER)).isSameAs(context);
  }

  @Test
  void keepsTraceStateOfEarlierExtractorForSameTrace() {
    Context fromTraceparent =
        w3cContext("00-" + TRACE_ID + "-b7ad6b7169203331-01", "vendor=value,xrsr=rule");

    Context result =
        propagator.extract(
            fromTraceparent,
            Map.of(HEADER, "Root=" + ROOT + ";Parent=" + PARENT + ";Sampled=1"),
            GETTER);
    SpanContext parent = Span.fromContext(result).getSpanContext();

    assertThat(parent.getSpanId()).isEqualTo(PARENT);
    assertThat(parent.getTraceState().get("vendor")).isEqualTo("value");
    assertThat(parent.getTraceState().get("xrsr")).isEqualTo("rule");
  }

  @Test
  void dropsTraceStateOfEarlierExtractorForOtherTrace() {
    Context fromTraceparent =
        w3cContext("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "vendor=value");

    Context result =
        propagator.extract(
            fromTraceparent,
            Map.of(HEADER, "Root=" + ROOT + ";Parent=" + PARENT + ";Sampled=1"),
            GETTER);
    SpanContext parent = Span.fromContext(result).getSpanContext();

    assertThat(parent.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(parent.getTraceState().isEmpty()).isTrue();
  }

  @Test
  void putsValidLineageInBaggageNextToExistingEntries() {
    Context context = Context.root().with(Baggage.builder().put("tenant", "a").build());

    Context result =
        propagator.extract(
            context,
            Map.of(
                HEADER,
                "Root=" + ROOT + ";Parent=" + PARENT + ";Sampled=1;Lineage=32767:e65a2c4d:255"),
            GETTER);

    assertThat(Baggage.fromContext(result).getEntryValue("Lineage"))
        .isEqualTo("32767:e65a2c4d:255");
    assertThat(Baggage.fromContext(result).getEntryValue("tenant")).isEqualTo("a");
  }

  @Test
  void dropsLambdaStyleLineageButKeepsTrace() {
    Context result =
        extract("Root=" + ROOT + ";Parent=" + PARENT + ";Sampled=1;Lineage=456f6a97:0");

    assertThat(Baggage.fromContext(result).getEntryValue("Lineage")).isNull();
    assertThat(Span.fromContext(result).getSpanContext().getTraceId()).isEqualTo(TRACE_ID);
  }

  @Test
  void returnsContextUnchangedWhenGetterThrows() {
    Context context = Context.root().with(Baggage.builder().put("k", "v").build());
    TextMapGetter<Map<String, String>> failing =
        new TextMapGetter<>() {
          @Override
          public Iterable<String> keys(Map<String, String> carrier) {
            throw new IllegalStateException("broken framework");
          }

          @Override
          public String get(Map<String, String> carrier, String key) {
            throw new IllegalStateException("broken framework");
          }
        };

    Context[] result = new Context[1];
    assertThatCode(() -> result[0] = propagator.extract(context, Map.of(), failing))
        .doesNotThrowAnyException();
    assertThat(result[0]).isSameAs(context);
  }

  @Test
  void returnsContextUnchangedWithoutGetter() {
    Context context = Context.root().with(Baggage.builder().put("k", "v").build());

    assertThat(propagator.extract(context, Map.of(HEADER, "Root=" + ROOT), null)).isSameAs(context);
  }

  @Test
  void returnsRootContextForNullContext() {
    Context result =
        propagator.extract(
            null, Map.of(HEADER, "Root=" + ROOT + ";Parent=" + PARENT + ";Sampled=1"), GETTER);

    assertThat(result).isSameAs(Context.root());
  }

  @Test
  void injectsSampledSpanAsCanonicalHeader() {
    Map<String, String> carrier = inject(Context.root().with(Span.wrap(spanContext(true))));

    assertThat(carrier)
        .containsExactly(Map.entry(HEADER, "Root=" + ROOT + ";Parent=" + PARENT + ";Sampled=1"));
  }

  @Test
  void injectsUnsampledSpanWithSampledZero() {
    Map<String, String> carrier = inject(Context.root().with(Span.wrap(spanContext(false))));

    assertThat(carrier)
        .containsExactly(Map.entry(HEADER, "Root=" + ROOT + ";Parent=" + PARENT + ";Sampled=0"));
  }

  @Test
  void injectsNoBaggageHeaderEvenWhenContextHoldsBaggage() {
    SpanContext withRule =
        SpanContext.create(
            TRACE_ID,
            PARENT,
            TraceFlags.getSampled(),
            TraceState.builder().put("xrsr", "rulehash").build());
    Context context =
        Context.root()
            .with(Span.wrap(withRule))
            .with(Baggage.builder().put("user", "alice").put("tenant", "a").build());

    Map<String, String> carrier = inject(context);

    assertThat(carrier)
        .containsExactly(Map.entry(HEADER, "Root=" + ROOT + ";Parent=" + PARENT + ";Sampled=1"));
  }

  @Test
  void contribWritesBaggageHeaderThatWeFilter() {
    // Documents why the filter exists: contrib sends every baggage entry, unasked, to AWS.
    Context context =
        Context.root()
            .with(Span.wrap(spanContext(true)))
            .with(Baggage.builder().put("user", "alice").build());
    Map<String, String> contribCarrier = new HashMap<>();

    AwsXrayPropagator.getInstance().inject(context, contribCarrier, SETTER);

    assertThat(contribCarrier).containsKey("baggage");
    assertThat(inject(context)).containsOnlyKeys(HEADER);
  }

  @Test
  void forwardsExtractedLineage() {
    Context extracted =
        extract("Root=" + ROOT + ";Parent=" + PARENT + ";Sampled=1;Lineage=32767:e65a2c4d:255");

    assertThat(inject(extracted))
        .containsExactly(
            Map.entry(
                HEADER,
                "Root=" + ROOT + ";Parent=" + PARENT + ";Sampled=1;Lineage=32767:e65a2c4d:255"));
  }

  @Test
  void clientBaggageCannotAddFieldsToInjectedHeader() {
    // Baggage comes from any client through the W3C baggage header, which decodes %3B to ';'.
    // Written unchecked into X-Amzn-Trace-Id, such a Lineage appends its own fields, and every
    // parser downstream (ours, contrib, the X-Ray SDK: last key wins) reads those instead.
    Context fromClient =
        W3CBaggagePropagator.getInstance()
            .extract(
                Context.root(), Map.of("baggage", "Lineage=1:e65a2c4d:1%3BSampled%3D1"), GETTER);
    Context context = fromClient.with(Span.wrap(spanContext(false)));

    Map<String, String> carrier = inject(context);
    SpanContext downstream =
        Span.fromContext(propagator.extract(Context.root(), carrier, GETTER)).getSpanContext();

    assertThat(downstream.isSampled()).as("header sent: %s", carrier.get(HEADER)).isFalse();
  }

  @Test
  void injectsNothingForInvalidSpanContext() {
    assertThat(inject(Context.root())).isEmpty();
    assertThat(inject(Context.root().with(Span.getInvalid()))).isEmpty();
  }

  @Test
  void injectsNothingWithoutContextOrSetter() {
    Map<String, String> carrier = new HashMap<>();

    assertThatCode(
            () -> {
              propagator.inject(null, carrier, SETTER);
              propagator.inject(Context.root().with(Span.wrap(spanContext(true))), carrier, null);
            })
        .doesNotThrowAnyException();
    assertThat(carrier).isEmpty();
  }

  @Test
  void declaresOnlyTheTraceHeader() {
    assertThat(propagator.fields()).containsExactly(HEADER);
  }

  @Test
  void roundTripKeepsIdsAndFlag() {
    for (boolean sampled : new boolean[] {true, false}) {
      SpanContext original = spanContext(sampled);

      SpanContext extracted =
          Span.fromContext(
                  propagator.extract(
                      Context.root(), inject(Context.root().with(Span.wrap(original))), GETTER))
              .getSpanContext();

      assertThat(extracted.getTraceId()).isEqualTo(original.getTraceId());
      assertThat(extracted.getSpanId()).isEqualTo(original.getSpanId());
      assertThat(extracted.isSampled()).isEqualTo(sampled);
      assertThat(extracted.isRemote()).isTrue();
    }
  }

  @Test
  void continuesTraceWhereContribStartsFreshOnQuestionMark() {
    Map<String, String> carrier =
        Map.of(HEADER, "Root=" + ROOT + ";Parent=" + PARENT + ";Sampled=?");

    Context ours = propagator.extract(Context.root(), carrier, GETTER);
    Context contrib = AwsXrayPropagator.getInstance().extract(Context.root(), carrier, GETTER);

    assertThat(Span.fromContext(ours).getSpanContext().getTraceId()).isEqualTo(TRACE_ID);
    assertThat(Span.fromContext(contrib).getSpanContext().isValid()).isFalse();
  }

  @Test
  void ignoresCustomFieldThatContribReadsAsRoot() {
    Map<String, String> carrier =
        Map.of(
            HEADER,
            "Root="
                + ROOT
                + ";Parent="
                + PARENT
                + ";Sampled=1;RootX=1-11111111-111111111111111111111111");

    Context ours = propagator.extract(Context.root(), carrier, GETTER);
    Context contrib = AwsXrayPropagator.getInstance().extract(Context.root(), carrier, GETTER);

    assertThat(Span.fromContext(ours).getSpanContext().getTraceId()).isEqualTo(TRACE_ID);
    assertThat(Span.fromContext(contrib).getSpanContext().getTraceId())
        .isEqualTo("11111111111111111111111111111111");
  }

  private Context extract(String header) {
    return propagator.extract(Context.root(), Map.of(HEADER, header), GETTER);
  }

  private SpanContext extractedParent(String header) {
    return Span.fromContext(extract(header)).getSpanContext();
  }

  private Map<String, String> inject(Context context) {
    Map<String, String> carrier = new HashMap<>();
    propagator.inject(context, carrier, SETTER);
    return carrier;
  }

  private static SpanContext spanContext(boolean sampled) {
    return SpanContext.create(
        TRACE_ID,
        PARENT,
        sampled ? TraceFlags.getSampled() : TraceFlags.getDefault(),
        TraceState.getDefault());
  }

  private static Context w3cContext(String traceparent, String tracestate) {
    Map<String, String> carrier = new HashMap<>();
    carrier.put("traceparent", traceparent);
    if (tracestate != null) {
      carrier.put("tracestate", tracestate);
    }
    Context context =
        W3CTraceContextPropagator.getInstance().extract(Context.root(), carrier, GETTER);
    assertThat(Span.fromContext(context).getSpanContext().isValid()).isTrue();
    return context;
  }

  private static SamplingDecision decision(Sampler sampler, Context parentContext) {
    return sampler
        .shouldSample(
            parentContext,
            Span.fromContext(parentContext).getSpanContext().getTraceId(),
            "GET /",
            SpanKind.SERVER,
            Attributes.empty(),
            List.of())
        .getDecision();
  }
}
