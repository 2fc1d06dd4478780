/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling.adaptive;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CaptureRateLimiterTest {

  private static final long T0 = 1_700_000_000_000L;

  @Test
  void allowsThePermitsOfEachSecondAndNoMore() {
    CaptureRateLimiter limiter = new CaptureRateLimiter(2);

    assertThat(limiter.tryAcquire(T0)).isTrue();
    assertThat(limiter.tryAcquire(T0 + 500)).isTrue();
    assertThat(limiter.tryAcquire(T0 + 999)).isFalse();
    assertThat(limiter.tryAcquire(T0 + 1_000)).isTrue();
    assertThat(limiter.tryAcquire(T0 + 1_001)).isTrue();
    assertThat(limiter.tryAcquire(T0 + 1_002)).isFalse();
  }

  @Test
  void allowsNothingAtZero() {
    assertThat(new CaptureRateLimiter(0).tryAcquire(T0)).isFalse();
  }

  @Test
  void neverGrantsMoreThanThePermitsAcrossThreads() throws Exception {
    CaptureRateLimiter limiter = new CaptureRateLimiter(100);
    java.util.concurrent.atomic.AtomicInteger granted =
        new java.util.concurrent.atomic.AtomicInteger();
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      threads[t] =
          new Thread(
              () -> {
                for (int i = 0; i < 10_000; i++) {
                  if (limiter.tryAcquire(T0)) {
                    granted.incrementAndGet();
                  }
                }
              });
      threads[t].start();
    }
    for (Thread thread : threads) {
      thread.join();
    }

    assertThat(granted).hasValue(100);
  }
}
