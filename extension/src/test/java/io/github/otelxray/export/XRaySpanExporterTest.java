/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.export;

import static io.opentelemetry.api.common.AttributeKey.stringArrayKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelxray.testing.LogCapture;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class XRaySpanExporterTest {

  @RegisterExtension final LogCapture logs = new LogCapture();

  private final InMemorySpanExporter delegate = InMemorySpanExporter.create();
  private final List<String> warnings = new ArrayList<>();

  private SpanExporter exporter(Map<String, String> properties) {
    return XRaySpanExporter.wrap(
        delegate,
        ExportSettings.from(DefaultConfigProperties.createFromMap(properties), warnings::add),
        warnings::add);
  }

  private static SpanData span(Attributes attributes, int totalAttributeCount) {
    return TestSpanData.builder()
        .setSpanContext(
            SpanContext.create(
                "5759e988bd862e3fe1be46a994272793",
                "53995c3f42cd8ad8",
                TraceFlags.getSampled(),
                TraceState.getDefault()))
        .setName("GET /orders/{id}")
        .setKind(SpanKind.SERVER)
        .setStartEpochNanos(1_000)
        .setEndEpochNanos(2_000)
        .setStatus(StatusData.unset())
        .setHasEnded(true)
        .setAttributes(attributes)
        .setTotalAttributeCount(totalAttributeCount)
        .build();
  }

  private static SpanData span(Attributes attributes) {
    return span(attributes, attributes.size());
  }

  @Test
  void exportsRedactedAndAnnotatedSpans() {
    SpanExporter exporter = exporter(Map.of("otel.aws.xray.annotations", "order_id"));
    SpanData span =
        span(
            Attributes.builder()
                .put("url.full", "https://shop.example/orders/7?token=t0k&page=2")
                .put(stringArrayKey("http.request.header.authorization"), List.of("Bearer abc"))
                .put("order_id", "o-7")
                .put("aws.xray.annotation.customer", "c-1")
                .build());

    assertThat(exporter.export(List.of(span)).isSuccess()).isTrue();

    SpanData exported = delegate.getFinishedSpanItems().get(0);
    Attributes attributes = exported.getAttributes();
    assertThat(attributes.get(stringKey("url.full")))
        .isEqualTo("https://shop.example/orders/7?token=REDACTED&page=2");
    assertThat(attributes.get(stringArrayKey("http.request.header.authorization")))
        .containsExactly("REDACTED");
    assertThat(attributes.get(stringArrayKey("aws.xray.annotations")))
        .containsExactly("customer", "order_id");
    assertThat(attributes.get(stringKey("customer"))).isEqualTo("c-1");
    assertThat(exported.getName()).isEqualTo(span.getName());
    assertThat(exported.getSpanContext()).isEqualTo(span.getSpanContext());
  }

  @Test
  void passesSpansWithNothingToChangeOnAsTheSameInstances() {
    SpanExporter exporter = exporter(Map.of("otel.aws.xray.annotations", "tenant"));
    SpanData plain = span(Attributes.builder().put("http.route", "/orders/{id}").build());
    SpanData secret = span(Attributes.builder().put("url.query", "password=x").build());

    exporter.export(List.of(plain, secret));

    List<SpanData> exported = delegate.getFinishedSpanItems();
    assertThat(exported.get(0)).isSameAs(plain);
    assertThat(exported.get(1)).isNotSameAs(secret);
    assertThat(exported.get(1).getAttributes().get(stringKey("url.query")))
        .isEqualTo("password=REDACTED");
  }

  @Test
  void redactsUrlQueryInTheFormTheSpansInstrumentationWroteIt() {
    SpanExporter exporter = exporter(Map.of());
    Attributes query = Attributes.of(stringKey("url.query"), "token=t&page=2&sort=name");
    SpanData tomcat = spanOf(query, "io.opentelemetry.tomcat-10.0");
    SpanData jdkHttpServer = spanOf(query, "io.opentelemetry.java-http-server");

    exporter.export(List.of(tomcat, jdkHttpServer));

    List<SpanData> exported = delegate.getFinishedSpanItems();
    assertThat(exported.get(0).getAttributes().get(stringKey("url.query")))
        .isEqualTo("token=REDACTED&page=2&sort=name");
    assertThat(exported.get(1).getAttributes().get(stringKey("url.query")))
        .isEqualTo("token=REDACTED");
  }

  /** A span of the instrumentation scope {@code scope}. */
  private static SpanData spanOf(Attributes attributes, String scope) {
    return new DelegatingSpanData(span(attributes)) {
      @Override
      public InstrumentationScopeInfo getInstrumentationScopeInfo() {
        return InstrumentationScopeInfo.create(scope);
      }
    };
  }

  @Test
  void handsAnUnchangedBatchOnAsTheSameCollection() {
    List<Collection<SpanData>> batches = new ArrayList<>();
    SpanExporter exporter =
        XRaySpanExporter.wrap(
            new RecordingExporter(batches), ExportSettings.defaults(), warnings::add);
    List<SpanData> batch = List.of(span(Attributes.builder().put("k", "v").build()));

    exporter.export(batch);

    assertThat(batches).singleElement().isSameAs(batch);
  }

  @Test
  void keepsTheDroppedAttributeCount() {
    SpanData span = span(Attributes.builder().put("aws.xray.annotation.tenant", "acme").build(), 5);

    SpanData rewritten = ((XRaySpanExporter) exporter(Map.of())).rewrite(span);

    // one attribute renamed, aws.xray.annotations added: 2 kept, 4 dropped as before
    assertThat(rewritten.getAttributes().size()).isEqualTo(2);
    assertThat(rewritten.getTotalAttributeCount()).isEqualTo(6);
  }

  @Test
  void redactsBeforeAnnotatingSoNoAnnotationHoldsASecret() {
    SpanExporter exporter = exporter(Map.of("otel.aws.xray.annotations", "app.*"));

    exporter.export(
        List.of(
            span(
                Attributes.builder()
                    .put("aws.xray.annotation.login_url", "https://u:pw@h/")
                    .build())));

    assertThat(delegate.getFinishedSpanItems().get(0).getAttributes().get(stringKey("login_url")))
        .isEqualTo("https://u:REDACTED@h/");
  }

  @Test
  void mapsPrefixedAttributesEvenWithRedactionOffAndNothingConfigured() {
    SpanExporter exporter = exporter(Map.of("otel.aws.xray.redact.enabled", "false"));
    SpanData span =
        span(
            Attributes.builder()
                .put("aws.xray.annotation.tenant", "acme")
                .put("url.query", "password=x")
                .build());

    exporter.export(List.of(span));

    Attributes exported = delegate.getFinishedSpanItems().get(0).getAttributes();
    assertThat(exported.get(stringKey("tenant"))).isEqualTo("acme");
    assertThat(exported.get(stringKey("url.query"))).isEqualTo("password=x");
  }

  @Test
  void warnsAtStartUpAboutConfiguredKeysTheCollectorConsumes() {
    exporter(Map.of("otel.aws.xray.annotations", "tenant,aws.region,http.*"));

    assertThat(warnings).hasSize(2);
    assertThat(warnings).allSatisfy(w -> assertThat(w).contains("indexed_attributes"));
  }

  @Test
  void dropsASpanItCannotProcessRatherThanExportItUnredacted() {
    SpanExporter exporter = exporter(Map.of());
    SpanData good = span(Attributes.builder().put("k", "v").build());
    SpanData broken =
        new DelegatingSpanData(good) {
          @Override
          public Attributes getAttributes() {
            throw new IllegalStateException("broken span");
          }
        };

    assertThat(exporter.export(List.of(good, broken, good)).isSuccess()).isTrue();
    exporter.export(List.of(broken));

    assertThat(delegate.getFinishedSpanItems()).containsExactly(good, good);
    // One warning with the cause; the next failure only at FINE.
    assertThat(logs.records())
        .extracting(LogRecord::getLevel)
        .containsExactly(Level.WARNING, Level.FINE);
    assertThat(logs.records().get(0).getMessage())
        .contains("dropped it rather than export it unredacted");
    assertThat(logs.records().get(0).getThrown()).hasMessage("broken span");
  }

  @Test
  void delegatesFlushAndShutdown() {
    SpanExporter exporter = exporter(Map.of());

    assertThat(exporter.flush().isSuccess()).isTrue();
    assertThat(exporter.shutdown().isSuccess()).isTrue();
    assertThat(exporter.export(List.of(span(Attributes.empty()))).isSuccess()).isFalse();
  }

  @Test
  void describesWhatItDoes() {
    assertThat(exporter(Map.of("otel.aws.xray.annotations", "tenant")).toString())
        .contains(
            "XRaySpanExporter", "annotations=tenant", "redaction=headers[", "InMemorySpanExporter");
  }

  /** Records the very collections it is handed. */
  private static final class RecordingExporter implements SpanExporter {
    private final List<Collection<SpanData>> batches;

    RecordingExporter(List<Collection<SpanData>> batches) {
      this.batches = batches;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      batches.add(spans);
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
}
