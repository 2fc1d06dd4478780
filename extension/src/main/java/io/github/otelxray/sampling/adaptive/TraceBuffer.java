/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling.adaptive;

import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ended spans of unsampled traces, kept a short while in case a later span of the same trace turns
 * out anomalous and the trace is captured; and the traces captured lately, whose later spans go
 * straight out. Bounded by spans, by estimated bytes, by spans per trace and by age: the oldest
 * trace goes first, so the buffer never grows with traffic. One lock, held for a map operation.
 */
final class TraceBuffer {

  private final int maxSpans;
  private final long maxBytes;
  private final int maxSpansPerTrace;
  private final long maxAgeMillis;
  private final int maxCapturedTraces;
  private final long captureWindowMillis;

  // Insertion order: a trace's first buffered span; so the head is always the oldest.
  private final LinkedHashMap<String, Pending> traces = new LinkedHashMap<>();
  private final LinkedHashMap<String, Long> captured = new LinkedHashMap<>();
  private int spans;
  private long bytes;
  private long evicted;

  TraceBuffer(
      int maxSpans,
      long maxBytes,
      int maxSpansPerTrace,
      long maxAgeMillis,
      int maxCapturedTraces,
      long captureWindowMillis) {
    this.maxSpans = maxSpans;
    this.maxBytes = maxBytes;
    this.maxSpansPerTrace = maxSpansPerTrace;
    this.maxAgeMillis = maxAgeMillis;
    this.maxCapturedTraces = maxCapturedTraces;
    this.captureWindowMillis = captureWindowMillis;
  }

  /**
   * Keeps {@code span}, of {@code size} bytes ({@link SpanSize}), for its trace; {@code false} when
   * the trace was captured lately, in which case the caller exports the span at once instead.
   */
  synchronized boolean offer(String traceId, SpanData span, long size, long nowMillis) {
    expire(nowMillis);
    if (captured.containsKey(traceId)) {
      return false;
    }
    if (size > maxBytes) {
      // A span larger than the whole buffer would only push every other trace out, itself too.
      evicted++;
      return true;
    }
    Pending pending = traces.get(traceId);
    if (pending == null) {
      pending = new Pending(nowMillis);
      traces.put(traceId, pending);
    }
    if (pending.spans.size() >= maxSpansPerTrace) {
      evicted++;
      return true;
    }
    pending.spans.add(span);
    pending.sizes.add(size);
    pending.bytes += size;
    spans++;
    bytes += size;
    while ((spans > maxSpans || bytes > maxBytes) && !traces.isEmpty()) {
      evictOldest();
    }
    return true;
  }

  /**
   * Marks the trace captured for the capture window and hands back what was buffered of it, oldest
   * first, with the sizes they were buffered with (so nothing is estimated twice).
   */
  synchronized Buffered capture(String traceId, long nowMillis) {
    expire(nowMillis);
    captured.remove(traceId);
    captured.put(traceId, nowMillis);
    while (captured.size() > maxCapturedTraces) {
      Iterator<String> oldest = captured.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
    Pending pending = traces.remove(traceId);
    if (pending == null) {
      return new Buffered(nowMillis);
    }
    spans -= pending.spans.size();
    bytes -= pending.bytes;
    return pending;
  }

  synchronized int spans() {
    return spans;
  }

  synchronized long bytes() {
    return bytes;
  }

  /** Spans dropped to stay within bounds, since the start. */
  synchronized long evicted() {
    return evicted;
  }

  private void expire(long nowMillis) {
    Iterator<Map.Entry<String, Pending>> oldest = traces.entrySet().iterator();
    while (oldest.hasNext()) {
      Pending pending = oldest.next().getValue();
      if (nowMillis - pending.firstMillis <= maxAgeMillis) {
        break;
      }
      drop(pending);
      oldest.remove();
    }
    Iterator<Long> capturedAt = captured.values().iterator();
    while (capturedAt.hasNext() && nowMillis - capturedAt.next() > captureWindowMillis) {
      capturedAt.remove();
    }
  }

  private void evictOldest() {
    Iterator<Pending> oldest = traces.values().iterator();
    drop(oldest.next());
    oldest.remove();
  }

  private void drop(Pending pending) {
    spans -= pending.spans.size();
    bytes -= pending.bytes;
    evicted += pending.spans.size();
  }

  /** The spans of one trace, oldest first, and the size each was counted with. */
  static class Buffered {
    final long firstMillis;
    final List<SpanData> spans = new ArrayList<>(4);
    final List<Long> sizes = new ArrayList<>(4);

    Buffered(long firstMillis) {
      this.firstMillis = firstMillis;
    }
  }

  /** A trace still being buffered: its spans and their total size. */
  private static final class Pending extends Buffered {
    long bytes;

    Pending(long firstMillis) {
      super(firstMillis);
    }
  }
}
