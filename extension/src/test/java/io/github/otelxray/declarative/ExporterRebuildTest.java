/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.declarative;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import org.junit.jupiter.api.Test;

class ExporterRebuildTest {

  @Test
  void copiesAnExporterThroughItsBuilderKeepingItsSettings() {
    BuildableExporter original = new BuildableExporter("http://127.0.0.1:4318/v1/traces");

    SpanExporter copy = ExporterRebuild.copyOf(original);

    assertThat(copy).isInstanceOf(BuildableExporter.class).isNotSameAs(original);
    assertThat(((BuildableExporter) copy).endpoint).isEqualTo(original.endpoint);
  }

  @Test
  void anExporterWithoutBuilderCannotBeCopied() {
    assertThat(ExporterRebuild.copyOf(InMemorySpanExporter.create())).isNull();
  }

  /** Shaped as the SDK's OTLP exporters: {@code toBuilder()}, then {@code build()}. */
  public static final class BuildableExporter implements SpanExporter {
    final String endpoint;

    BuildableExporter(String endpoint) {
      this.endpoint = endpoint;
    }

    public Builder toBuilder() {
      return new Builder(endpoint);
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }

  /** The builder of {@link BuildableExporter}. */
  public static final class Builder {
    private final String endpoint;

    Builder(String endpoint) {
      this.endpoint = endpoint;
    }

    public BuildableExporter build() {
      return new BuildableExporter(endpoint);
    }
  }
}
