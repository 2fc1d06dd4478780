/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.declarative;

import com.google.auto.service.AutoService;
import io.github.otelxray.resources.AwsPlatformResources;
import io.opentelemetry.api.incubator.config.DeclarativeConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.internal.ComponentProvider;
import io.opentelemetry.sdk.resources.Resource;
import java.util.logging.Logger;

/**
 * The resource detector {@code otelxray_aws} ({@code resource.detection/development.detectors}):
 * the AWS platforms this process evidently runs on, and no metadata probe elsewhere. The model
 * customizer adds it where the file lists no detectors; a file can also name it.
 */
@AutoService(ComponentProvider.class)
public final class AwsResourceComponent implements ComponentProvider {

  private static final Logger LOGGER = Logger.getLogger(AwsResourceComponent.class.getName());

  @Override
  public Class<?> getType() {
    return Resource.class;
  }

  @Override
  public String getName() {
    return ComponentNames.AWS_RESOURCE;
  }

  @Override
  public Object create(DeclarativeConfigProperties properties) {
    return AwsPlatformResources.forThisProcess(LOGGER::warning).detect();
  }
}
