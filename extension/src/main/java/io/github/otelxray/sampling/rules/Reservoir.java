/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling.rules;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts traces taken in the current wall-clock second against a per-second limit. Lock-free: one
 * {@code AtomicLong} holds the second (high bits) and the count (low 20 bits), so a new second
 * resets the count in the same compare-and-set that takes its first trace.
 */
final class Reservoir {

  private static final int COUNT_BITS = 20;
  private static final long COUNT_MASK = (1L << COUNT_BITS) - 1;
  static final int MAX_PER_SECOND = (int) COUNT_MASK;

  private final AtomicLong state = new AtomicLong(-1L);

  /** Takes one trace for {@code epochSecond} if fewer than {@code perSecond} were taken. */
  boolean tryAcquire(long epochSecond, int perSecond) {
    if (perSecond <= 0) {
      return false;
    }
    int limit = Math.min(perSecond, MAX_PER_SECOND);
    while (true) {
      long current = state.get();
      long second = current >>> COUNT_BITS;
      // Only a newer second resets the count. A caller that read the clock just before the second
      // turned must not reset the new second's count (that would let a 1/s rule take two), so it
      // counts against the newer second; a clock stepped back by more than a second starts over.
      if (current == -1L || epochSecond > second || second - epochSecond > 1) {
        if (state.compareAndSet(current, (epochSecond << COUNT_BITS) | 1L)) {
          return true;
        }
      } else if ((current & COUNT_MASK) >= limit) {
        return false;
      } else if (state.compareAndSet(current, current + 1)) {
        return true;
      }
    }
  }
}
