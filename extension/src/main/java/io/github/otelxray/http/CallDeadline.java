/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.http;

import java.net.HttpURLConnection;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ends an HTTP call that is still running at its deadline, by disconnecting it from another thread.
 *
 * <p>{@link HttpURLConnection}'s read timeout applies to each read, not to the call: a proxy that
 * sends its answer (or its status line) a byte a second is never timed out and holds the sampling
 * thread for as long as it likes, with no statistics going out meanwhile. Closing the connection
 * makes the blocked read fail at once. The timer thread is a daemon, started at the first call and
 * ended when no call has been armed for a while, so an idle sampler keeps no extra thread. The
 * signed OTLP export bounds its calls with it too.
 */
public final class CallDeadline implements AutoCloseable {

  private static final ScheduledThreadPoolExecutor TIMER = timer();

  private static final int ARMED = 0;
  private static final int CUT = 1;
  private static final int READING_BODY = 2;

  private final ScheduledFuture<?> alarm;
  private final AtomicInteger state = new AtomicInteger(ARMED);
  private volatile boolean expired;

  private CallDeadline(HttpURLConnection connection, long millis) {
    this.alarm =
        TIMER.schedule(
            () -> {
              expired = true;
              // Only before the body: once it is being read, disconnect() would close the JDK's
              // keep-alive stream from this thread, which may drain what is left of a dripping
              // answer while holding the locks the caller needs; the caller's own loop checks
              // the clock instead.
              if (state.compareAndSet(ARMED, CUT)) {
                connection.disconnect();
              }
            },
            Math.max(0, millis),
            TimeUnit.MILLISECONDS);
  }

  /**
   * The status line and headers are in, the body is next: from now on the caller enforces the
   * deadline itself, between reads.
   */
  public void readingBody() {
    state.compareAndSet(ARMED, READING_BODY);
  }

  /** Disconnects {@code connection} in {@code millis} unless {@link #close}d before. */
  public static CallDeadline arm(HttpURLConnection connection, long millis) {
    return new CallDeadline(connection, millis);
  }

  /** Whether the deadline passed and the connection was cut. */
  public boolean expired() {
    return expired;
  }

  @Override
  public void close() {
    alarm.cancel(false);
  }

  private static ScheduledThreadPoolExecutor timer() {
    ScheduledThreadPoolExecutor timer =
        new ScheduledThreadPoolExecutor(
            1,
            runnable -> {
              Thread thread = new Thread(runnable, "otel-xray-sampling-deadline");
              thread.setDaemon(true);
              return thread;
            });
    timer.setRemoveOnCancelPolicy(true);
    timer.setKeepAliveTime(30, TimeUnit.SECONDS);
    timer.allowCoreThreadTimeOut(true);
    return timer;
  }
}
