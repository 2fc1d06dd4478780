/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.declarative;

import com.google.auto.service.AutoService;
import io.github.otelxray.propagation.XRayPropagator;
import io.opentelemetry.api.incubator.config.DeclarativeConfigProperties;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.autoconfigure.spi.internal.ComponentProvider;

/**
 * Our lenient {@code X-Amzn-Trace-Id} propagator, {@code otelxray_xray}: what {@code xray} in a
 * file's propagator list becomes (see {@link ComponentNames} for why it has a name of its own).
 */
@AutoService(ComponentProvider.class)
public final class XRayPropagatorComponent implements ComponentProvider {

  @Override
  public Class<?> getType() {
    return TextMapPropagator.class;
  }

  @Override
  public String getName() {
    return ComponentNames.PROPAGATOR;
  }

  @Override
  public Object create(DeclarativeConfigProperties properties) {
    return XRayPropagator.getInstance();
  }
}
