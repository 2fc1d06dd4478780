/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.declarative;

import com.google.auto.service.AutoService;
import io.github.otelxray.propagation.XRayLambdaPropagator;
import io.opentelemetry.api.incubator.config.DeclarativeConfigProperties;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.autoconfigure.spi.internal.ComponentProvider;

/**
 * Our {@code xray-lambda} propagator, {@code otelxray_xray_lambda} (see {@link ComponentNames}).
 */
@AutoService(ComponentProvider.class)
public final class XRayLambdaPropagatorComponent implements ComponentProvider {

  @Override
  public Class<?> getType() {
    return TextMapPropagator.class;
  }

  @Override
  public String getName() {
    return ComponentNames.LAMBDA_PROPAGATOR;
  }

  @Override
  public Object create(DeclarativeConfigProperties properties) {
    return XRayLambdaPropagator.getInstance();
  }
}
