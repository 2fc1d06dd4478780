/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.declarative;

import io.github.otelxray.sampling.SamplerLifecycle;
import io.github.otelxray.sampling.adaptive.AdaptiveSamplingConfig;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@code xray} sampler of a configuration file, bound to the resource once it is known.
 *
 * <p>X-Ray rules match the resource (service name, type, ARN), but the SDK gives samplers no
 * resource, and with a file no customizer sees it either. {@link SamplersStartWithAgent} binds this
 * sampler with the agent's resource once the agent is ready, before the application's first
 * request, which starts polling through {@link SamplerLifecycle} exactly as without a file; should
 * the resource not be readable there, {@link SamplerBindingProcessor} binds it with the first
 * span's. Until then the sampler decides parent-based by the local rules file or the built-in
 * default.
 */
final class ResourceBoundSampler implements Sampler {

  private final Sampler pending;
  private final SamplerLifecycle lifecycle;
  private final AdaptiveSamplingConfig adaptiveConfig;
  private final AtomicBoolean bound = new AtomicBoolean();
  private volatile Sampler delegate;

  /**
   * @param adaptiveConfig read when the SDK is built, not when the sampler starts: that may be at
   *     the first span, on a request's thread; {@code null} for none
   */
  ResourceBoundSampler(
      Sampler pending, SamplerLifecycle lifecycle, AdaptiveSamplingConfig adaptiveConfig) {
    this.pending = pending;
    this.lifecycle = lifecycle;
    this.adaptiveConfig = adaptiveConfig == null ? AdaptiveSamplingConfig.none() : adaptiveConfig;
    this.delegate = Sampler.parentBased(pending);
  }

  /** Starts the sampler for {@code resource}; later calls do nothing. */
  void bind(Resource resource) {
    if (bound.compareAndSet(false, true)) {
      delegate = lifecycle.start(pending, resource, adaptiveConfig);
    }
  }

  boolean isBound() {
    return bound.get();
  }

  /** The adaptive sampling configuration this sampler starts with. */
  AdaptiveSamplingConfig adaptiveConfig() {
    return adaptiveConfig;
  }

  SamplerLifecycle lifecycle() {
    return lifecycle;
  }

  @Override
  public SamplingResult shouldSample(
      Context parentContext,
      String traceId,
      String name,
      SpanKind spanKind,
      Attributes attributes,
      List<LinkData> parentLinks) {
    return delegate.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
  }

  @Override
  public String getDescription() {
    return delegate.getDescription();
  }

  @Override
  public String toString() {
    return getDescription();
  }
}
