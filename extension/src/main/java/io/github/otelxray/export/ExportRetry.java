/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.export;

import io.github.otelxray.http.HttpCallException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * When a failed signed export is sent again, and after how long: the policy of the agent's own OTLP
 * exporter, the one the signed export replaces, so that going without a collector loses no more
 * than going through one. Up to 5 attempts; before each retry a back-off of 1 s, then 1.5 times the
 * last (at most 5 s), each scaled by a random factor between 0.8 and 1.2 so that services throttled
 * together do not come back together. A {@code Retry-After} from X-Ray takes the back-off's place.
 * The whole export, waits included, stays within the exporter's timeout: a retry that could not
 * start before it is not made.
 *
 * <p>Retried: HTTP 429, 502, 503 and 504, a connection refused or reset, an unknown host and a read
 * that timed out. Not retried: any other status (a refused signature or permission stays refused)
 * and a TLS failure (a certificate does not fix itself in seconds).
 */
final class ExportRetry {

  static final int DEFAULT_MAX_ATTEMPTS = 5;
  static final long DEFAULT_INITIAL_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(1);
  static final long DEFAULT_MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(5);
  static final double DEFAULT_BACKOFF_MULTIPLIER = 1.5;

  /** Waits {@code nanos}, or less when the exporter shuts down meanwhile. */
  interface Pause {
    /**
     * @return {@code false} when the wait ended early (shutdown, interrupt): make no more attempts
     */
    boolean pause(long nanos);
  }

  private final int maxAttempts;
  private final long initialBackoffNanos;
  private final long maxBackoffNanos;
  private final double multiplier;
  private final DoubleSupplier jitter;
  private final LongSupplier nanoClock;

  ExportRetry(
      int maxAttempts,
      long initialBackoffNanos,
      long maxBackoffNanos,
      double multiplier,
      DoubleSupplier jitter,
      LongSupplier nanoClock) {
    this.maxAttempts = maxAttempts;
    this.initialBackoffNanos = initialBackoffNanos;
    this.maxBackoffNanos = maxBackoffNanos;
    this.multiplier = multiplier;
    this.jitter = jitter;
    this.nanoClock = nanoClock;
  }

  /** The agent's OTLP exporter's policy, on the system clock. */
  static ExportRetry standard() {
    return new ExportRetry(
        DEFAULT_MAX_ATTEMPTS,
        DEFAULT_INITIAL_BACKOFF_NANOS,
        DEFAULT_MAX_BACKOFF_NANOS,
        DEFAULT_BACKOFF_MULTIPLIER,
        () -> ThreadLocalRandom.current().nextDouble(0.8, 1.2),
        System::nanoTime);
  }

  /** One attempt per export: {@code otel.java.exporter.otlp.retry.disabled=true}. */
  static ExportRetry disabled() {
    return new ExportRetry(1, 0, 0, 1, () -> 1, System::nanoTime);
  }

  /** The clock deadlines are taken on. */
  long now() {
    return nanoClock.getAsLong();
  }

  /** An answer X-Ray may well give differently in a moment. */
  static boolean retryable(int status) {
    return status == 429 || status == 502 || status == 503 || status == 504;
  }

  /** A call that failed on the way and may well get through in a moment. */
  static boolean retryable(HttpCallException e) {
    return retryable(e.reason(), e.getCause());
  }

  static boolean retryable(HttpCallException.Reason reason, Throwable cause) {
    switch (reason) {
      case TIMED_OUT:
        return true;
      case FAILED:
        // Refused, reset or closed connections are SocketExceptions; TLS failures are not.
        return cause instanceof SocketException || cause instanceof UnknownHostException;
      default:
        // TOO_SLOW: the export's time is spent; BAD_HEADER, TOO_LARGE: the same again.
        return false;
    }
  }

  /** The retries of one export, whose first attempt is under way, all done by {@code deadline}. */
  Attempts start(long deadlineNanos) {
    return new Attempts(deadlineNanos);
  }

  /** The attempts of one export: how many were made, and how long to wait before the next. */
  final class Attempts {

    private final long deadlineNanos;
    private int made = 1;
    private long nextBackoffNanos = initialBackoffNanos;

    private Attempts(long deadlineNanos) {
      this.deadlineNanos = deadlineNanos;
    }

    int made() {
      return made;
    }

    /**
     * How long to wait before the next attempt, or {@code -1} when there is none: the attempts are
     * used up, or the next could not start before the deadline.
     *
     * @param retryAfterNanos what X-Ray asked for in {@code Retry-After}, or {@code -1}
     */
    long nextWait(long retryAfterNanos) {
      if (made >= maxAttempts) {
        return -1;
      }
      long backoff = Math.min(nextBackoffNanos, maxBackoffNanos);
      nextBackoffNanos = (long) (backoff * multiplier);
      long wait = retryAfterNanos >= 0 ? retryAfterNanos : (long) (backoff * jitter.getAsDouble());
      // A difference: nanoTime values may be of any sign.
      long remaining = deadlineNanos - now();
      if (wait >= remaining) {
        return -1;
      }
      made++;
      return wait;
    }
  }

  @Override
  public String toString() {
    return "ExportRetry{maxAttempts="
        + maxAttempts
        + ", initialBackoff="
        + TimeUnit.NANOSECONDS.toMillis(initialBackoffNanos)
        + "ms, maxBackoff="
        + TimeUnit.NANOSECONDS.toMillis(maxBackoffNanos)
        + "ms, multiplier="
        + multiplier
        + "}";
  }
}
