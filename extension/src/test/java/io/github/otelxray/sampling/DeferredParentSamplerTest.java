/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeferredParentSamplerTest {

  private static final String TRACE_ID = "5759e988bd862e3fe1be46a994272793";
  private static final String UPSTREAM_SPAN = "53995c3f42cd8ad8";

  private static final SpanContext UPSTREAM =
      SpanContext.createFromRemoteParent(
          TRACE_ID, UPSTREAM_SPAN, TraceFlags.getDefault(), TraceState.getDefault());

  /** What the propagator builds for {@code Sampled=?}. */
  private static final Context DEFERRED =
      DeferredParent.mark(Context.root().with(Span.wrap(UPSTREAM)), UPSTREAM);

  /** What it builds for {@code Sampled=0}. */
  private static final Context NOT_SAMPLED = Context.root().with(Span.wrap(UPSTREAM));

  @Test
  void samplesDeferredParentWhenRootSamplerSamples() {
    Sampler sampler = DeferredParent.honouredBy(Sampler.parentBased(Sampler.alwaysOn()));

    assertThat(decision(sampler, DEFERRED)).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
  }

  @Test
  void dropsDeferredParentWhenRootSamplerDrops() {
    // The remote sampled-parent sampler is always-on; only the root sampler can drop this.
    Sampler sampler =
        DeferredParent.honouredBy(
            Sampler.parentBasedBuilder(Sampler.alwaysOff())
                .setRemoteParentNotSampled(Sampler.alwaysOn())
                .build());

    assertThat(decision(sampler, DEFERRED)).isEqualTo(SamplingDecision.DROP);
  }

  @Test
  void dropsDeferredParentWithAlwaysOffRoot() {
    Sampler sampler = DeferredParent.honouredBy(Sampler.parentBased(Sampler.alwaysOff()));

    assertThat(decision(sampler, DEFERRED)).isEqualTo(SamplingDecision.DROP);
  }

  @Test
  void followsUnsampledRemoteParentThatDidNotDefer() {
    Sampler sampler = DeferredParent.honouredBy(Sampler.parentBased(Sampler.alwaysOn()));

    assertThat(decision(sampler, NOT_SAMPLED)).isEqualTo(SamplingDecision.DROP);
  }

  @Test
  void followsSampledRemoteParent() {
    Context sampled =
        Context.root()
            .with(
                Span.wrap(
                    SpanContext.createFromRemoteParent(
                        TRACE_ID,
                        UPSTREAM_SPAN,
                        TraceFlags.getSampled(),
                        TraceState.getDefault())));
    Sampler sampler = DeferredParent.honouredBy(Sampler.parentBased(Sampler.alwaysOff()));

    assertThat(decision(sampler, sampled)).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
  }

  @Test
  void childOfOurSpanFollowsItsParentDespiteInheritedMark() {
    SpanContext ourUnsampledSpan =
        SpanContext.create(
            TRACE_ID, "1111111111111111", TraceFlags.getDefault(), TraceState.getDefault());
    Context child = DEFERRED.with(Span.wrap(ourUnsampledSpan));
    Sampler sampler = DeferredParent.honouredBy(Sampler.parentBased(Sampler.alwaysOn()));

    assertThat(decision(sampler, child)).isEqualTo(SamplingDecision.DROP);
  }

  @Test
  void markForAnotherSpanDoesNotDefer() {
    SpanContext other =
        SpanContext.createFromRemoteParent(
            TRACE_ID, "2222222222222222", TraceFlags.getDefault(), TraceState.getDefault());
    Context context = DeferredParent.mark(Context.root().with(Span.wrap(UPSTREAM)), other);
    Sampler sampler = DeferredParent.honouredBy(Sampler.parentBased(Sampler.alwaysOn()));

    assertThat(decision(sampler, context)).isEqualTo(SamplingDecision.DROP);
  }

  @Test
  void passesUpstreamTraceIdAndHidesParentFromDelegate() {
    RecordingSampler recording = new RecordingSampler();

    DeferredParent.honouredBy(recording)
        .shouldSample(DEFERRED, TRACE_ID, "GET /", SpanKind.SERVER, Attributes.empty(), List.of());

    assertThat(recording.traceIds).containsExactly(TRACE_ID);
    assertThat(Span.fromContext(recording.contexts.get(0)).getSpanContext().isValid()).isFalse();
  }

  @Test
  void passesContextThroughForOrdinaryParent() {
    RecordingSampler recording = new RecordingSampler();

    DeferredParent.honouredBy(recording)
        .shouldSample(
            NOT_SAMPLED, TRACE_ID, "GET /", SpanKind.SERVER, Attributes.empty(), List.of());

    assertThat(recording.contexts).containsExactly(NOT_SAMPLED);
  }

  @Test
  void wrapsDelegateDescription() {
    Sampler sampler = DeferredParent.honouredBy(Sampler.traceIdRatioBased(0.25));

    assertThat(sampler.getDescription())
        .isEqualTo("DeferredParent{" + Sampler.traceIdRatioBased(0.25).getDescription() + "}");
    assertThat(sampler).hasToString(sampler.getDescription());
  }

  @Test
  void doesNotWrapTwice() {
    Sampler once = DeferredParent.honouredBy(Sampler.parentBased(Sampler.alwaysOn()));

    assertThat(DeferredParent.honouredBy(once)).isSameAs(once);
  }

  @Test
  void joinsUpstreamTraceWhileDecidingAsRoot() {
    try (SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .setSampler(DeferredParent.honouredBy(Sampler.parentBased(Sampler.alwaysOn())))
            .build()) {
      Tracer tracer = provider.get("test");

      Span server = tracer.spanBuilder("server").setParent(DEFERRED).startSpan();
      // The child's context still carries the mark, as it does under the server span's scope.
      Span child = tracer.spanBuilder("child").setParent(DEFERRED.with(server)).startSpan();

      ReadableSpan serverData = (ReadableSpan) server;
      assertThat(serverData.getSpanContext().isSampled()).isTrue();
      assertThat(serverData.getSpanContext().getTraceId()).isEqualTo(TRACE_ID);
      assertThat(serverData.getParentSpanContext()).isEqualTo(UPSTREAM);
      ReadableSpan childData = (ReadableSpan) child;
      assertThat(childData.getSpanContext().isSampled()).isTrue();
      assertThat(childData.getParentSpanContext()).isEqualTo(server.getSpanContext());
      child.end();
      server.end();
    }
  }

  private static SamplingDecision decision(Sampler sampler, Context parentContext) {
    return sampler
        .shouldSample(
            parentContext, TRACE_ID, "GET /", SpanKind.SERVER, Attributes.empty(), List.of())
        .getDecision();
  }

  private static final class RecordingSampler implements Sampler {
    final List<Context> contexts = new ArrayList<>();
    final List<String> traceIds = new ArrayList<>();

    @Override
    public SamplingResult shouldSample(
        Context parentContext,
        String traceId,
        String name,
        SpanKind spanKind,
        Attributes attributes,
        List<LinkData> parentLinks) {
      contexts.add(parentContext);
      traceIds.add(traceId);
      return SamplingResult.recordAndSample();
    }

    @Override
    public String getDescription() {
      return "Recording";
    }
  }
}
