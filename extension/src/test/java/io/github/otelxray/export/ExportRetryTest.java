/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelxray.http.HttpCallException.Reason;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The retry policy on a clock the test moves: no test here sleeps. */
class ExportRetryTest {

  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  private final AtomicLong now = new AtomicLong(-5 * SECOND); // nanoTime may be negative

  private ExportRetry policy(int maxAttempts, double jitter) {
    return new ExportRetry(maxAttempts, SECOND, 5 * SECOND, 1.5, () -> jitter, now::get);
  }

  /** Every wait the attempts allow, the clock moved on by each, until there is none. */
  private List<Long> waits(ExportRetry.Attempts attempts) {
    List<Long> waits = new ArrayList<>();
    long wait;
    while ((wait = attempts.nextWait(-1)) >= 0) {
      waits.add(wait);
      now.addAndGet(wait);
    }
    return waits;
  }

  @Test
  void makesFiveAttemptsOneSecondApartAndThenOneAndAHalfTimesLonger() {
    ExportRetry.Attempts attempts = policy(5, 1.0).start(now.get() + 60 * SECOND);

    assertThat(waits(attempts))
        .containsExactly(SECOND, 3 * SECOND / 2, 9 * SECOND / 4, 27 * SECOND / 8);
    assertThat(attempts.made()).isEqualTo(5);
  }

  @Test
  void neverWaitsLongerThanTheMaximumBackoff() {
    ExportRetry.Attempts attempts = policy(8, 1.0).start(now.get() + 600 * SECOND);

    assertThat(waits(attempts))
        .containsExactly(
            SECOND,
            3 * SECOND / 2,
            9 * SECOND / 4,
            27 * SECOND / 8,
            5 * SECOND,
            5 * SECOND,
            5 * SECOND);
  }

  @Test
  void scalesEachBackoffByItsJitter() {
    assertThat(policy(5, 0.8).start(now.get() + 60 * SECOND).nextWait(-1))
        .isEqualTo(SECOND * 8 / 10);
    assertThat(policy(5, 1.2).start(now.get() + 60 * SECOND).nextWait(-1))
        .isEqualTo(SECOND * 12 / 10);
  }

  @Test
  void jitterOfTheStandardPolicyStaysWithinATenthAndAFifthOfTheBackoff() {
    for (int i = 0; i < 1_000; i++) {
      long wait = ExportRetry.standard().start(System.nanoTime() + 60 * SECOND).nextWait(-1);
      assertThat(wait).isBetween(SECOND * 8 / 10, SECOND * 12 / 10);
    }
  }

  @Test
  void makesNoAttemptThatCouldNotStartBeforeTheDeadline() {
    // 1 s and 1.5 s fit in 4 s; the next 2.25 s would end past it.
    ExportRetry.Attempts attempts = policy(5, 1.0).start(now.get() + 4 * SECOND);

    assertThat(waits(attempts)).containsExactly(SECOND, 3 * SECOND / 2);
    assertThat(attempts.made()).isEqualTo(3);
  }

  @Test
  void countsTheTimeTheAttemptsTookAgainstTheDeadline() {
    ExportRetry.Attempts attempts = policy(5, 1.0).start(now.get() + 10 * SECOND);
    now.addAndGet(9 * SECOND + SECOND / 2); // the first attempt waited for its answer

    assertThat(attempts.nextWait(-1)).isEqualTo(-1);
  }

  @Test
  void waitsWhatRetryAfterAsksInsteadOfTheBackoff() {
    ExportRetry.Attempts attempts = policy(5, 1.0).start(now.get() + 60 * SECOND);

    assertThat(attempts.nextWait(7 * SECOND)).isEqualTo(7 * SECOND);
    assertThat(attempts.nextWait(0)).isZero();
    // The backoff went on growing meanwhile.
    assertThat(attempts.nextWait(-1)).isEqualTo(9 * SECOND / 4);
  }

  @Test
  void givesUpAtOnceWhenRetryAfterAsksForMoreThanTheTimeoutLeaves() {
    ExportRetry.Attempts attempts = policy(5, 1.0).start(now.get() + 10 * SECOND);

    assertThat(attempts.nextWait(10 * SECOND)).isEqualTo(-1);
    assertThat(attempts.nextWait(Long.MAX_VALUE)).isEqualTo(-1);
    assertThat(attempts.made()).isEqualTo(1);
  }

  @Test
  void givesUpAtOnceWhenTheDeadlineHasPassed() {
    ExportRetry.Attempts attempts = policy(5, 1.0).start(now.get() - SECOND);

    assertThat(attempts.nextWait(0)).isEqualTo(-1);
    assertThat(attempts.nextWait(Long.MAX_VALUE)).isEqualTo(-1);
  }

  @Test
  void makesOneAttemptWhenDisabled() {
    assertThat(ExportRetry.disabled().start(System.nanoTime() + 60 * SECOND).nextWait(-1))
        .isEqualTo(-1);
  }

  @ParameterizedTest
  @ValueSource(ints = {429, 502, 503, 504})
  void retriesThrottlingAndAnUnavailableService(int status) {
    assertThat(ExportRetry.retryable(status)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(ints = {200, 400, 401, 403, 404, 408, 413, 500, 501})
  void doesNotRetryAnyOtherStatus(int status) {
    assertThat(ExportRetry.retryable(status)).isFalse();
  }

  @Test
  void retriesConnectionsRefusedResetOrUnresolvedAndReadsThatTimedOut() {
    assertThat(ExportRetry.retryable(Reason.FAILED, new ConnectException("Connection refused")))
        .isTrue();
    assertThat(ExportRetry.retryable(Reason.FAILED, new SocketException("Connection reset")))
        .isTrue();
    assertThat(ExportRetry.retryable(Reason.FAILED, new UnknownHostException("xray"))).isTrue();
    assertThat(ExportRetry.retryable(Reason.TIMED_OUT, null)).isTrue();
  }

  @Test
  void doesNotRetryWhatTheSameAttemptWouldMeetAgain() {
    assertThat(ExportRetry.retryable(Reason.FAILED, new SSLHandshakeException("PKIX"))).isFalse();
    assertThat(ExportRetry.retryable(Reason.FAILED, new IOException("other"))).isFalse();
    assertThat(ExportRetry.retryable(Reason.FAILED, new IllegalArgumentException("x"))).isFalse();
    assertThat(ExportRetry.retryable(Reason.BAD_HEADER, null)).isFalse();
    assertThat(ExportRetry.retryable(Reason.TOO_SLOW, null)).isFalse();
  }
}
