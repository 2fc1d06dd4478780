/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.instrumentation;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import org.junit.jupiter.api.Test;

class XRayLogTraceIdTest {

  private static final String TRACE_ID = "5759e988bd862e3fe1be46a994272793";
  private static final String SPAN_ID = "53995c3f42cd8ad8";

  @Test
  void splitsTheTraceIdAfterTheEpochAndAppendsTheSpanId() {
    assertThat(XRayLogTraceId.format(TRACE_ID, SPAN_ID))
        .isEqualTo("1-5759e988-bd862e3fe1be46a994272793@53995c3f42cd8ad8");
  }

  @Test
  void refusesIdsOfTheWrongLength() {
    assertThat(XRayLogTraceId.format(TRACE_ID.substring(1), SPAN_ID)).isNull();
    assertThat(XRayLogTraceId.format(TRACE_ID, SPAN_ID + "0")).isNull();
    assertThat(XRayLogTraceId.format(null, SPAN_ID)).isNull();
    assertThat(XRayLogTraceId.format(TRACE_ID, null)).isNull();
  }

  @Test
  void readsTheCurrentSpan() {
    SpanContext context =
        SpanContext.create(TRACE_ID, SPAN_ID, TraceFlags.getSampled(), TraceState.getDefault());
    try (Scope ignored = Span.wrap(context).makeCurrent()) {
      assertThat(XRayLogTraceId.current())
          .isEqualTo("1-5759e988-bd862e3fe1be46a994272793@53995c3f42cd8ad8");
    }
    assertThat(XRayLogTraceId.current()).isNull();
  }

  @Test
  void printsUnsampledSpansAsTheAgentPrintsTheirTraceId() {
    SpanContext unsampled =
        SpanContext.create(TRACE_ID, SPAN_ID, TraceFlags.getDefault(), TraceState.getDefault());
    assertThat(XRayLogTraceId.of(unsampled))
        .isEqualTo("1-5759e988-bd862e3fe1be46a994272793@53995c3f42cd8ad8");
  }

  @Test
  void isAbsentWithoutAValidSpan() {
    assertThat(XRayLogTraceId.current()).isNull();
    assertThat(XRayLogTraceId.of(SpanContext.getInvalid())).isNull();
    assertThat(XRayLogTraceId.of(null)).isNull();
  }
}
