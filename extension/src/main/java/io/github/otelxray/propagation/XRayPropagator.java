/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.propagation;

import io.github.otelxray.sampling.DeferredParent;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.opentelemetry.contrib.awsxray.propagator.AwsXrayPropagator;
import java.util.Collections;
import java.util.List;

/**
 * The {@code xray} propagator: {@code X-Amzn-Trace-Id} in and out.
 *
 * <p>Injection is contrib's {@link AwsXrayPropagator}, with one change: contrib also writes a W3C
 * {@code baggage} header holding every baggage entry, although its {@code fields()} names only
 * {@code X-Amzn-Trace-Id} (opentelemetry-java-contrib#3036: unexpected, oversized {@code baggage}
 * headers sent to AWS services). Only the X-Ray header is passed on here; users who want baggage
 * have the {@code baggage} propagator, which is in our default list.
 *
 * <p>Extraction is {@link TraceHeader}: contrib's parser discards headers that AWS itself sends
 * (see there). Extraction never throws: a header it cannot use leaves the context as it was.
 */
public final class XRayPropagator implements TextMapPropagator {

  static final String TRACE_HEADER = "X-Amzn-Trace-Id";
  private static final String LINEAGE = "Lineage";
  private static final List<String> FIELDS = Collections.singletonList(TRACE_HEADER);
  private static final XRayPropagator INSTANCE = new XRayPropagator();

  private final TextMapPropagator injector = AwsXrayPropagator.getInstance();

  private XRayPropagator() {}

  public static XRayPropagator getInstance() {
    return INSTANCE;
  }

  @Override
  public List<String> fields() {
    return FIELDS;
  }

  @Override
  public <C> void inject(Context context, C carrier, TextMapSetter<C> setter) {
    if (context == null || setter == null) {
      return;
    }
    injector.inject(withoutForgedLineage(context), carrier, new TraceHeaderOnly<>(setter));
  }

  /**
   * contrib's writer appends baggage {@code Lineage} to the header unchecked. Baggage can come from
   * any client ({@code baggage: Lineage=1:e65a2c4d:1%3BSampled%3D1} decodes to a value holding
   * {@code ;Sampled=1}), and every parser lets the last duplicate key win, so an unchecked value
   * could flip the sampling decision or the trace id downstream. Only a well-formed lineage goes
   * out.
   */
  private static Context withoutForgedLineage(Context context) {
    Baggage baggage = Baggage.fromContext(context);
    String lineage = baggage.getEntryValue(LINEAGE);
    if (lineage == null || Lineage.isValid(lineage)) {
      return context;
    }
    return context.with(baggage.toBuilder().remove(LINEAGE).build());
  }

  @Override
  public <C> Context extract(Context context, C carrier, TextMapGetter<C> getter) {
    if (context == null) {
      return Context.root();
    }
    if (getter == null) {
      return context;
    }
    TraceHeader header;
    try {
      header = TraceHeader.parse(getter.get(carrier, TRACE_HEADER));
    } catch (RuntimeException e) {
      // A getter of some instrumented framework failed; tracing must not fail the request.
      return context;
    }
    if (header == null) {
      return context;
    }
    return contextOf(context, header);
  }

  static Context contextOf(Context context, TraceHeader header) {
    String parentId = header.parentId();
    if (parentId == null) {
      parentId = syntheticParentId(header.traceId());
    }
    SpanContext parent =
        SpanContext.createFromRemoteParent(
            header.traceId(),
            parentId,
            header.decision() == TraceHeader.Decision.SAMPLED
                ? TraceFlags.getSampled()
                : TraceFlags.getDefault(),
            traceStateOf(context, header.traceId()));
    Context result = context.with(Span.wrap(parent));
    if (header.decision() == TraceHeader.Decision.DEFERRED) {
      result = DeferredParent.mark(result, parent);
    }
    String lineage = header.lineage();
    if (lineage != null && Lineage.isValid(lineage)) {
      result = result.with(Baggage.fromContext(result).toBuilder().put(LINEAGE, lineage).build());
    }
    return result;
  }

  /**
   * A root-only header (ALB, API Gateway) names no caller span, but OpenTelemetry can only join a
   * trace through a parent span id. We derive one from the trace id: stable for the request, never
   * zero, and carried by no segment, so X-Ray has no caller segment to attach us to, which is the
   * truth.
   */
  static String syntheticParentId(String traceId) {
    String low = traceId.substring(16);
    return isZero(low) ? traceId.substring(0, 16) : low;
  }

  private static boolean isZero(String hex) {
    for (int i = 0; i < hex.length(); i++) {
      if (hex.charAt(i) != '0') {
        return false;
      }
    }
    return true;
  }

  /** Keeps a {@code tracestate} that an earlier propagator extracted for the same trace. */
  private static TraceState traceStateOf(Context context, String traceId) {
    SpanContext existing = Span.fromContext(context).getSpanContext();
    return existing.isValid() && existing.getTraceId().equals(traceId)
        ? existing.getTraceState()
        : TraceState.getDefault();
  }

  @Override
  public String toString() {
    return "XRayPropagator";
  }

  /** Passes on the X-Ray header and nothing else. */
  private static final class TraceHeaderOnly<C> implements TextMapSetter<C> {
    private final TextMapSetter<C> delegate;

    TraceHeaderOnly(TextMapSetter<C> delegate) {
      this.delegate = delegate;
    }

    @Override
    public void set(C carrier, String key, String value) {
      if (TRACE_HEADER.equals(key)) {
        delegate.set(carrier, key, value);
      }
    }
  }
}
