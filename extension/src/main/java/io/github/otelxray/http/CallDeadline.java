/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.http;

import java.net.HttpURLConnection;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ends an HTTP call that is still running at its deadline, by disconnecting it from another thread.
 *
 * <p>{@link HttpURLConnection}'s read timeout applies to each read, not to the call: a proxy that
 * sends its answer (or its status line) a byte a second is never timed out and holds the sampling
 * thread for as long as it likes, with no statistics going out meanwhile. Closing the connection
 * makes the blocked read fail at once. The alarm is fired by the {@link DeadlineTimer} of the
 * {@link BoundedPost} making the call.
 */
final class CallDeadline implements AutoCloseable {

  private static final int ARMED = 0;
  private static final int CUT = 1;
  private static final int READING_BODY = 2;

  private final ScheduledFuture<?> alarm;
  private final AtomicInteger state = new AtomicInteger(ARMED);
  private volatile boolean expired;

  private CallDeadline(DeadlineTimer timer, HttpURLConnection connection, long millis) {
    this.alarm =
        timer.schedule(
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
            millis);
  }

  /**
   * The status line and headers are in, the body is next: from now on the caller enforces the
   * deadline itself, between reads.
   */
  void readingBody() {
    state.compareAndSet(ARMED, READING_BODY);
  }

  /**
   * Disconnects {@code connection} in {@code millis} unless {@link #close}d before.
   *
   * @throws java.util.concurrent.RejectedExecutionException when {@code timer} is closed
   */
  static CallDeadline arm(DeadlineTimer timer, HttpURLConnection connection, long millis) {
    return new CallDeadline(timer, connection, millis);
  }

  /** Whether the deadline passed and the connection was cut. */
  boolean expired() {
    return expired;
  }

  @Override
  public void close() {
    alarm.cancel(false);
  }
}
