/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.instrumentation.logback;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WeakIdentityTableTest {

  /** Equal to every other instance: the table must still tell them apart. */
  private static final class AlwaysEqual {
    @Override
    public boolean equals(Object other) {
      return other instanceof AlwaysEqual;
    }

    @Override
    public int hashCode() {
      return 1;
    }
  }

  @Test
  void comparesKeysByIdentity() {
    WeakIdentityTable<String> table = new WeakIdentityTable<>();
    AlwaysEqual first = new AlwaysEqual();
    AlwaysEqual second = new AlwaysEqual();

    table.putIfAbsent(first, "one");

    assertThat(table.get(first)).isEqualTo("one");
    assertThat(table.get(second)).isNull();
  }

  @Test
  void keepsTheFirstValue() {
    WeakIdentityTable<String> table = new WeakIdentityTable<>();
    Object key = new Object();

    assertThat(table.putIfAbsent(key, "first")).isNull();
    assertThat(table.putIfAbsent(key, "second")).isEqualTo("first");
    assertThat(table.get(key)).isEqualTo("first");
  }

  @Test
  void growsAndFindsEveryKey() {
    WeakIdentityTable<Integer> table = new WeakIdentityTable<>();
    List<Object> keys = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      Object key = new Object();
      keys.add(key);
      table.putIfAbsent(key, i);
    }
    for (int i = 0; i < keys.size(); i++) {
      assertThat(table.get(keys.get(i))).isEqualTo(i);
    }
    assertThat(table.size()).isEqualTo(keys.size());
  }

  @Test
  void forgetsKeysOnceTheyAreCollected() throws InterruptedException {
    WeakIdentityTable<String> table = new WeakIdentityTable<>();
    Object kept = new Object();
    table.putIfAbsent(kept, "kept");
    for (int i = 0; i < 10_000; i++) {
      table.putIfAbsent(new Object(), "garbage");
    }

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (table.size() > 1 && System.nanoTime() < deadline) {
      System.gc();
      Thread.sleep(20);
    }

    assertThat(table.size()).isEqualTo(1);
    assertThat(table.get(kept)).isEqualTo("kept");
  }

  @Test
  void servesManyThreadsAtOnce() throws Exception {
    WeakIdentityTable<Integer> table = new WeakIdentityTable<>();
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  List<Object> mine = new ArrayList<>();
                  for (int i = 0; i < 5_000; i++) {
                    Object key = new Object();
                    mine.add(key);
                    table.putIfAbsent(key, i);
                  }
                  for (int i = 0; i < mine.size(); i++) {
                    if (!Integer.valueOf(i).equals(table.get(mine.get(i)))) {
                      return false;
                    }
                  }
                  return true;
                }));
      }
      start.countDown();
      for (Future<Boolean> result : results) {
        assertThat(result.get(30, TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
