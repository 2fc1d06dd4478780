/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.sdk.trace.samplers.Sampler;

/**
 * A remote parent whose sampling decision the upstream left to us ({@code Sampled=?} or no {@code
 * Sampled} in {@code X-Amzn-Trace-Id}).
 *
 * <p>OpenTelemetry's span context has only "sampled" or "not sampled", and every parent-based
 * sampler follows a remote parent's flag. X-Ray has a third state, "requested": the receiver
 * decides. The propagator records such a parent here, and {@link #honouredBy(Sampler)} makes the
 * configured sampler decide for it as for a new root while the span still joins the upstream trace.
 */
public final class DeferredParent {

  private static final ContextKey<SpanContext> KEY =
      ContextKey.named("io.github.otelxray.deferred-parent");

  private DeferredParent() {}

  /** Returns {@code context} with {@code parent} recorded as a parent whose decision is ours. */
  public static Context mark(Context context, SpanContext parent) {
    return context.with(KEY, parent);
  }

  /**
   * True when the span in {@code parentContext} is the one the propagator marked. Children of our
   * own server span share the mark in their context but have another parent, so they follow their
   * parent's decision as usual.
   */
  static boolean isDeferred(Context parentContext) {
    SpanContext marked = parentContext.get(KEY);
    return marked != null && marked.equals(Span.fromContext(parentContext).getSpanContext());
  }

  /** Wraps {@code sampler} so that it decides for a deferred parent as it would for a root. */
  public static Sampler honouredBy(Sampler sampler) {
    if (sampler instanceof DeferredParentSampler) {
      return sampler;
    }
    return new DeferredParentSampler(sampler);
  }
}
