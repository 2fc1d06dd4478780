/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;

/** Decides for a {@link DeferredParent} as for a root span; defers to the delegate otherwise. */
final class DeferredParentSampler implements Sampler {

  private final Sampler delegate;

  DeferredParentSampler(Sampler delegate) {
    this.delegate = delegate;
  }

  @Override
  public SamplingResult shouldSample(
      Context parentContext,
      String traceId,
      String name,
      SpanKind spanKind,
      Attributes attributes,
      List<LinkData> parentLinks) {
    if (DeferredParent.isDeferred(parentContext)) {
      // Hiding the parent from the sampler (not from the span) makes parent-based samplers use
      // their root sampler; the trace id passed in is still the upstream one, so ratio samplers
      // agree with every other service that sees the same trace.
      return delegate.shouldSample(
          parentContext.with(Span.getInvalid()), traceId, name, spanKind, attributes, parentLinks);
    }
    return delegate.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
  }

  @Override
  public String getDescription() {
    return "DeferredParent{" + delegate.getDescription() + "}";
  }

  @Override
  public String toString() {
    return getDescription();
  }
}
