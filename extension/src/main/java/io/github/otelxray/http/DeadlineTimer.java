/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.http;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The thread that fires one caller's {@link CallDeadline}s: one per {@link BoundedPost}, so it ends
 * with its owner (the sampler's poller, the signed exporter) when the SDK shuts down rather than
 * living on in a static pool.
 *
 * <p>The thread is a daemon, started at the first call and ended when no call has been armed for a
 * while, so an idle owner keeps no thread; {@link #close} ends it at once and waits for it.
 */
final class DeadlineTimer implements AutoCloseable {

  static final String THREAD_NAME = "otel-xray-call-deadline";
  private static final long IDLE_SECONDS = 30;
  private static final long CLOSE_WAIT_MILLIS = 2_000;

  private final ScheduledThreadPoolExecutor executor;
  private volatile Thread current;

  DeadlineTimer() {
    executor =
        new ScheduledThreadPoolExecutor(
            1,
            runnable -> {
              Thread thread = new Thread(runnable, THREAD_NAME);
              thread.setDaemon(true);
              current = thread;
              return thread;
            });
    executor.setRemoveOnCancelPolicy(true);
    executor.setKeepAliveTime(IDLE_SECONDS, TimeUnit.SECONDS);
    executor.allowCoreThreadTimeOut(true);
  }

  /**
   * Runs {@code alarm} in {@code millis}, or throws {@link RejectedExecutionException} once closed:
   * the call is then refused before it starts.
   */
  ScheduledFuture<?> schedule(Runnable alarm, long millis) {
    return executor.schedule(alarm, Math.max(0, millis), TimeUnit.MILLISECONDS);
  }

  /**
   * Cancels what is armed and returns once the thread has ended (a call still running is bounded by
   * its own timeouts; its alarm no longer fires).
   */
  @Override
  public void close() {
    executor.shutdownNow();
    Thread thread = current;
    if (thread == null || thread == Thread.currentThread()) {
      return;
    }
    try {
      executor.awaitTermination(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
      thread.join(CLOSE_WAIT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
