/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.declarative;

import com.google.auto.service.AutoService;
import io.github.otelxray.logging.LogText;
import io.opentelemetry.javaagent.extension.AgentListener;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import java.lang.reflect.Method;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Starts the {@code xray} samplers of a configuration file when the agent is ready, before the
 * application's first request, bound to the resource the agent built from the file: rules are
 * fetched at start-up and in force for the first request, as without a file.
 *
 * <p>With a file, no sampler, customizer or component is handed the resource while the SDK is
 * built; the agent holds it in the SDK it hands to its listeners, behind a method the agent itself
 * reads through a package-private door. It is read here by reflection, once, on the agent's thread.
 * Should that fail (another SDK), the samplers start at the first span instead ({@link
 * SamplerBindingProcessor}), with one INFO line saying so.
 */
@AutoService(AgentListener.class)
public final class SamplersStartWithAgent implements AgentListener {

  private static final Logger LOGGER = Logger.getLogger(SamplersStartWithAgent.class.getName());

  @Override
  public void afterAgent(AutoConfiguredOpenTelemetrySdk sdk) {
    startWith(sdk, SamplersStartWithAgent::resourceOf);
  }

  static void startWith(
      AutoConfiguredOpenTelemetrySdk sdk,
      Function<AutoConfiguredOpenTelemetrySdk, Resource> resources) {
    if (!SamplerHandoff.hasUnbound()) {
      return; // no file, or no xray sampler in it: nothing to read
    }
    Resource resource;
    try {
      resource = resources.apply(sdk);
    } catch (Exception | LinkageError e) {
      LOGGER.info(
          "X-Ray sampling: the agent's resource could not be read ("
              + LogText.escape(e.toString())
              + "); the configuration file's xray sampler fetches its rules at the first span.");
      return;
    }
    SamplerHandoff.bindAll(resource);
  }

  static Resource resourceOf(AutoConfiguredOpenTelemetrySdk sdk) {
    try {
      Method getResource = AutoConfiguredOpenTelemetrySdk.class.getDeclaredMethod("getResource");
      getResource.setAccessible(true);
      Object resource = getResource.invoke(sdk);
      if (!(resource instanceof Resource)) {
        throw new IllegalStateException("no resource");
      }
      return (Resource) resource;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e.getClass().getSimpleName(), e);
    }
  }
}
