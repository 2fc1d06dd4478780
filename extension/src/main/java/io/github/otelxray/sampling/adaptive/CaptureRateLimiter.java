/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling.adaptive;

import java.util.concurrent.atomic.AtomicLong;

/**
 * At most {@code perSecond} captured traces in any one wall-clock second, per process. Lock-free:
 * one atomic word holds the second and the count taken in it.
 */
final class CaptureRateLimiter {

  private final int perSecond;
  // second << 16 | taken; the count never passes perSecond (at most 100), so 16 bits are plenty.
  private final AtomicLong state = new AtomicLong();

  CaptureRateLimiter(int perSecond) {
    this.perSecond = perSecond;
  }

  boolean tryAcquire(long nowMillis) {
    long second = nowMillis / 1000L;
    while (true) {
      long current = state.get();
      long currentSecond = current >>> 16;
      int taken = currentSecond == second ? (int) (current & 0xffff) : 0;
      if (taken >= perSecond) {
        return false;
      }
      if (state.compareAndSet(current, (second << 16) | (taken + 1))) {
        return true;
      }
    }
  }
}
