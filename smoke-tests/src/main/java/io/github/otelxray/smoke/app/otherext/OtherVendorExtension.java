/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.smoke.app.otherext;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizer;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizerProvider;
import io.opentelemetry.sdk.resources.Resource;

/**
 * Stands for another vendor's agent extension, delivered by its own init image into the same
 * extensions directory as ours: it marks every span's resource, so a test sees that the agent
 * loaded it beside ours. The tests pack it into a jar of its own with its service file; it is never
 * on an agent's extension path otherwise.
 */
public final class OtherVendorExtension implements AutoConfigurationCustomizerProvider {

  public static final String MARK = "other.vendor.extension";

  @Override
  public void customize(AutoConfigurationCustomizer customizer) {
    customizer.addResourceCustomizer(
        (resource, config) ->
            resource.merge(Resource.create(Attributes.builder().put(MARK, "loaded").build())));
  }
}
