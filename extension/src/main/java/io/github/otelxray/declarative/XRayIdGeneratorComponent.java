/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.declarative;

import com.google.auto.service.AutoService;
import io.github.otelxray.ids.XRayIdGenerator;
import io.opentelemetry.api.incubator.config.DeclarativeConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.internal.ComponentProvider;
import io.opentelemetry.sdk.trace.IdGenerator;

/** The id generator {@code xray} ({@code tracer_provider.id_generator: {xray: }}): X-Ray ids. */
@AutoService(ComponentProvider.class)
public final class XRayIdGeneratorComponent implements ComponentProvider {

  @Override
  public Class<?> getType() {
    return IdGenerator.class;
  }

  @Override
  public String getName() {
    return ComponentNames.XRAY;
  }

  @Override
  public Object create(DeclarativeConfigProperties properties) {
    return XRayIdGenerator.getInstance();
  }
}
