/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.export;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.TimeUnit;

/**
 * The wait an HTTP {@code Retry-After} header asks for: whole seconds ({@code 120}) or an HTTP date
 * ({@code Wed, 21 Oct 2015 07:28:00 GMT}, RFC 9110's preferred form). A date in the past asks for
 * no wait. The agent's OTLP exporter ignores the header; we honour it because X-Ray's throttling is
 * per account, and a batch sent back before the throttle lifts is refused again.
 */
final class RetryAfter {

  /** Seconds past this are all "longer than any export may take". */
  private static final long MAX_SECONDS = TimeUnit.DAYS.toSeconds(365);

  static final long MALFORMED = -1;

  private RetryAfter() {}

  /**
   * The wait in nanoseconds ({@code 0} or more; a wait past a year is a year), or {@link
   * #MALFORMED} when {@code value} is neither seconds nor an HTTP date.
   *
   * @param nowMillis the wall clock, for a date
   */
  static long nanos(String value, long nowMillis) {
    String text = value.trim();
    if (text.isEmpty()) {
      return MALFORMED;
    }
    if (allDigits(text)) {
      // Many digits are many seconds: no need to parse past what any export waits.
      long seconds = text.length() > 12 ? MAX_SECONDS : Long.parseLong(text);
      return TimeUnit.SECONDS.toNanos(Math.min(seconds, MAX_SECONDS));
    }
    try {
      long at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toEpochSecond();
      long millis = TimeUnit.SECONDS.toMillis(at) - nowMillis;
      return TimeUnit.MILLISECONDS.toNanos(
          Math.max(0, Math.min(millis, TimeUnit.SECONDS.toMillis(MAX_SECONDS))));
    } catch (DateTimeParseException e) {
      return MALFORMED;
    }
  }

  private static boolean allDigits(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
