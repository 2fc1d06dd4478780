/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.declarative;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Hands our settings of a configuration file to the {@code xray} sampler, the samplers to the span
 * processor that binds them, and the file's exporters to their adaptive sampling.
 *
 * <p>A static meeting point, on purpose and only here: with a configuration file the SDK builds
 * each component through its own provider and gives components no way to reach one another. It
 * builds the SDK in a fixed order on one thread: the model customizers (ours reads {@code aws_xray}
 * from the model), then the sampler, then span processors (ours first, then the exporting ones,
 * whose exporters our customizer wraps). Components could read {@code aws_xray} through the config
 * provider too, but it logs a warning for every list value it is asked to read as a map. The agent
 * builds one SDK per JVM; samplers are claimed once, so a second build would not rebind the first
 * one's.
 */
final class SamplerHandoff {

  private static final List<ResourceBoundSampler> UNCLAIMED = new ArrayList<>();
  private static final List<ResourceBoundSampler> ALL = new ArrayList<>();
  private static ConfigProperties settings;
  private static boolean bindingProcessorAdded;

  private SamplerHandoff() {}

  /** Our settings of the file being applied, read once (so each warning is logged once). */
  static synchronized void settings(ConfigProperties fileSettings) {
    settings = fileSettings;
  }

  /** Our settings of the file; none (every default) before the model customizer ran. */
  static synchronized ConfigProperties settings() {
    return settings != null
        ? settings
        : FileSettings.from(Collections.<String, Object>emptyMap(), message -> {});
  }

  /** The model customizer put our binding processor into the file being applied. */
  static synchronized void bindingProcessorAdded() {
    bindingProcessorAdded = true;
  }

  /**
   * Whether a binding processor will bind the samplers made now. Not when this agent runs no model
   * customizer of ours (agent 2.23), hands it a model it does not know (2.28), or a setter failed:
   * a sampler waiting for it would then never poll.
   */
  static synchronized boolean bindingProcessorComes() {
    return bindingProcessorAdded;
  }

  static synchronized void offer(ResourceBoundSampler sampler) {
    UNCLAIMED.add(sampler);
    ALL.add(sampler);
  }

  /** The samplers not yet claimed by a binding processor; they are then no longer offered. */
  static synchronized List<ResourceBoundSampler> claim() {
    List<ResourceBoundSampler> claimed = new ArrayList<>(UNCLAIMED);
    UNCLAIMED.clear();
    return claimed;
  }

  /** Whether some file-made sampler has not started yet. */
  static synchronized boolean hasUnbound() {
    for (ResourceBoundSampler sampler : ALL) {
      if (!sampler.isBound()) {
        return true;
      }
    }
    return false;
  }

  /** Starts every file-made sampler not started yet, bound to {@code resource}. */
  static void bindAll(Resource resource) {
    List<ResourceBoundSampler> samplers;
    synchronized (SamplerHandoff.class) {
      samplers = new ArrayList<>(ALL);
    }
    for (ResourceBoundSampler sampler : samplers) {
      sampler.bind(resource);
    }
  }

  /** Anomaly capture of every file-made sampler also exports through {@code exporter}. */
  static synchronized void exportCapturedThrough(SpanExporter exporter) {
    for (ResourceBoundSampler sampler : ALL) {
      sampler.lifecycle().exportCapturedThrough(exporter);
    }
  }

  /** For tests: forget everything. */
  static synchronized void reset() {
    UNCLAIMED.clear();
    ALL.clear();
    settings = null;
    bindingProcessorAdded = false;
  }
}
