/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.declarative;

import com.google.auto.service.AutoService;
import io.github.otelxray.export.SignedExport;
import io.github.otelxray.export.XRaySpanExporter;
import io.github.otelxray.logging.LogText;
import io.github.otelxray.resources.AwsPlatformResources;
import io.opentelemetry.sdk.autoconfigure.declarativeconfig.DeclarativeConfigurationCustomizer;
import io.opentelemetry.sdk.autoconfigure.declarativeconfig.DeclarativeConfigurationCustomizerProvider;
import io.opentelemetry.sdk.autoconfigure.declarativeconfig.model.OpenTelemetryConfigurationModel;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.lang.reflect.Type;
import java.util.Collections;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * The entry point with a configuration file ({@code otel.config.file}), where the agent runs none
 * of {@code XRayExtension}'s hooks: it wires the model customizer ({@link ModelDefaults}) and the
 * exporter wrapper, and holds no state beyond this one run.
 *
 * <p>Our settings ({@code instrumentation/development: java: aws_xray:}) are read from the model
 * when it is customized, before any component exists, and handed on through {@link SamplerHandoff}.
 */
@AutoService(DeclarativeConfigurationCustomizerProvider.class)
public final class XRayDeclarativeConfiguration
    implements DeclarativeConfigurationCustomizerProvider {

  private static final Logger LOGGER =
      Logger.getLogger(XRayDeclarativeConfiguration.class.getName());

  /** The configuration model this extension is compiled against (SDK 1.65 to 1.67). */
  private static final String MODEL =
      "io.opentelemetry.sdk.autoconfigure.declarativeconfig.model.OpenTelemetryConfigurationModel";

  @Override
  public void customize(DeclarativeConfigurationCustomizer customizer) {
    try {
      if (knowsModel(DeclarativeConfigurationCustomizer.class)) {
        addModelCustomizer(customizer);
      } else {
        // Some agents (2.28.1) call this provider with a model of another package; a customizer
        // typed for ours fails inside the agent's start-up and stops the agent.
        LOGGER.warning(
            "X-Ray declarative configuration: this agent's configuration model is one the"
                + " extension does not know (use agent 2.30 or newer for X-Ray defaults with a"
                + " file); the file is used as written: name the components (sampler xray,"
                + " propagators otelxray_xray) yourself.");
      }
    } catch (RuntimeException | LinkageError e) {
      LOGGER.warning(
          "X-Ray declarative configuration: could not customize the configuration file ("
              + LogText.escape(String.valueOf(e))
              + "); the file is used as written.");
    }
    addExporterCustomizer(customizer);
  }

  /** Whether the agent's customizer takes the model class this extension was compiled against. */
  static boolean knowsModel(Class<?> customizerType) {
    try {
      Type parameter =
          customizerType.getMethod("addModelCustomizer", Function.class)
              .getGenericParameterTypes()[0];
      return parameter.getTypeName().contains(MODEL + ",");
    } catch (NoSuchMethodException | RuntimeException e) {
      return false;
    }
  }

  private static void addModelCustomizer(DeclarativeConfigurationCustomizer customizer) {
    ModelDefaults defaults =
        new ModelDefaults(
            System.getenv(),
            System::getProperty,
            () -> AwsPlatformResources.forThisProcess(LOGGER::warning).anyEvident(),
            LOGGER::warning);
    ModelAccess access = new ModelAccess(LOGGER::warning);
    customizer.addModelCustomizer(
        model -> {
          SamplerHandoff.settings(FileSettings.from(settingsOf(model, access), LOGGER::warning));
          return defaults.apply(model);
        });
  }

  private static void addExporterCustomizer(DeclarativeConfigurationCustomizer customizer) {
    try {
      customizer.addSpanExporterCustomizer(SpanExporter.class, exporterWrapper());
    } catch (LinkageError e) {
      LOGGER.warning(
          "X-Ray declarative configuration: this agent's SDK cannot customize exporters ("
              + LogText.escape(String.valueOf(e))
              + "); spans leave without redaction and annotation mapping.");
    }
  }

  private static BiFunction<
          SpanExporter,
          io.opentelemetry.api.incubator.config.DeclarativeConfigProperties,
          SpanExporter>
      exporterWrapper() {
    BiFunction<SpanExporter, ConfigProperties, SpanExporter> wrapper =
        XRaySpanExporter.customizer();
    return (exporter, properties) -> {
      // X-Ray's own endpoint: the signed exporter takes the file exporter's place (the SDK then
      // shuts that one down), as the same settings given as properties do.
      SpanExporter signed =
          SignedExport.signedReplacement(
              exporter,
              FileExporterSettings.of(properties, SamplerHandoff.settings(), LOGGER::warning));
      SpanExporter copy = signed != null ? signed : ExporterRebuild.copyOf(exporter);
      if (copy == null) {
        LOGGER.warning(
            "X-Ray export: the exporter "
                + exporter
                + " of the configuration file cannot be copied, and the SDK would shut it down if"
                + " it were wrapped; its spans leave without redaction and annotation mapping.");
        return exporter;
      }
      SpanExporter wrapped = wrapper.apply(copy, SamplerHandoff.settings());
      SamplerHandoff.exportCapturedThrough(wrapped);
      return wrapped;
    };
  }

  /** The {@code aws_xray} node of the model, whichever way this SDK keeps it. */
  static Map<String, Object> settingsOf(OpenTelemetryConfigurationModel model, ModelAccess access) {
    if (model == null) {
      return Collections.emptyMap();
    }
    // SDK 1.65: a typed getter; SDK 1.67: an extension property of the root.
    Object instrumentation = access.optionalGet(model, "getInstrumentationDevelopment");
    if (instrumentation == null) {
      instrumentation = access.extensions(model).get("instrumentation/development");
    }
    Object java = access.child(instrumentation, "java", "getJava");
    Object ours = access.child(java, ComponentNames.SETTINGS, null);
    return access.asMap(ours);
  }
}
