/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.instrumentation;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;

/**
 * The value of the {@code AWS-XRAY-TRACE-ID} log context key, as the X-Ray SDK printed it: the
 * trace id split after its 8 hex epoch digits, {@code @}, the span id. Trace {@code
 * 5759e988bd862e3fe1be46a994272793}, span {@code 53995c3f42cd8ad8} reads {@code
 * 1-5759e988-bd862e3fe1be46a994272793@53995c3f42cd8ad8}.
 *
 * <p>A helper class: the agent injects it into the class loader of the logging library, next to the
 * classes whose advice calls it. It may therefore name only the JDK and the OpenTelemetry API
 * (which the agent remaps to its own copy on the bootstrap path), never a logging library type.
 */
public final class XRayLogTraceId {

  /** The key, in Logback's MDC and in Log4j 2's context data. */
  public static final String KEY = "AWS-XRAY-TRACE-ID";

  private XRayLogTraceId() {}

  /**
   * The value for the span current on this thread, or {@code null} when there is none (or it is
   * invalid): the key is then left out, as the agent leaves out {@code trace_id}. Unsampled spans
   * have a valid context and are printed, as the agent prints their {@code trace_id}.
   */
  public static String current() {
    return of(Span.current().getSpanContext());
  }

  /** The value for {@code spanContext}, or {@code null} when it is invalid. */
  static String of(SpanContext spanContext) {
    if (spanContext == null || !spanContext.isValid()) {
      return null;
    }
    return format(spanContext.getTraceId(), spanContext.getSpanId());
  }

  /**
   * {@code 1-<8 hex>-<24 hex>@<16 hex>} from the 32-digit trace id and 16-digit span id, or {@code
   * null} when either has another length.
   */
  static String format(String traceId, String spanId) {
    if (traceId == null || traceId.length() != 32 || spanId == null || spanId.length() != 16) {
      return null;
    }
    // One buffer, no substrings: this runs for every log event inside a span.
    char[] id = new char[52];
    id[0] = '1';
    id[1] = '-';
    traceId.getChars(0, 8, id, 2);
    id[10] = '-';
    traceId.getChars(8, 32, id, 11);
    id[35] = '@';
    spanId.getChars(0, 16, id, 36);
    return new String(id);
  }
}
