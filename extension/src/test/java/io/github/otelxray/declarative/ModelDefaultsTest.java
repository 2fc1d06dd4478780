/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.declarative;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.autoconfigure.declarativeconfig.model.AlwaysOnSamplerModel;
import io.opentelemetry.sdk.autoconfigure.declarativeconfig.model.AttributeNameValueModel;
import io.opentelemetry.sdk.autoconfigure.declarativeconfig.model.BatchSpanProcessorModel;
import io.opentelemetry.sdk.autoconfigure.declarativeconfig.model.IdGeneratorModel;
import io.opentelemetry.sdk.autoconfigure.declarativeconfig.model.IncludeExcludeModel;
import io.opentelemetry.sdk.autoconfigure.declarativeconfig.model.OpenTelemetryConfigurationModel;
import io.opentelemetry.sdk.autoconfigure.declarativeconfig.model.ParentBasedSamplerModel;
import io.opentelemetry.sdk.autoconfigure.declarativeconfig.model.PropagatorModel;
import io.opentelemetry.sdk.autoconfigure.declarativeconfig.model.RandomIdGeneratorModel;
import io.opentelemetry.sdk.autoconfigure.declarativeconfig.model.ResourceModel;
import io.opentelemetry.sdk.autoconfigure.declarativeconfig.model.SamplerModel;
import io.opentelemetry.sdk.autoconfigure.declarativeconfig.model.SamplerPropertyModel;
import io.opentelemetry.sdk.autoconfigure.declarativeconfig.model.SpanProcessorModel;
import io.opentelemetry.sdk.autoconfigure.declarativeconfig.model.TextMapPropagatorModel;
import io.opentelemetry.sdk.autoconfigure.declarativeconfig.model.TextMapPropagatorPropertyModel;
import io.opentelemetry.sdk.autoconfigure.declarativeconfig.model.TraceContextPropagatorModel;
import io.opentelemetry.sdk.autoconfigure.declarativeconfig.model.TracerProviderModel;
import io.opentelemetry.sdk.autoconfigure.declarativeconfig.model.internal.ExperimentalHostResourceDetectorModel;
import io.opentelemetry.sdk.autoconfigure.declarativeconfig.model.internal.ExperimentalResourceDetectionModel;
import io.opentelemetry.sdk.autoconfigure.declarativeconfig.model.internal.ExperimentalResourceDetectorModel;
import io.opentelemetry.sdk.autoconfigure.declarativeconfig.model.internal.ExperimentalResourceDetectorPropertyModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against the SDK 1.65 model we compile with; SDK 1.67's names are pinned in ModelAccessTest. */
class ModelDefaultsTest {

  private final List<String> warnings = new ArrayList<>();

  @BeforeEach
  @AfterEach
  void forgetHandoff() {
    SamplerHandoff.reset();
  }

  @Test
  void fileSilentOnIdsGetsXRayIds() {
    OpenTelemetryConfigurationModel model = apply(withTracing());

    assertThat(model.getTracerProvider().getIdGenerator().getAdditionalProperties())
        .containsOnlyKeys("xray");
  }

  @Test
  void fileNamingAnIdGeneratorKeepsIt() {
    OpenTelemetryConfigurationModel file = withTracing();
    file.getTracerProvider()
        .withIdGenerator(new IdGeneratorModel().withRandom(new RandomIdGeneratorModel()));

    OpenTelemetryConfigurationModel model = apply(file);

    assertThat(model.getTracerProvider().getIdGenerator().getRandom()).isNotNull();
    assertThat(model.getTracerProvider().getIdGenerator().getAdditionalProperties()).isEmpty();
  }

  @Test
  void fileSilentOnSamplingGetsTheXRaySamplerAndItsBindingProcessorFirst() {
    OpenTelemetryConfigurationModel model = apply(withTracing());

    assertThat(model.getTracerProvider().getSampler().getAdditionalProperties())
        .containsOnlyKeys("xray");
    assertThat(processorNames(model)).containsExactly("otelxray_sampler_binding", "batch");
  }

  @Test
  void fileNamingAnotherSamplerKeepsItAndGetsNoBindingProcessor() {
    OpenTelemetryConfigurationModel file = withTracing();
    SamplerModel ratio =
        new SamplerModel()
            .withTraceIdRatioBased(
                new io.opentelemetry.sdk.autoconfigure.declarativeconfig.model
                        .TraceIdRatioBasedSamplerModel()
                    .withRatio(0.5));
    file.getTracerProvider().withSampler(ratio);

    OpenTelemetryConfigurationModel model = apply(file);

    assertThat(model.getTracerProvider().getSampler()).isSameAs(ratio);
    assertThat(ratio.getAdditionalProperties()).isEmpty();
    assertThat(processorNames(model)).containsExactly("batch");
  }

  @Test
  void xraySamplerUnderParentBasedGetsTheBindingProcessor() {
    OpenTelemetryConfigurationModel file = withTracing();
    SamplerModel xray =
        new SamplerModel().withAdditionalProperty("xray", new SamplerPropertyModel());
    file.getTracerProvider()
        .withSampler(
            new SamplerModel()
                .withParentBased(
                    new ParentBasedSamplerModel()
                        .withRoot(xray)
                        .withRemoteParentNotSampled(
                            new SamplerModel().withAlwaysOn(new AlwaysOnSamplerModel()))));

    OpenTelemetryConfigurationModel model = apply(file);

    assertThat(model.getTracerProvider().getSampler().getParentBased().getRoot()).isSameAs(xray);
    assertThat(processorNames(model)).containsExactly("otelxray_sampler_binding", "batch");
    assertThat(SamplerHandoff.bindingProcessorComes()).isTrue();
  }

  @Test
  void parentBasedWithOnlyAnXRayRootBecomesXRayAloneWhichHonoursDeferredParents() {
    OpenTelemetryConfigurationModel file = withTracing();
    SamplerPropertyModel endpoint = new SamplerPropertyModel();
    SamplerModel xray = new SamplerModel().withAdditionalProperty("xray", endpoint);
    file.getTracerProvider()
        .withSampler(
            new SamplerModel().withParentBased(new ParentBasedSamplerModel().withRoot(xray)));

    OpenTelemetryConfigurationModel model = apply(file);

    assertThat(model.getTracerProvider().getSampler()).isSameAs(xray);
    assertThat(xray.getAdditionalProperties().get("xray")).isSameAs(endpoint);
    assertThat(processorNames(model)).containsExactly("otelxray_sampler_binding", "batch");
  }

  @Test
  void parentBasedWithAnotherRootIsKept() {
    OpenTelemetryConfigurationModel file = withTracing();
    SamplerModel parentBased =
        new SamplerModel()
            .withParentBased(
                new ParentBasedSamplerModel()
                    .withRoot(new SamplerModel().withAlwaysOn(new AlwaysOnSamplerModel())));
    file.getTracerProvider().withSampler(parentBased);

    OpenTelemetryConfigurationModel model = apply(file);

    assertThat(model.getTracerProvider().getSampler()).isSameAs(parentBased);
    assertThat(processorNames(model)).containsExactly("batch");
    assertThat(SamplerHandoff.bindingProcessorComes()).isFalse();
  }

  @Test
  void fileSilentOnPropagatorsGetsTraceContextBaggageAndOurs() {
    OpenTelemetryConfigurationModel model = apply(withTracing());

    assertThat(model.getPropagator().getCompositeList())
        .isEqualTo("tracecontext,baggage,otelxray_xray");
  }

  @Test
  void inLambdaTheDefaultPropagatorIsOurLambdaOne() {
    Map<String, String> env = new HashMap<>();
    env.put("AWS_LAMBDA_FUNCTION_NAME", "orders");

    OpenTelemetryConfigurationModel model =
        new ModelDefaults(env, key -> null, () -> false, warnings::add).apply(withTracing());

    assertThat(model.getPropagator().getCompositeList())
        .isEqualTo("tracecontext,baggage,otelxray_xray_lambda");
  }

  @Test
  void inLambdaAFileSilentOnSamplingKeepsTheSdkParentBasedDefault() {
    Map<String, String> env = new HashMap<>();
    env.put("AWS_LAMBDA_FUNCTION_NAME", "orders");

    OpenTelemetryConfigurationModel model =
        new ModelDefaults(env, key -> null, () -> false, warnings::add).apply(withTracing());

    assertThat(model.getTracerProvider().getSampler()).isNull();
    assertThat(model.getTracerProvider().getProcessors()).hasSize(1);
  }

  @Test
  void inLambdaTheFunctionNameBecomesServiceName() {
    Map<String, String> env = new HashMap<>();
    env.put("AWS_LAMBDA_FUNCTION_NAME", "orders-fn");

    OpenTelemetryConfigurationModel model =
        new ModelDefaults(env, key -> null, () -> false, warnings::add).apply(withTracing());

    assertThat(model.getResource().getAttributes())
        .extracting(a -> a.getName(), a -> a.getValue())
        .containsExactly(org.assertj.core.groups.Tuple.tuple("service.name", "orders-fn"));
  }

  @Test
  void fileNamingXRayInCompositeGetsOurPropagatorsInItsOrder() {
    OpenTelemetryConfigurationModel file = withTracing();
    file.withPropagator(
        new PropagatorModel()
            .withComposite(
                Arrays.asList(
                    named("xray-lambda"),
                    new TextMapPropagatorModel()
                        .withTracecontext(new TraceContextPropagatorModel()),
                    named("xray"))));

    OpenTelemetryConfigurationModel model = apply(file);

    List<TextMapPropagatorModel> composite = model.getPropagator().getComposite();
    assertThat(composite.get(0).getAdditionalProperties()).containsOnlyKeys("otelxray_xray_lambda");
    assertThat(composite.get(1).getTracecontext()).isNotNull();
    assertThat(composite.get(2).getAdditionalProperties()).containsOnlyKeys("otelxray_xray");
    assertThat(model.getPropagator().getCompositeList()).isNull();
  }

  @Test
  void fileNamingXRayInCompositeListGetsOursAndKeepsTheRestAsWritten() {
    OpenTelemetryConfigurationModel file = withTracing();
    file.withPropagator(new PropagatorModel().withCompositeList("b3multi, xray ,baggage"));

    OpenTelemetryConfigurationModel model = apply(file);

    assertThat(model.getPropagator().getCompositeList()).isEqualTo("b3multi,otelxray_xray,baggage");
  }

  @Test
  void fileNamingOtherPropagatorsKeepsThemExactly() {
    OpenTelemetryConfigurationModel file = withTracing();
    PropagatorModel propagator =
        new PropagatorModel()
            .withComposite(
                Arrays.asList(
                    new TextMapPropagatorModel()
                        .withTracecontext(new TraceContextPropagatorModel())));
    file.withPropagator(propagator);

    OpenTelemetryConfigurationModel model = apply(file);

    assertThat(model.getPropagator()).isSameAs(propagator);
    assertThat(propagator.getComposite()).hasSize(1);
    assertThat(propagator.getCompositeList()).isNull();
  }

  @Test
  void fileWithoutTracingIsLeftAlone() {
    OpenTelemetryConfigurationModel file = new OpenTelemetryConfigurationModel();

    OpenTelemetryConfigurationModel model = apply(file);

    assertThat(model.getTracerProvider()).isNull();
    assertThat(model.getPropagator()).isNull();
  }

  @Test
  void xraySdkTracingNameBecomesServiceNameOnlyWhenTheFileHasNone() {
    Map<String, String> env = new HashMap<>();
    env.put("AWS_XRAY_TRACING_NAME", "legacy-orders");
    ModelDefaults defaults = new ModelDefaults(env, key -> null, () -> false, warnings::add);

    OpenTelemetryConfigurationModel silent = defaults.apply(withTracing());
    OpenTelemetryConfigurationModel named = withTracing();
    named.withResource(
        new ResourceModel()
            .withAttributes(
                new ArrayList<>(
                    Arrays.asList(
                        new AttributeNameValueModel()
                            .withName("service.name")
                            .withValue("orders")))));
    defaults.apply(named);

    assertThat(silent.getResource().getAttributes())
        .extracting(AttributeNameValueModel::getName, AttributeNameValueModel::getValue)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("service.name", "legacy-orders"));
    assertThat(named.getResource().getAttributes())
        .extracting(AttributeNameValueModel::getValue)
        .containsExactly("orders");
  }

  @Test
  void onAnEvidentAwsPlatformAFileListingNoDetectorsGetsOurs() {
    OpenTelemetryConfigurationModel file = withTracing();
    file.withResource(
        new ResourceModel()
            .withDetectionDevelopment(
                new ExperimentalResourceDetectionModel()
                    .withAttributes(
                        new IncludeExcludeModel().withIncluded(Arrays.asList("cloud.*")))));

    OpenTelemetryConfigurationModel silent = onAws().apply(withTracing());
    OpenTelemetryConfigurationModel filtered = onAws().apply(file);

    assertThat(detectorNames(silent)).containsExactly("otelxray_aws");
    assertThat(detectorNames(filtered)).containsExactly("otelxray_aws");
    assertThat(filtered.getResource().getDetectionDevelopment().getAttributes().getIncluded())
        .containsExactly("cloud.*");
    assertThat(warnings).isEmpty();
  }

  @Test
  void aFileListingDetectorsKeepsExactlyThoseEvenOnAws() {
    OpenTelemetryConfigurationModel aws = withDetectors(detector("aws"));
    OpenTelemetryConfigurationModel host =
        withDetectors(
            new ExperimentalResourceDetectorModel()
                .withHost(new ExperimentalHostResourceDetectorModel()));

    assertThat(detectorNames(onAws().apply(aws))).containsExactly("aws");
    assertThat(onAws().apply(host).getResource().getDetectionDevelopment().getDetectors())
        .singleElement()
        .satisfies(d -> assertThat(d.getHost()).isNotNull());
  }

  @Test
  void theAgentsOwnDetectorIsNotTheFilesChoiceAndStays() {
    OpenTelemetryConfigurationModel file =
        withDetectors(detector("opentelemetry_javaagent_distribution"));

    assertThat(detectorNames(onAws().apply(file)))
        .containsExactly("opentelemetry_javaagent_distribution", "otelxray_aws");
  }

  @Test
  void offAwsTheResourceIsLeftAsWritten() {
    OpenTelemetryConfigurationModel model = apply(withTracing());

    assertThat(model.getResource()).isNull();
  }

  @Test
  void anUnexpectedModelGivesOneWarningAndTheFileAsItIs() {
    OpenTelemetryConfigurationModel broken =
        new OpenTelemetryConfigurationModel() {
          @Override
          public TracerProviderModel getTracerProvider() {
            throw new IllegalStateException("model of another SDK");
          }
        };

    assertThat(apply(broken)).isSameAs(broken);
    assertThat(warnings).singleElement().asString().contains("model of another SDK");
  }

  private static OpenTelemetryConfigurationModel withDetectors(
      ExperimentalResourceDetectorModel... detectors) {
    OpenTelemetryConfigurationModel file = withTracing();
    file.withResource(
        new ResourceModel()
            .withDetectionDevelopment(
                new ExperimentalResourceDetectionModel()
                    .withDetectors(new ArrayList<>(Arrays.asList(detectors)))));
    return file;
  }

  private static ExperimentalResourceDetectorModel detector(String name) {
    return new ExperimentalResourceDetectorModel()
        .withAdditionalProperty(name, new ExperimentalResourceDetectorPropertyModel());
  }

  private ModelDefaults onAws() {
    return new ModelDefaults(new HashMap<>(), key -> null, () -> true, warnings::add);
  }

  private static List<String> detectorNames(OpenTelemetryConfigurationModel model) {
    List<String> names = new ArrayList<>();
    for (ExperimentalResourceDetectorModel detector :
        model.getResource().getDetectionDevelopment().getDetectors()) {
      names.addAll(detector.getAdditionalProperties().keySet());
    }
    return names;
  }

  private OpenTelemetryConfigurationModel apply(OpenTelemetryConfigurationModel model) {
    return new ModelDefaults(new HashMap<>(), key -> null, () -> false, warnings::add).apply(model);
  }

  private static OpenTelemetryConfigurationModel withTracing() {
    List<SpanProcessorModel> processors = new ArrayList<>();
    processors.add(new SpanProcessorModel().withBatch(new BatchSpanProcessorModel()));
    return new OpenTelemetryConfigurationModel()
        .withFileFormat("1.2")
        .withTracerProvider(new TracerProviderModel().withProcessors(processors));
  }

  private static TextMapPropagatorModel named(String name) {
    return new TextMapPropagatorModel()
        .withAdditionalProperty(name, new TextMapPropagatorPropertyModel());
  }

  private static List<String> processorNames(OpenTelemetryConfigurationModel model) {
    return model.getTracerProvider().getProcessors().stream()
        .map(
            p ->
                p.getBatch() != null
                    ? "batch"
                    : String.join(",", p.getAdditionalProperties().keySet()))
        .collect(Collectors.toList());
  }
}
