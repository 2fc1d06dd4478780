/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryAfterTest {

  /** Wed, 21 Oct 2015 07:28:00 GMT. */
  private static final long NOW = Instant.parse("2015-10-21T07:28:00Z").toEpochMilli();

  @Test
  void readsSeconds() {
    assertThat(RetryAfter.nanos("3", NOW)).isEqualTo(TimeUnit.SECONDS.toNanos(3));
    assertThat(RetryAfter.nanos(" 120 ", NOW)).isEqualTo(TimeUnit.SECONDS.toNanos(120));
    assertThat(RetryAfter.nanos("0", NOW)).isZero();
  }

  @Test
  void readsAnHttpDateAsTheTimeUntilThen() {
    assertThat(RetryAfter.nanos("Wed, 21 Oct 2015 07:28:02 GMT", NOW))
        .isEqualTo(TimeUnit.SECONDS.toNanos(2));
    assertThat(RetryAfter.nanos("Wed, 21 Oct 2015 07:28:02 GMT", NOW + 500))
        .isEqualTo(TimeUnit.MILLISECONDS.toNanos(1_500));
  }

  @Test
  void readsAnHttpDateInThePastAsNoWait() {
    assertThat(RetryAfter.nanos("Tue, 20 Oct 2015 07:28:00 GMT", NOW)).isZero();
  }

  @Test
  void boundsAnyWaitToAYear() {
    long year = TimeUnit.DAYS.toNanos(365);
    assertThat(RetryAfter.nanos("99999999999999999999999999", NOW)).isEqualTo(year);
    assertThat(RetryAfter.nanos("999999999999", NOW)).isEqualTo(year);
    assertThat(RetryAfter.nanos("Fri, 31 Dec 9999 23:59:59 GMT", NOW)).isEqualTo(year);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "soon",
        "-5",
        "1.5",
        "+3",
        "3s",
        "2015-10-21T07:28:02Z",
        "Wednesday, 21-Oct-15 07:28:02 GMT",
        "Wed Oct 21 07:28:02 2015",
        "Wed, 32 Oct 2015 07:28:02 GMT"
      })
  void tellsWhatIsNeitherSecondsNorAnHttpDate(String value) {
    assertThat(RetryAfter.nanos(value, NOW)).isEqualTo(RetryAfter.MALFORMED);
  }
}
