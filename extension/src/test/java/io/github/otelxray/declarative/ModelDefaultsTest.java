package io.github.otelxray.declarative;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.autoconfigure.declarativeconfig.model.AttributeNameValueModel;
import io.opentelemetry.sdk.autoconfigure.declarativeconfig.model.BatchSpanProcessorModel;
import io.opentelemetry.sdk.autoconfigure.declarativeconfig.model.IdGeneratorModel;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Against the SDK 1.65 model we compile with; SDK 1.67's names are pinned in ModelAccessTest. */
class ModelDefaultsTest {

  private final List<String> warnings = new ArrayList<>();

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
            new SamplerModel().withParentBased(new ParentBasedSamplerModel().withRoot(xray)));

    OpenTelemetryConfigurationModel model = apply(file);

    assertThat(model.getTracerProvider().getSampler().getParentBased().getRoot()).isSameAs(xray);
    assertThat(processorNames(model)).containsExactly("otelxray_sampler_binding", "batch");
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
        new ModelDefaults(env, key -> null, warnings::add).apply(withTracing());

    assertThat(model.getPropagator().getCompositeList())
        .isEqualTo("tracecontext,baggage,otelxray_xray_lambda");
  }

  @Test
  void inLambdaAFileSilentOnSamplingKeepsTheSdkParentBasedDefault() {
    Map<String, String> env = new HashMap<>();
    env.put("AWS_LAMBDA_FUNCTION_NAME", "orders");

    OpenTelemetryConfigurationModel model =
        new ModelDefaults(env, key -> null, warnings::add).apply(withTracing());

    assertThat(model.getTracerProvider().getSampler()).isNull();
    assertThat(model.getTracerProvider().getProcessors()).hasSize(1);
  }

  @Test
  void inLambdaTheFunctionNameBecomesServiceName() {
    Map<String, String> env = new HashMap<>();
    env.put("AWS_LAMBDA_FUNCTION_NAME", "orders-fn");

    OpenTelemetryConfigurationModel model =
        new ModelDefaults(env, key -> null, warnings::add).apply(withTracing());

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
    ModelDefaults defaults = new ModelDefaults(env, key -> null, warnings::add);

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

  private OpenTelemetryConfigurationModel apply(OpenTelemetryConfigurationModel model) {
    return new ModelDefaults(new HashMap<>(), key -> null, warnings::add).apply(model);
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
