/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray;

import com.google.auto.service.AutoService;
import io.github.otelxray.config.DefaultProperties;
import io.github.otelxray.export.SignedExport;
import io.github.otelxray.export.XRaySpanExporter;
import io.github.otelxray.ids.XRayIdGenerator;
import io.github.otelxray.propagation.XRayPropagatorSubstitution;
import io.github.otelxray.resources.AwsResourceDetection;
import io.github.otelxray.resources.XRayServiceName;
import io.github.otelxray.sampling.DeferredParent;
import io.github.otelxray.sampling.SamplerLifecycle;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizer;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizerProvider;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;

/**
 * The extension's one entry point. It holds no state: it wires the parts, each of which lives in
 * the package named for its job.
 *
 * <ul>
 *   <li>defaults ({@code otel.propagators=tracecontext,baggage,xray}, {@code xray-lambda} inside
 *       Lambda; {@code otel.traces.sampler=xray}, {@code parentbased_always_on} inside Lambda) as a
 *       properties supplier, so every setting of the user wins;
 *   <li>AWS resource detection for the platforms evident from env vars and local files;
 *   <li>the X-Ray SDK's {@code AWS_XRAY_TRACING_NAME} as the service name when none is set, else
 *       inside Lambda the function's name;
 *   <li>X-Ray trace ids, kept unique across copies restored from a SnapStart snapshot;
 *   <li>our X-Ray propagators in place of the agent's copies of contrib's;
 *   <li>the X-Ray sampler ({@code xray}, the default sampler) bound to the resource and polling,
 *       stopped with the SDK;
 *   <li>every configured sampler made to decide for parents that left the decision to us;
 *   <li>the OTLP/HTTP exporter to X-Ray's own endpoint replaced by a SigV4-signed one;
 *   <li>every span exporter wrapped: secrets redacted, chosen attributes listed as X-Ray
 *       annotations, in the export thread.
 * </ul>
 */
@AutoService(AutoConfigurationCustomizerProvider.class)
public final class XRayExtension implements AutoConfigurationCustomizerProvider {

  @Override
  public void customize(AutoConfigurationCustomizer customizer) {
    // The SDK configures the resource before the sampler but hands it to no sampler provider;
    // the X-Ray rules match it, so it travels from one customizer to the other through this
    // local, which lives exactly as long as this autoconfiguration run.
    AtomicReference<Resource> resource = new AtomicReference<>(Resource.getDefault());
    // Starts the xray sampler, if configured, and stops it when the SDK shuts down.
    SamplerLifecycle sampler = new SamplerLifecycle();
    BiFunction<SpanExporter, ConfigProperties, SpanExporter> exportWrapper =
        XRaySpanExporter.customizer();
    customizer
        .addPropertiesSupplier(() -> DefaultProperties.forEnvironment(System.getenv()))
        .addPropertiesCustomizer(AwsResourceDetection.forThisProcess())
        .addPropertiesCustomizer(XRayServiceName.forThisProcess())
        .addResourceCustomizer(
            (configured, config) -> {
              resource.set(configured);
              return configured;
            })
        .addTracerProviderCustomizer(
            (builder, config) ->
                builder.setIdGenerator(XRayIdGenerator.getInstance()).addSpanProcessor(sampler))
        .addPropagatorCustomizer(new XRayPropagatorSubstitution())
        .addSpanExporterCustomizer(
            (exporter, config) ->
                sampler.exportCapturedThrough(
                    exportWrapper.apply(SignedExport.signIfXRay(exporter, config), config)))
        .addSpanProcessorCustomizer((processor, config) -> sampler.attachTo(processor))
        .addSamplerCustomizer(
            (configured, config) ->
                DeferredParent.honouredBy(sampler.start(configured, resource.get(), config)));
  }
}
