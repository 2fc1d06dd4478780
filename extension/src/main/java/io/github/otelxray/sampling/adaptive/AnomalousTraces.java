/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling.adaptive;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Traces in which a span that ended before the local root was anomalous, so the root's request
 * counts as anomalous for the boost statistics. A fixed table of slots indexed by the trace id's
 * random bits: bounded whatever the traffic, lock-free; two traces that share a slot at the same
 * moment lose a mark, which at worst undercounts one anomaly.
 */
final class AnomalousTraces {

  private final AtomicReferenceArray<String> slots;
  private final int mask;

  AnomalousTraces(int slotsPowerOfTwo) {
    this.slots = new AtomicReferenceArray<>(slotsPowerOfTwo);
    this.mask = slotsPowerOfTwo - 1;
  }

  void mark(String traceId) {
    slots.set(slot(traceId), traceId);
  }

  /** Whether {@code traceId} was marked; forgets it. */
  boolean takeMark(String traceId) {
    int slot = slot(traceId);
    String marked = slots.get(slot);
    return marked != null && marked.equals(traceId) && slots.compareAndSet(slot, marked, null);
  }

  private int slot(String traceId) {
    // The last hex digits are random in X-Ray and W3C ids alike.
    int length = traceId.length();
    int hash = 0;
    for (int i = Math.max(0, length - 6); i < length; i++) {
      hash = hash * 31 + traceId.charAt(i);
    }
    return hash & mask;
  }
}
