package io.github.otelxray;

import io.github.otelxray.config.DefaultProperties;
import io.github.otelxray.ids.XRayIdGenerator;
import io.github.otelxray.propagation.XRayPropagatorSubstitution;
import io.github.otelxray.resources.AwsResourceDetection;
import io.github.otelxray.sampling.DeferredParent;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizer;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizerProvider;

/**
 * The extension's one entry point. It holds no state: it wires the parts, each of which lives in
 * the package named for its job.
 *
 * <ul>
 *   <li>defaults ({@code otel.propagators=tracecontext,baggage,xray}, {@code xray-lambda} inside
 *       Lambda) as a properties supplier, so every setting of the user wins;
 *   <li>AWS resource detection for the platforms evident from env vars and local files;
 *   <li>X-Ray trace ids;
 *   <li>our X-Ray propagators in place of the agent's copies of contrib's;
 *   <li>every configured sampler made to decide for parents that left the decision to us.
 * </ul>
 */
public final class XRayExtension implements AutoConfigurationCustomizerProvider {

  @Override
  public void customize(AutoConfigurationCustomizer customizer) {
    customizer
        .addPropertiesSupplier(() -> DefaultProperties.forEnvironment(System.getenv()))
        .addPropertiesCustomizer(AwsResourceDetection.forThisProcess())
        .addTracerProviderCustomizer(
            (builder, config) -> builder.setIdGenerator(XRayIdGenerator.getInstance()))
        .addPropagatorCustomizer(new XRayPropagatorSubstitution())
        .addSamplerCustomizer((sampler, config) -> DeferredParent.honouredBy(sampler));
  }
}
