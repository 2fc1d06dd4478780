/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.declarative;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.util.ArrayList;
import java.util.List;

/**
 * The span processor the model customizer puts first when a configuration file uses the {@code
 * xray} sampler: binds the samplers to the first span's resource if {@link SamplersStartWithAgent}
 * could not bind them at start-up, lets adaptive sampling see spans end, and stops the samplers'
 * pollers (posting the last statistics) when the SDK shuts down.
 *
 * <p>After the first span, {@link #onStart} costs one volatile read.
 */
final class SamplerBindingProcessor implements SpanProcessor {

  private final List<ResourceBoundSampler> samplers;
  private volatile boolean bound;

  SamplerBindingProcessor(List<ResourceBoundSampler> samplers) {
    this.samplers = new ArrayList<>(samplers);
    this.bound = this.samplers.isEmpty();
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {
    if (!bound) {
      // Usually SamplersStartWithAgent bound them before any request: then no copy of the span.
      if (!allBound()) {
        // Once: ReadableSpan hands out its resource only with a copy of the span.
        Resource resource = span.toSpanData().getResource();
        for (ResourceBoundSampler sampler : samplers) {
          sampler.bind(resource);
        }
      }
      bound = true;
    }
  }

  private boolean allBound() {
    for (ResourceBoundSampler sampler : samplers) {
      if (!sampler.isBound()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean isStartRequired() {
    return !samplers.isEmpty();
  }

  @Override
  public void onEnd(ReadableSpan span) {
    for (ResourceBoundSampler sampler : samplers) {
      sampler.lifecycle().onEnd(span);
    }
  }

  @Override
  public boolean isEndRequired() {
    return !samplers.isEmpty();
  }

  @Override
  public CompletableResultCode shutdown() {
    List<CompletableResultCode> results = new ArrayList<>();
    for (ResourceBoundSampler sampler : samplers) {
      results.add(sampler.lifecycle().shutdown());
    }
    return CompletableResultCode.ofAll(results);
  }

  @Override
  public CompletableResultCode forceFlush() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public String toString() {
    return "SamplerBindingProcessor{samplers=" + samplers.size() + "}";
  }
}
