/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling.rules;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The X-Ray sampler's root decision: the first rule of the current {@link RulesSnapshot} that
 * matches the span's request decides, by its reservoir and then its rate. Parent-based composition
 * is done by whoever wires it (children follow their parent, as X-Ray does).
 *
 * <p>The hot path reads one volatile field, walks precompiled matchers and returns a prebuilt
 * result: no lock, no logging, no allocation. Everything else (HTTP, JSON, logging) happens on the
 * rules poller's thread (in {@code sampling.source}), the only writer of the snapshot.
 *
 * <p>Internal: public only for the other parts of the extension, not an API.
 */
public final class XRaySampler implements Sampler {

  private final LongSupplier epochMillis;
  private final String description;
  private volatile RulesSnapshot snapshot;

  public XRaySampler(RulesSnapshot initial, LongSupplier epochMillis, String description) {
    this.snapshot = initial;
    this.epochMillis = epochMillis;
    this.description = description;
  }

  @Override
  public SamplingResult shouldSample(
      Context parentContext,
      String traceId,
      String name,
      SpanKind spanKind,
      Attributes attributes,
      List<LinkData> parentLinks) {
    return snapshot.sample(traceId, attributes, epochMillis.getAsLong());
  }

  public RulesSnapshot snapshot() {
    return snapshot;
  }

  /** Called by the poller thread only. */
  public void replace(RulesSnapshot next) {
    snapshot = next;
  }

  @Override
  public String getDescription() {
    return description;
  }

  @Override
  public String toString() {
    return description;
  }
}
