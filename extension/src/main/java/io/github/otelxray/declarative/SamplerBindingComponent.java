/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.declarative;

import com.google.auto.service.AutoService;
import io.opentelemetry.api.incubator.config.DeclarativeConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.internal.ComponentProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;

/**
 * The span processor {@code otelxray_sampler_binding}, which the model customizer adds for the
 * {@code xray} sampler (see {@link SamplerBindingProcessor}); users need not name it.
 */
@AutoService(ComponentProvider.class)
public final class SamplerBindingComponent implements ComponentProvider {

  @Override
  public Class<?> getType() {
    return SpanProcessor.class;
  }

  @Override
  public String getName() {
    return ComponentNames.SAMPLER_BINDING;
  }

  @Override
  public Object create(DeclarativeConfigProperties properties) {
    return new SamplerBindingProcessor(SamplerHandoff.claim());
  }
}
