/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.http;

import java.nio.charset.StandardCharsets;

/**
 * What a peer answered to a {@link BoundedPost}: the status, the part of the body read and, for an
 * error answer, its {@code Retry-After} header (the one header a caller acts on).
 */
public final class HttpAnswer {

  /** How much of a {@code Retry-After} value is kept: an HTTP date is 29 characters. */
  static final int MAX_RETRY_AFTER_CHARS = 64;

  private final int status;
  private final byte[] body;
  private final String retryAfter;

  HttpAnswer(int status, byte[] body) {
    this(status, body, null);
  }

  HttpAnswer(int status, byte[] body, String retryAfter) {
    this.status = status;
    this.body = body;
    this.retryAfter =
        retryAfter == null || retryAfter.length() <= MAX_RETRY_AFTER_CHARS
            ? retryAfter
            : retryAfter.substring(0, MAX_RETRY_AFTER_CHARS);
  }

  public int status() {
    return status;
  }

  public boolean successful() {
    return status >= 200 && status < 300;
  }

  /**
   * The body read, as UTF-8 (a malformed byte becomes U+FFFD); unescaped: escape before logging.
   */
  public String text() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /**
   * The {@code Retry-After} header of an error answer as sent (at most {@value
   * #MAX_RETRY_AFTER_CHARS} characters; unescaped: escape before logging), or {@code null}.
   */
  public String retryAfter() {
    return retryAfter;
  }
}
