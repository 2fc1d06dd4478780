/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.declarative;

import io.github.otelxray.config.XRayDefaults;
import io.github.otelxray.logging.LogText;
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
import io.opentelemetry.sdk.autoconfigure.declarativeconfig.model.internal.ExperimentalResourceDetectionModel;
import io.opentelemetry.sdk.autoconfigure.declarativeconfig.model.internal.ExperimentalResourceDetectorModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
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
 *       if set, else inside Lambda the function's name;
 *   <li>no {@code resource.detection/development.detectors} and an AWS platform evident locally:
 *       our detector {@code otelxray_aws}, which describes that platform and probes no other.
 * </ul>
 *
 * <p>A file without {@code tracer_provider} has tracing off on purpose: nothing is added then. Only
 * getters are called directly (they are the same in SDK 1.65 and 1.67); setters go through {@link
 * ModelAccess}. A failure here never stops the agent: one warning, and the file as it was.
 */
final class ModelDefaults
    implements Function<OpenTelemetryConfigurationModel, OpenTelemetryConfigurationModel> {

  /** Detectors the agent puts into every file itself. */
  private static final List<String> AGENT_DETECTORS =
      Arrays.asList("opentelemetry_javaagent_distribution");

  private final Map<String, String> env;
  private final Function<String, String> systemProperties;
  private final BooleanSupplier awsPlatformEvident;
  private final ModelAccess access;
  private final Consumer<String> warn;

  ModelDefaults(
      Map<String, String> env,
      Function<String, String> systemProperties,
      BooleanSupplier awsPlatformEvident,
      Consumer<String> warn) {
    this.env = env;
    this.systemProperties = systemProperties;
    this.awsPlatformEvident = awsPlatformEvident;
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
        resourceDetection(model);
      }
    } catch (RuntimeException | LinkageError e) {
      warn.accept(
          "X-Ray declarative configuration: could not apply the extension's defaults to the"
              + " configuration file ("
              + LogText.escape(String.valueOf(e))
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
    if (tracing.getSampler() == null && XRayDefaults.forEnvironment(env).xraySampler()) {
      SamplerModel sampler = new SamplerModel();
      if (access.putExtension(sampler, ComponentNames.XRAY, null)) {
        access.set(tracing, "Sampler", sampler);
      }
    }
    SamplerModel unwrapped = xrayOfPlainParentBased(tracing.getSampler());
    if (unwrapped != null) {
      access.set(tracing, "Sampler", unwrapped);
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
        if (access.set(tracing, "Processors", processors)) {
          SamplerHandoff.bindingProcessorAdded();
        }
      }
    }
  }

  /**
   * For {@code parent_based: {root: {xray: ..}}} with no other setting: the {@code xray} root
   * alone, else {@code null}. {@code xray} is parent-based itself and so behaves the same for every
   * parent, except the one the SDK's parent-based sampler cannot know: an {@code X-Amzn-Trace-Id}
   * with {@code Sampled=?} or without {@code Sampled} (an ALB's), whose flag reads "not sampled"
   * although the upstream left the decision to us. Under the SDK's parent-based sampler every such
   * request would go unsampled.
   */
  private SamplerModel xrayOfPlainParentBased(SamplerModel sampler) {
    ParentBasedSamplerModel parentBased = sampler == null ? null : sampler.getParentBased();
    if (parentBased == null
        || parentBased.getRemoteParentSampled() != null
        || parentBased.getRemoteParentNotSampled() != null
        || parentBased.getLocalParentSampled() != null
        || parentBased.getLocalParentNotSampled() != null) {
      return null;
    }
    SamplerModel root = parentBased.getRoot();
    if (root == null) {
      return null;
    }
    Map<String, Object> names = access.extensions(root);
    return names.size() == 1 && names.containsKey(ComponentNames.XRAY) ? root : null;
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
      // By the names users write; renamed to our components below, like a file's own list.
      String defaults = String.join(",", XRayDefaults.forEnvironment(env).propagators());
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
    String name = io.github.otelxray.resources.XRayServiceName.defaultFor(env, systemProperties);
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

  /**
   * Without a file the extension turns on the agent's detectors of the evident AWS platforms; with
   * one, where the file lists no detectors, our detector does the same. A file that lists a
   * detector chose its list: it stands, and may name {@code otelxray_aws} itself.
   *
   * <p>The agent adds detectors of its own to every file before we see it (2.33.1: {@code
   * opentelemetry_javaagent_distribution}), so those do not count as the file's choice; they stay.
   */
  private void resourceDetection(OpenTelemetryConfigurationModel model) {
    ResourceModel resource = model.getResource();
    Object found = resource == null ? null : access.resourceDetection(resource);
    if (found != null && !(found instanceof ExperimentalResourceDetectionModel)) {
      return; // a shape this SDK invented after us: leave the file's detection alone
    }
    ExperimentalResourceDetectionModel detection =
        found instanceof ExperimentalResourceDetectionModel
            ? (ExperimentalResourceDetectionModel) found
            : null;
    List<ExperimentalResourceDetectorModel> listed =
        detection == null ? null : detection.getDetectors();
    if (listed != null && namesDetectorOfItsOwn(listed)) {
      return;
    }
    if (!awsPlatformEvident.getAsBoolean()) {
      return; // off AWS nothing to describe: the file stays exactly as written
    }
    ExperimentalResourceDetectorModel ours = new ExperimentalResourceDetectorModel();
    if (!access.putExtension(ours, ComponentNames.AWS_RESOURCE, null)) {
      return;
    }
    if (resource == null) {
      resource = new ResourceModel();
      if (!access.set(model, "Resource", resource)) {
        return;
      }
    }
    if (detection == null) {
      detection = new ExperimentalResourceDetectionModel();
    }
    List<ExperimentalResourceDetectorModel> detectors = new ArrayList<>();
    if (listed != null) {
      detectors.addAll(listed);
    }
    detectors.add(ours);
    // Set on the node before the node on the resource: SDK 1.67 may keep a copy.
    if (access.set(detection, "Detectors", detectors)) {
      access.setResourceDetection(resource, detection);
    }
  }

  /** Whether the list has a detector that the agent did not add itself. */
  private boolean namesDetectorOfItsOwn(List<ExperimentalResourceDetectorModel> detectors) {
    for (ExperimentalResourceDetectorModel detector : detectors) {
      if (detector == null) {
        continue;
      }
      if (detector.getContainer() != null
          || detector.getHost() != null
          || detector.getProcess() != null
          || detector.getService() != null) {
        return true;
      }
      for (String name : access.extensions(detector).keySet()) {
        if (!AGENT_DETECTORS.contains(name)) {
          return true;
        }
      }
    }
    return false;
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
