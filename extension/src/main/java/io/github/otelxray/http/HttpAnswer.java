/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.http;

import java.nio.charset.StandardCharsets;

/** What a peer answered to a {@link BoundedPost}: the status and the part of the body read. */
public final class HttpAnswer {

  private final int status;
  private final byte[] body;

  HttpAnswer(int status, byte[] body) {
    this.status = status;
    this.body = body;
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
}
