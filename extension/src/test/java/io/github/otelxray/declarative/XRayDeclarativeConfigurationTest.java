/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.declarative;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelxray.testing.LogCapture;
import io.opentelemetry.api.incubator.config.DeclarativeConfigProperties;
import io.opentelemetry.sdk.autoconfigure.declarativeconfig.DeclarativeConfigurationCustomizer;
import io.opentelemetry.sdk.autoconfigure.declarativeconfig.model.OpenTelemetryConfigurationModel;
import io.opentelemetry.sdk.autoconfigure.declarativeconfig.model.TracerProviderModel;
import io.opentelemetry.sdk.autoconfigure.declarativeconfig.model.internal.ExperimentalInstrumentationModel;
import io.opentelemetry.sdk.autoconfigure.declarativeconfig.model.internal.ExperimentalLanguageSpecificInstrumentationModel;
import io.opentelemetry.sdk.autoconfigure.declarativeconfig.model.internal.ExperimentalLanguageSpecificInstrumentationPropertyModel;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Arrays;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class XRayDeclarativeConfigurationTest {

  @RegisterExtension final LogCapture logs = new LogCapture();

  private final Captured captured = new Captured();

  @BeforeEach
  @AfterEach
  void forgetSettings() {
    SamplerHandoff.reset();
  }

  @Test
  void knowsTheModelOfTheSdkItIsCompiledAgainst() {
    assertThat(XRayDeclarativeConfiguration.knowsModel(DeclarativeConfigurationCustomizer.class))
        .isTrue();
  }

  @Test
  void doesNotTakeAModelOfAnotherPackageForItsOwn() {
    // Agent 2.28.1's customizer takes io.opentelemetry.sdk.declarativeconfig.internal.model's
    // model: a customizer typed for ours made that agent fail to start.
    assertThat(XRayDeclarativeConfiguration.knowsModel(OtherModelCustomizer.class)).isFalse();
    assertThat(XRayDeclarativeConfiguration.knowsModel(Object.class)).isFalse();
  }

  /** The shape of a customizer whose model lives in another package. */
  interface OtherModelCustomizer {
    void addModelCustomizer(Function<StringBuilder, StringBuilder> customizer);
  }

  @Test
  void readsOurSettingsFromTheModelAndAppliesTheDefaults() {
    new XRayDeclarativeConfiguration().customize(captured);
    OpenTelemetryConfigurationModel model =
        new OpenTelemetryConfigurationModel()
            .withTracerProvider(new TracerProviderModel())
            .withInstrumentationDevelopment(
                new ExperimentalInstrumentationModel()
                    .withJava(
                        new ExperimentalLanguageSpecificInstrumentationModel()
                            .withAdditionalProperty(
                                "aws_xray",
                                new ExperimentalLanguageSpecificInstrumentationPropertyModel()
                                    .withAdditionalProperty(
                                        "annotations", Arrays.asList("order_id", "app.*")))));

    captured.model.apply(model);

    assertThat(SamplerHandoff.settings().getString("otel.aws.xray.annotations"))
        .isEqualTo("order_id,app.*");
    assertThat(model.getTracerProvider().getSampler().getAdditionalProperties())
        .containsOnlyKeys("xray");
  }

  @Test
  void wrapsACopyOfEveryExporterTheFileMade() {
    new XRayDeclarativeConfiguration().customize(captured);
    ExporterRebuildTest.BuildableExporter original =
        new ExporterRebuildTest.BuildableExporter("http://127.0.0.1:4318/v1/traces");

    SpanExporter customized = captured.spanExporters.apply(original, null);

    assertThat(customized.toString())
        .startsWith("XRaySpanExporter{")
        .contains("redaction=headers[");
    assertThat(customized).isNotSameAs(original);
  }

  @Test
  void leavesAnExporterItCannotCopyAsItIsWithOneWarning() {
    new XRayDeclarativeConfiguration().customize(captured);
    InMemorySpanExporter exporter = InMemorySpanExporter.create();

    assertThat(captured.spanExporters.apply(exporter, null)).isSameAs(exporter);
    assertThat(logs.messages(Level.WARNING))
        .singleElement()
        .asString()
        .contains("cannot be copied")
        .contains("without redaction");
  }

  /** What the SDK would be handed. */
  private static final class Captured implements DeclarativeConfigurationCustomizer {
    Function<OpenTelemetryConfigurationModel, OpenTelemetryConfigurationModel> model;
    BiFunction<SpanExporter, DeclarativeConfigProperties, SpanExporter> spanExporters;

    @Override
    public void addModelCustomizer(
        Function<OpenTelemetryConfigurationModel, OpenTelemetryConfigurationModel> customizer) {
      model = customizer;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends SpanExporter> void addSpanExporterCustomizer(
        Class<T> exporterType, BiFunction<T, DeclarativeConfigProperties, T> customizer) {
      assertThat(exporterType).isEqualTo(SpanExporter.class);
      spanExporters =
          (BiFunction<SpanExporter, DeclarativeConfigProperties, SpanExporter>) customizer;
    }

    @Override
    public <T extends MetricExporter> void addMetricExporterCustomizer(
        Class<T> exporterType, BiFunction<T, DeclarativeConfigProperties, T> customizer) {}

    @Override
    public <T extends LogRecordExporter> void addLogRecordExporterCustomizer(
        Class<T> exporterType, BiFunction<T, DeclarativeConfigProperties, T> customizer) {}
  }
}
