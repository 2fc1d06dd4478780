package io.github.otelxray.declarative;

import io.github.otelxray.config.ConfigValues;
import io.opentelemetry.sdk.autoconfigure.declarativeconfig.model.AttributeNameValueModel;
import io.opentelemetry.sdk.autoconfigure.declarativeconfig.model.IdGeneratorModel;
import io.opentelemetry.sdk.autoconfigure.declarativeconfig.model.OpenTelemetryConfigurationModel;
import io.opentelemetry.sdk.autoconfigure.declarativeconfig.model.ParentBasedSamplerModel;
import io.opentelemetry.sdk.autoconfigure.declarativeconfig.model.PropagatorModel;
import io.opentelemetry.sdk.autoconfigure.declarativeconfig.model.ResourceModel;
import io.opentelemetry.sdk.autoconfigure.declarativeconfig.model.SamplerModel;
import io.opentelemetry.sdk.autoconfigure.declarativeconfig.model.SpanProcessorModel;
import io.opentelemetry.sdk.autoconfigure.declarativeconfig.model.TextMapPropagatorModel;
import io.opentelemetry.sdk.autoconfigure.declarativeconfig.model.TracerProviderModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The model customizer: the extension's defaults where the configuration file is silent, and our
 * propagators where it names {@code xray} or {@code xray-lambda}. Whatever the file names stands.
 *
 * <ul>
 *   <li>no {@code tracer_provider.id_generator}: {@code xray} (X-Ray trace ids);
 *   <li>no {@code tracer_provider.sampler}: {@code xray} (parent-based, as without a file); inside
 *       Lambda none, so the SDK's parent-based {@code always_on} follows Lambda's decision;
 *   <li>an {@code xray} sampler anywhere in the sampler tree: our binding span processor first in
 *       {@code processors}, which binds it to the resource and stops it with the SDK;
 *   <li>no {@code propagator}: {@code tracecontext,baggage,xray} ({@code xray-lambda} in Lambda);
 *   <li>{@code xray} / {@code xray-lambda} in {@code composite} or {@code composite_list}: renamed
 *       to our components (see {@link ComponentNames});
 *   <li>no {@code service.name} resource attribute: the X-Ray SDK's {@code AWS_XRAY_TRACING_NAME},
 *       if set, else inside Lambda the function's name.
 * </ul>
 *
 * <p>A file without {@code tracer_provider} has tracing off on purpose: nothing is added then. Only
 * getters are called directly (they are the same in SDK 1.65 and 1.67); setters go through {@link
 * ModelAccess}. A failure here never stops the agent: one warning, and the file as it was.
 */
final class ModelDefaults
    implements Function<OpenTelemetryConfigurationModel, OpenTelemetryConfigurationModel> {

  static final String DEFAULT_PROPAGATORS = "tracecontext,baggage," + ComponentNames.XRAY;
  static final String LAMBDA_PROPAGATORS = "tracecontext,baggage," + ComponentNames.XRAY_LAMBDA;

  private final Map<String, String> env;
  private final Function<String, String> systemProperties;
  private final ModelAccess access;
  private final Consumer<String> warn;

  ModelDefaults(
      Map<String, String> env, Function<String, String> systemProperties, Consumer<String> warn) {
    this.env = env;
    this.systemProperties = systemProperties;
    this.access = new ModelAccess(warn);
    this.warn = warn;
  }

  @Override
  public OpenTelemetryConfigurationModel apply(OpenTelemetryConfigurationModel model) {
    if (model == null) {
      return null;
    }
    try {
      TracerProviderModel tracing = model.getTracerProvider();
      if (tracing != null) {
        tracerProvider(tracing);
        propagators(model);
        serviceName(model);
      }
    } catch (RuntimeException | LinkageError e) {
      warn.accept(
          "X-Ray declarative configuration: could not apply the extension's defaults to the"
              + " configuration file ("
              + e
              + "); the file is used as it is.");
    }
    return model;
  }

  private void tracerProvider(TracerProviderModel tracing) {
    if (tracing.getIdGenerator() == null) {
      IdGeneratorModel ids = new IdGeneratorModel();
      if (access.putExtension(ids, ComponentNames.XRAY, null)) {
        access.set(tracing, "IdGenerator", ids);
      }
    }
    if (tracing.getSampler() == null && !ConfigValues.inLambda(env)) {
      SamplerModel sampler = new SamplerModel();
      if (access.putExtension(sampler, ComponentNames.XRAY, null)) {
        access.set(tracing, "Sampler", sampler);
      }
    }
    if (namesXRay(tracing.getSampler())) {
      SpanProcessorModel binding = new SpanProcessorModel();
      if (access.putExtension(binding, ComponentNames.SAMPLER_BINDING, null)) {
        List<SpanProcessorModel> processors = new ArrayList<>();
        // First: adaptive sampling sees spans end, and is shut down, before any exporting one.
        processors.add(binding);
        if (tracing.getProcessors() != null) {
          processors.addAll(tracing.getProcessors());
        }
        access.set(tracing, "Processors", processors);
      }
    }
  }

  /** Whether {@code sampler}, or one inside its parent-based tree, is the {@code xray} sampler. */
  private boolean namesXRay(SamplerModel sampler) {
    if (sampler == null) {
      return false;
    }
    if (access.extensions(sampler).containsKey(ComponentNames.XRAY)) {
      return true;
    }
    ParentBasedSamplerModel parentBased = sampler.getParentBased();
    return parentBased != null
        && (namesXRay(parentBased.getRoot())
            || namesXRay(parentBased.getRemoteParentSampled())
            || namesXRay(parentBased.getRemoteParentNotSampled())
            || namesXRay(parentBased.getLocalParentSampled())
            || namesXRay(parentBased.getLocalParentNotSampled()));
  }

  private void propagators(OpenTelemetryConfigurationModel model) {
    PropagatorModel propagator = model.getPropagator();
    if (propagator == null) {
      propagator = new PropagatorModel();
      String defaults = ConfigValues.inLambda(env) ? LAMBDA_PROPAGATORS : DEFAULT_PROPAGATORS;
      if (!access.set(propagator, "CompositeList", defaults)
          || !access.set(model, "Propagator", propagator)) {
        return;
      }
    }
    List<TextMapPropagatorModel> composite = propagator.getComposite();
    if (composite != null) {
      List<TextMapPropagatorModel> renamed = new ArrayList<>(composite.size());
      boolean changed = false;
      for (TextMapPropagatorModel entry : composite) {
        TextMapPropagatorModel ours = renamed(entry);
        changed |= ours != entry;
        renamed.add(ours);
      }
      if (changed) {
        access.set(propagator, "Composite", renamed);
      }
    }
    String list = propagator.getCompositeList();
    if (list != null) {
      String renamed = renamedList(list);
      if (!renamed.equals(list)) {
        access.set(propagator, "CompositeList", renamed);
      }
    }
  }

  /** {@code entry}, or a new entry naming our component where it names an X-Ray one. */
  private TextMapPropagatorModel renamed(TextMapPropagatorModel entry) {
    if (entry == null) {
      return null;
    }
    Map<String, Object> names = access.extensions(entry);
    if (names.size() != 1) {
      return entry; // tracecontext, baggage, b3, ... or an invalid entry the SDK will report
    }
    String name = names.keySet().iterator().next();
    String ours = ComponentNames.propagator(name);
    if (ours.equals(name)) {
      return entry;
    }
    TextMapPropagatorModel replacement = new TextMapPropagatorModel();
    return access.putExtension(replacement, ours, names.get(name)) ? replacement : entry;
  }

  /** {@code composite_list} with our names for the X-Ray ones; the rest as written. */
  static String renamedList(String list) {
    List<String> names = new ArrayList<>();
    boolean changed = false;
    for (String part : Arrays.asList(list.split(",", -1))) {
      String name = part.trim();
      String ours = ComponentNames.propagator(name);
      changed |= !ours.equals(name);
      names.add(ours.equals(name) ? part : ours);
    }
    return changed ? String.join(",", names) : list;
  }

  private void serviceName(OpenTelemetryConfigurationModel model) {
    String name = io.github.otelxray.config.XRayServiceName.defaultFor(env, systemProperties);
    if (name == null) {
      return;
    }
    ResourceModel resource = model.getResource();
    if (resource != null && namesService(resource)) {
      return;
    }
    if (resource == null) {
      resource = new ResourceModel();
      if (!access.set(model, "Resource", resource)) {
        return;
      }
    }
    AttributeNameValueModel attribute = new AttributeNameValueModel();
    if (access.set(attribute, "Name", "service.name") && access.set(attribute, "Value", name)) {
      List<AttributeNameValueModel> attributes = new ArrayList<>();
      if (resource.getAttributes() != null) {
        attributes.addAll(resource.getAttributes());
      }
      attributes.add(attribute);
      access.set(resource, "Attributes", attributes);
    }
  }

  private static boolean namesService(ResourceModel resource) {
    if (resource.getAttributes() != null) {
      for (AttributeNameValueModel attribute : resource.getAttributes()) {
        if (attribute != null && "service.name".equals(attribute.getName())) {
          return true;
        }
      }
    }
    String list = resource.getAttributesList();
    if (list != null) {
      for (String pair : list.split(",")) {
        if (pair.trim().startsWith("service.name=")) {
          return true;
        }
      }
    }
    return false;
  }
}
