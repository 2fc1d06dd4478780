/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.declarative;

import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.lang.reflect.Method;

/**
 * A fresh copy of an exporter the configuration file made, for our wrapper to delegate to.
 *
 * <p>Why a copy: when an exporter customizer returns an instance other than the one it was given,
 * the SDK's declarative configuration closes the one it gave ({@code
 * DeclarativeConfigurationBuilder.Customizer.maybeCustomize}, SDK 1.67: "customized != exporter &&
 * exporter instanceof Closeable"), and every {@code SpanExporter} is {@code Closeable}. A wrapper
 * around the given exporter would send every span to a shut-down exporter. The OTLP exporters (and
 * others of the SDK) have {@code toBuilder()}, which copies every setting the file gave them; the
 * copy is ours to wrap, and the original may be closed.
 */
final class ExporterRebuild {

  private ExporterRebuild() {}

  /** A new exporter configured as {@code exporter}, or {@code null} when it cannot be copied. */
  static SpanExporter copyOf(SpanExporter exporter) {
    try {
      Method toBuilder = exporter.getClass().getMethod("toBuilder");
      Object builder = toBuilder.invoke(exporter);
      if (builder == null) {
        return null;
      }
      Method build = builder.getClass().getMethod("build");
      Object copy = build.invoke(builder);
      return copy instanceof SpanExporter && copy != exporter ? (SpanExporter) copy : null;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return null;
    }
  }
}
