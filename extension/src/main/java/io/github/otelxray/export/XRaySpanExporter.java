/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.export;

import io.github.otelxray.config.ConfigKeys;
import io.github.otelxray.logging.LogText;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The exporter wrapper: redaction, then annotation mapping, then the real exporter.
 *
 * <p>It runs where the SDK calls exporters, the batch span processor's export thread, never on a
 * request thread (nothing here is an attribute hook), once per span. Patterns and lists are
 * compiled once. A span with nothing to change goes on as the same {@link SpanData} instance, and a
 * batch with nothing to change as the same collection; a changed span is wrapped, not copied. The
 * no-change path allocates only the two small visitors that walk a span's attributes, which the JIT
 * can usually keep off the heap.
 */
public final class XRaySpanExporter implements SpanExporter {

  private static final Logger LOGGER = Logger.getLogger(XRaySpanExporter.class.getName());

  private final SpanExporter delegate;
  private final Redactor redactor;
  private final AnnotationMapper annotations;
  private final String description;
  private final AtomicBoolean failureLogged = new AtomicBoolean();

  private XRaySpanExporter(
      SpanExporter delegate, Redactor redactor, AnnotationMapper annotations, String description) {
    this.delegate = delegate;
    this.redactor = redactor;
    this.annotations = annotations;
    this.description = description;
  }

  /**
   * The span exporter customizer of one autoconfiguration run: wraps every configured exporter,
   * reading the settings once, so a second exporter does not repeat their warnings.
   */
  public static BiFunction<SpanExporter, ConfigProperties, SpanExporter> customizer() {
    AtomicReference<ExportSettings> settings = new AtomicReference<>();
    return (exporter, config) ->
        wrap(
            exporter,
            settings.updateAndGet(
                known -> known != null ? known : ExportSettings.from(config, LOGGER::warning)));
  }

  /**
   * {@code delegate} behind redaction and annotation mapping. Call once per exporter, at start-up:
   * it logs one warning per configured annotation pattern that cannot work (see {@link
   * TranslatorKeys}).
   *
   * <p>Always a wrapper, even with no patterns and redaction off: the contract says an attribute
   * {@code aws.xray.annotation.<name>} always becomes annotation {@code <name>}, and which spans
   * carry one is known only at run time. Without such attributes that costs one pass over each
   * span's attributes and no copies.
   */
  static SpanExporter wrap(SpanExporter delegate, ExportSettings settings) {
    return wrap(delegate, settings, LOGGER::warning);
  }

  static SpanExporter wrap(SpanExporter delegate, ExportSettings settings, Consumer<String> warn) {
    Redactor redactor =
        new Redactor(
            settings.redactionEnabled(),
            settings.redactedHeaders(),
            settings.redactedQueryParams());
    AnnotationMapper annotations =
        AnnotationMapper.compile(settings.annotations(), redactor, ConfigKeys.ANNOTATIONS, warn);
    return new XRaySpanExporter(delegate, redactor, annotations, settings.toString());
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    List<SpanData> rewritten = null;
    int index = 0;
    for (SpanData span : spans) {
      SpanData result = rewriteSafely(span);
      if (result != span && rewritten == null) {
        rewritten = new ArrayList<>(spans.size());
        Iterator<SpanData> before = spans.iterator();
        for (int i = 0; i < index; i++) {
          rewritten.add(before.next());
        }
      }
      if (rewritten != null && result != null) {
        rewritten.add(result);
      }
      index++;
    }
    return delegate.export(rewritten != null ? rewritten : spans);
  }

  /**
   * {@link #rewrite}, and on a bug of ours {@code null}: the span is dropped rather than sent
   * unredacted. Logged once at WARNING with the cause, later ones at FINE: the app keeps serving
   * either way.
   */
  private SpanData rewriteSafely(SpanData span) {
    try {
      return rewrite(span);
    } catch (RuntimeException e) {
      Level level = failureLogged.compareAndSet(false, true) ? Level.WARNING : Level.FINE;
      LOGGER.log(
          level,
          "X-Ray export: could not redact or annotate span '"
              + LogText.escape(span.getName())
              + "'; dropped it rather than export it unredacted. Please report this.",
          e);
      return null;
    }
  }

  /** The span as it is to be exported; {@code span} itself when nothing changes. */
  SpanData rewrite(SpanData span) {
    Attributes original = span.getAttributes();
    Attributes result =
        annotations.apply(redactor.apply(original, span.getInstrumentationScopeInfo().getName()));
    return result == original ? span : new RewrittenSpanData(span, result);
  }

  @Override
  public CompletableResultCode flush() {
    return delegate.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    return delegate.shutdown();
  }

  @Override
  public String toString() {
    return "XRaySpanExporter{" + description + ", delegate=" + delegate + "}";
  }

  /** A span with other attributes; the dropped-attribute count stays what it was. */
  static final class RewrittenSpanData extends DelegatingSpanData {
    private final Attributes attributes;
    private final int totalAttributeCount;

    RewrittenSpanData(SpanData delegate, Attributes attributes) {
      super(delegate);
      this.attributes = attributes;
      int dropped = delegate.getTotalAttributeCount() - delegate.getAttributes().size();
      this.totalAttributeCount = attributes.size() + Math.max(0, dropped);
    }

    @Override
    public Attributes getAttributes() {
      return attributes;
    }

    @Override
    public int getTotalAttributeCount() {
      return totalAttributeCount;
    }
  }
}
