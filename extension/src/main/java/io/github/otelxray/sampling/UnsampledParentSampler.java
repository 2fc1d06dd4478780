/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling;

import io.github.otelxray.sampling.rules.RuleHash;
import io.github.otelxray.sampling.rules.RulesSnapshot;
import io.github.otelxray.sampling.rules.XRaySampler;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;

/**
 * The decision for a span whose parent was not sampled: not sampled either, as X-Ray has it, but
 * recorded (RECORD_ONLY) where adaptive sampling needs to see it end: always while anomaly capture
 * is on (so a failing trace can be captured whole), and for traces whose root was decided by a rule
 * with a {@code SamplingRateBoost} known here (its {@code xrsr} in {@code tracestate}), so their
 * anomalies are counted. Otherwise dropped, as before: a process without adaptive sampling pays one
 * volatile read.
 *
 * <p>Internal: public only for the other parts of the extension, not an API.
 */
public final class UnsampledParentSampler implements Sampler {

  private final XRaySampler rules;
  private final boolean recordAll;

  public UnsampledParentSampler(XRaySampler rules, boolean recordAll) {
    this.rules = rules;
    this.recordAll = recordAll;
  }

  @Override
  public SamplingResult shouldSample(
      Context parentContext,
      String traceId,
      String name,
      SpanKind spanKind,
      Attributes attributes,
      List<LinkData> parentLinks) {
    if (recordAll) {
      return SamplingResult.recordOnly();
    }
    RulesSnapshot snapshot = rules.snapshot();
    if (snapshot.hasBoostRules()
        && snapshot.boostRule(
                Span.fromContext(parentContext)
                    .getSpanContext()
                    .getTraceState()
                    .get(RuleHash.TRACE_STATE_KEY))
            != null) {
      return SamplingResult.recordOnly();
    }
    return SamplingResult.drop();
  }

  @Override
  public String getDescription() {
    return recordAll ? "RecordOnly{anomaly capture}" : "AlwaysOffUnlessBoosted";
  }

  @Override
  public String toString() {
    return getDescription();
  }
}
