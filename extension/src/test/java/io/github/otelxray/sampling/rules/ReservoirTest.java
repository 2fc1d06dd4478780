/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReservoirTest {

  private static final long SECOND = 1_700_000_000L;

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 5, 100})
  void takesLimitTracesPerSecondThenRefuses(int limit) {
    Reservoir reservoir = new Reservoir();

    for (int i = 0; i < limit; i++) {
      assertThat(reservoir.tryAcquire(SECOND, limit)).as("trace %d", i + 1).isTrue();
    }
    assertThat(reservoir.tryAcquire(SECOND, limit)).isFalse();
    assertThat(reservoir.tryAcquire(SECOND, limit)).isFalse();
  }

  @Test
  void startsAfreshInANewSecond() {
    Reservoir reservoir = new Reservoir();
    reservoir.tryAcquire(SECOND, 2);
    reservoir.tryAcquire(SECOND, 2);

    assertThat(reservoir.tryAcquire(SECOND + 1, 2)).isTrue();
    assertThat(reservoir.tryAcquire(SECOND + 1, 2)).isTrue();
    assertThat(reservoir.tryAcquire(SECOND + 1, 2)).isFalse();
    assertThat(reservoir.tryAcquire(SECOND + 7, 2)).isTrue();
  }

  @Test
  void carriesNoCountAcrossSecondsEvenWhenUnused() {
    Reservoir reservoir = new Reservoir();
    reservoir.tryAcquire(SECOND, 3);

    // One trace in the previous second must not eat into this one's three.
    assertThat(reservoir.tryAcquire(SECOND + 1, 3)).isTrue();
    assertThat(reservoir.tryAcquire(SECOND + 1, 3)).isTrue();
    assertThat(reservoir.tryAcquire(SECOND + 1, 3)).isTrue();
    assertThat(reservoir.tryAcquire(SECOND + 1, 3)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
  void neverTakesATraceWithAZeroOrNegativeLimit(int limit) {
    Reservoir reservoir = new Reservoir();

    assertThat(reservoir.tryAcquire(SECOND, limit)).isFalse();
    assertThat(reservoir.tryAcquire(SECOND + 1, limit)).isFalse();
  }

  @Test
  void honoursALimitChangedWithinTheSecond() {
    Reservoir reservoir = new Reservoir();
    reservoir.tryAcquire(SECOND, 5);
    reservoir.tryAcquire(SECOND, 5);

    // A new target with a smaller quota counts what was already taken this second.
    assertThat(reservoir.tryAcquire(SECOND, 2)).isFalse();
    assertThat(reservoir.tryAcquire(SECOND, 3)).isTrue();
  }

  @Test
  void capsHugeLimitsWithoutOverflowingIntoTheSecond() {
    Reservoir reservoir = new Reservoir();

    int taken = 0;
    while (taken <= Reservoir.MAX_PER_SECOND && reservoir.tryAcquire(SECOND, Integer.MAX_VALUE)) {
      taken++;
    }

    assertThat(taken).isEqualTo(Reservoir.MAX_PER_SECOND);
    assertThat(reservoir.tryAcquire(SECOND + 1, 1)).isTrue();
  }

  @Test
  void neverExceedsTheLimitUnderConcurrentCallersWithinOneSecond() throws Exception {
    int limit = 50;
    int threads = 8;
    int attemptsPerThread = 2_000;
    Reservoir reservoir = new Reservoir();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Callable<Integer> caller =
            () -> {
              start.await();
              int successes = 0;
              for (int i = 0; i < attemptsPerThread; i++) {
                if (reservoir.tryAcquire(SECOND, limit)) {
                  successes++;
                }
              }
              return successes;
            };
        results.add(pool.submit(caller));
      }
      start.countDown();

      int total = 0;
      for (Future<Integer> result : results) {
        total += result.get();
      }
      assertThat(total).isEqualTo(limit);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void keepsANewSecondsCountWhenALateCallerStillReadsThePreviousSecond() {
    // Threads read the clock a little apart; one that read the old second just before the tick
    // must not wipe what the new second already took, or the limit is exceeded at every tick.
    Reservoir reservoir = new Reservoir();
    assertThat(reservoir.tryAcquire(SECOND + 1, 1)).isTrue();

    reservoir.tryAcquire(SECOND, 1);

    assertThat(reservoir.tryAcquire(SECOND + 1, 1)).isFalse();
  }
}
