/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling.adaptive;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import org.junit.jupiter.api.Test;

class TraceBufferTest {

  private static final long T0 = 1_700_000_000_000L;

  private static String trace(int n) {
    return String.format("5759e988bd862e3fe1be46a9%08x", n);
  }

  private static SpanData span(String traceId, String name, String value) {
    return TestSpanData.builder()
        .setSpanContext(
            SpanContext.create(
                traceId, "53995c3f42cd8ad8", TraceFlags.getDefault(), TraceState.getDefault()))
        .setName(name)
        .setKind(SpanKind.INTERNAL)
        .setStartEpochNanos(1)
        .setEndEpochNanos(2)
        .setHasEnded(true)
        .setStatus(StatusData.unset())
        .setAttributes(Attributes.builder().put("value", value).build())
        .setTotalAttributeCount(1)
        .build();
  }

  private static boolean offer(TraceBuffer buffer, String traceId, SpanData span, long now) {
    return buffer.offer(traceId, span, SpanSize.estimate(span), now);
  }

  private static TraceBuffer buffer(int maxSpans, long maxBytes) {
    return new TraceBuffer(maxSpans, maxBytes, 3, 30_000, 2, 10_000);
  }

  @Test
  void handsBackTheSizeEachSpanWasCountedWithSoNothingIsEstimatedTwice() {
    TraceBuffer buffer = buffer(100, 1 << 20);
    buffer.offer(trace(1), span(trace(1), "a", "x"), 1_000, T0);
    buffer.offer(trace(1), span(trace(1), "b", "x"), 2_000, T0);

    assertThat(buffer.bytes()).isEqualTo(3_000);
    assertThat(buffer.capture(trace(1), T0).sizes).containsExactly(1_000L, 2_000L);
    assertThat(buffer.bytes()).isZero();
  }

  @Test
  void handsBackWhatWasBufferedOfACapturedTraceOldestFirst() {
    TraceBuffer buffer = buffer(100, 1 << 20);
    SpanData db = span(trace(1), "SELECT", "x");
    SpanData client = span(trace(1), "GET", "x");
    offer(buffer, trace(1), db, T0);
    offer(buffer, trace(2), span(trace(2), "other", "x"), T0);
    offer(buffer, trace(1), client, T0 + 1);

    assertThat(buffer.capture(trace(1), T0 + 2).spans).containsExactly(db, client);
    assertThat(buffer.spans()).isEqualTo(1);
  }

  @Test
  void refusesSpansOfACapturedTraceWithinTheWindowSoTheyGoOutAtOnce() {
    TraceBuffer buffer = buffer(100, 1 << 20);
    buffer.capture(trace(1), T0);

    assertThat(offer(buffer, trace(1), span(trace(1), "late", "x"), T0 + 10_000)).isFalse();
    assertThat(offer(buffer, trace(1), span(trace(1), "too late", "x"), T0 + 10_001)).isTrue();
  }

  @Test
  void evictsTheOldestTraceBeyondTheSpanBound() {
    TraceBuffer buffer = buffer(3, 1 << 20);
    for (int i = 0; i < 5; i++) {
      offer(buffer, trace(i), span(trace(i), "s", "x"), T0 + i);
    }

    assertThat(buffer.spans()).isEqualTo(3);
    assertThat(buffer.evicted()).isEqualTo(2);
    assertThat(buffer.capture(trace(0), T0 + 10).spans).isEmpty();
    assertThat(buffer.capture(trace(4), T0 + 10).spans).hasSize(1);
  }

  @Test
  void evictsTheOldestTraceBeyondTheByteBound() {
    SpanData big = span(trace(0), "s", "v".repeat(10_000));
    long one = SpanSize.estimate(big);
    TraceBuffer buffer = buffer(1_000, one * 2);
    for (int i = 0; i < 4; i++) {
      offer(buffer, trace(i), span(trace(i), "s", "v".repeat(10_000)), T0 + i);
    }

    assertThat(buffer.bytes()).isLessThanOrEqualTo(one * 2);
    assertThat(buffer.spans()).isEqualTo(2);
    assertThat(buffer.capture(trace(3), T0 + 10).spans).hasSize(1);
  }

  @Test
  void refusesASpanLargerThanTheWholeBufferAndKeepsTheOthers() {
    SpanData small = span(trace(0), "s", "x");
    TraceBuffer buffer = buffer(100, 10_000);
    offer(buffer, trace(0), small, T0);

    assertThat(offer(buffer, trace(1), span(trace(1), "big", "v".repeat(10_000)), T0)).isTrue();

    assertThat(buffer.spans()).isEqualTo(1);
    assertThat(buffer.evicted()).isEqualTo(1);
    assertThat(buffer.capture(trace(0), T0).spans).containsExactly(small);
    assertThat(buffer.capture(trace(1), T0).spans).isEmpty();
  }

  @Test
  void keepsAtMostTheBoundOfSpansPerTrace() {
    TraceBuffer buffer = buffer(100, 1 << 20);
    for (int i = 0; i < 10; i++) {
      offer(buffer, trace(1), span(trace(1), "s" + i, "x"), T0);
    }

    assertThat(buffer.capture(trace(1), T0).spans).hasSize(3);
    assertThat(buffer.evicted()).isEqualTo(7);
  }

  @Test
  void dropsTracesOlderThanTheMaximumAge() {
    TraceBuffer buffer = buffer(100, 1 << 20);
    offer(buffer, trace(1), span(trace(1), "old", "x"), T0);
    offer(buffer, trace(2), span(trace(2), "new", "x"), T0 + 29_000);

    offer(buffer, trace(3), span(trace(3), "newer", "x"), T0 + 30_001);

    assertThat(buffer.spans()).isEqualTo(2);
    assertThat(buffer.capture(trace(1), T0 + 30_001).spans).isEmpty();
  }

  @Test
  void remembersABoundedNumberOfCapturedTraces() {
    TraceBuffer buffer = buffer(100, 1 << 20);
    buffer.capture(trace(1), T0);
    buffer.capture(trace(2), T0);
    buffer.capture(trace(3), T0);

    assertThat(offer(buffer, trace(1), span(trace(1), "s", "x"), T0)).isTrue();
    assertThat(offer(buffer, trace(3), span(trace(3), "s", "x"), T0)).isFalse();
  }

  @Test
  void staysWithinItsBoundsUnderAFloodOfTraces() {
    TraceBuffer buffer = buffer(50, 1 << 20);
    for (int i = 0; i < 100_000; i++) {
      offer(buffer, trace(i), span(trace(i), "s", "x"), T0 + i / 100);
    }

    assertThat(buffer.spans()).isEqualTo(50);
    assertThat(buffer.evicted()).isEqualTo(100_000 - 50);
  }
}
