/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling;

import io.github.otelxray.config.ConfigKeys;
import io.github.otelxray.sampling.adaptive.AdaptiveSamplingConfig;
import io.github.otelxray.sampling.adaptive.AdaptiveSamplingConfigReader;
import io.github.otelxray.sampling.adaptive.AdaptiveSamplingProcessor;
import io.github.otelxray.sampling.adaptive.AnomalyCapture;
import io.github.otelxray.sampling.rules.XRaySampler;
import io.github.otelxray.sampling.source.RulesPoller;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * Starts the {@code xray} sampler once the resource is known, with adaptive sampling as configured,
 * and stops both with the SDK.
 *
 * <p>The SDK shuts down span processors, not samplers, so this is registered as a span processor
 * that asks to see no span: the SDK leaves it off the request path entirely, and calls {@link
 * #shutdown} when the agent shuts the SDK down. The poller then reports the statistics counted
 * since its last report, so X-Ray's quotas account for the last seconds of this process, and its
 * thread ends.
 *
 * <p>Adaptive sampling's span processor, when there is one, is put in front of the first span
 * processor the SDK configured ({@link #attachTo}): it then sees spans end before the export
 * pipeline does, and is shut down (sending the spans it captured) before that pipeline's exporter
 * is.
 */
public final class SamplerLifecycle implements SpanProcessor {

  private static final Logger LOGGER = Logger.getLogger(SamplerLifecycle.class.getName());

  private final AtomicReference<RulesPoller> poller = new AtomicReference<>();
  private volatile AdaptiveSamplingProcessor adaptive;
  private volatile AnomalyCapture capture;
  private final AtomicBoolean attached = new AtomicBoolean();
  private final List<SpanExporter> exporters = new CopyOnWriteArrayList<>();

  /**
   * {@code sampler} bound to {@code resource}, polling and parent-based, if it came from {@link
   * XRaySamplerProvider}; any other sampler unchanged (adaptive sampling needs the xray sampler).
   */
  public Sampler start(Sampler sampler, Resource resource, ConfigProperties config) {
    return start(sampler, resource, config.getString(ConfigKeys.ADAPTIVE_SAMPLING_CONFIG));
  }

  /**
   * As {@link #start(Sampler, Resource, ConfigProperties)}, with the adaptive sampling
   * configuration ({@code null} when there is none) given directly: a configuration file holds it
   * elsewhere.
   */
  public Sampler start(Sampler sampler, Resource resource, String adaptiveValue) {
    if (!(sampler instanceof XRaySamplerProvider.Pending)) {
      if (adaptiveValue != null && !adaptiveValue.trim().isEmpty()) {
        LOGGER.warning(
            "X-Ray adaptive sampling needs the xray sampler (otel.traces.sampler=xray); with "
                + sampler.getDescription()
                + " its configuration is ignored.");
      }
      return sampler;
    }
    return start(
        sampler, resource, AdaptiveSamplingConfigReader.read(adaptiveValue, LOGGER::warning));
  }

  /**
   * As {@link #start(Sampler, Resource, String)}, with the adaptive sampling configuration already
   * read: a configuration file's sampler is started at the first span, on a request's thread, where
   * parsing a document has no place.
   */
  public Sampler start(Sampler sampler, Resource resource, AdaptiveSamplingConfig adaptiveConfig) {
    if (!(sampler instanceof XRaySamplerProvider.Pending)) {
      if (adaptiveConfig.configured()) {
        LOGGER.warning(
            "X-Ray adaptive sampling needs the xray sampler (otel.traces.sampler=xray); with "
                + sampler.getDescription()
                + " its configuration is ignored.");
      }
      return sampler;
    }
    if (adaptiveConfig.configured()) {
      LOGGER.info(adaptiveConfig.describe());
    }
    RulesPoller started = ((XRaySamplerProvider.Pending) sampler).start(resource, adaptiveConfig);
    RulesPoller previous = poller.getAndSet(started);
    if (previous != null) {
      previous.shutdown();
    }
    XRaySampler root = started.sampler();
    AnomalyCapture newCapture = AnomalyCapture.forConfig(adaptiveConfig);
    if (newCapture != null) {
      // With a configuration file the sampler starts at the first span, after the exporters exist.
      for (SpanExporter exporter : exporters) {
        newCapture.exportThrough(exporter);
      }
    }
    capture = newCapture;
    adaptive = new AdaptiveSamplingProcessor(root, adaptiveConfig, capture);
    Sampler unsampledParent = new UnsampledParentSampler(root, adaptiveConfig.captureEnabled());
    return Sampler.parentBasedBuilder(root)
        .setRemoteParentNotSampled(unsampledParent)
        .setLocalParentNotSampled(unsampledParent)
        .build();
  }

  /** {@code exporter} also carries the spans anomaly capture exports; returned as it is. */
  public SpanExporter exportCapturedThrough(SpanExporter exporter) {
    exporters.add(exporter);
    AnomalyCapture current = capture;
    if (current != null) {
      current.exportThrough(exporter);
    }
    return exporter;
  }

  /**
   * The first configured span processor with adaptive sampling's in front of it; any other, or
   * every one when adaptive sampling has nothing to do, unchanged.
   */
  public SpanProcessor attachTo(SpanProcessor configured) {
    AdaptiveSamplingProcessor current = adaptive;
    if (current == null || !attached.compareAndSet(false, true)) {
      return configured;
    }
    return SpanProcessor.composite(Arrays.asList(current, configured));
  }

  /**
   * Stops the poller (after its last statistics report) and, when no configured span processor took
   * adaptive sampling in front of it, anomaly capture's export thread: otherwise that processor's
   * own shutdown, ahead of its exporter's, stops it.
   */
  @Override
  public CompletableResultCode shutdown() {
    RulesPoller started = poller.getAndSet(null);
    CompletableResultCode polling =
        started == null ? CompletableResultCode.ofSuccess() : started.shutdown();
    AdaptiveSamplingProcessor current = adaptive;
    if (current == null || attached.get()) {
      return polling;
    }
    return CompletableResultCode.ofAll(Arrays.asList(polling, current.shutdown()));
  }

  @Override
  public CompletableResultCode forceFlush() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {}

  @Override
  public boolean isStartRequired() {
    return false;
  }

  /**
   * Only when no configured span processor took adaptive sampling in front of it ({@code
   * otel.traces.exporter=none}): boost statistics are still counted then. The SDK asks once, when
   * it is built, after every customizer has run.
   */
  @Override
  public void onEnd(ReadableSpan span) {
    AdaptiveSamplingProcessor current = adaptive;
    if (current != null && !attached.get()) {
      current.onEnd(span);
    }
  }

  @Override
  public boolean isEndRequired() {
    return adaptive != null && !attached.get();
  }

  @Override
  public String toString() {
    return "SamplerLifecycle";
  }
}
