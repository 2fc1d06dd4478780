/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.http;

import io.github.otelxray.logging.LogText;

/**
 * A {@link BoundedPost} that brought no usable answer. The message is safe to put in a log line
 * after the caller's own words ("GetSamplingRules to http://... " + message): text from the JDK or
 * the peer is escaped and cut, and no header value is quoted.
 */
public final class HttpCallException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Why the call failed, for callers that warn once per cause. */
  public enum Reason {
    /** The deadline passed before the whole answer was in. */
    TOO_SLOW,
    /** A read waited longer than the read timeout for the next bytes. */
    TIMED_OUT,
    /** The answer is larger than the caller takes. */
    TOO_LARGE,
    /** A header value cannot go into an HTTP request; nothing was sent. */
    BAD_HEADER,
    /** The connection could not be made or broke. */
    FAILED
  }

  private final Reason reason;

  private HttpCallException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  static HttpCallException tooSlow() {
    return new HttpCallException(Reason.TOO_SLOW, "did not complete in time", null);
  }

  static HttpCallException timedOut(Exception e) {
    return new HttpCallException(
        Reason.TIMED_OUT, "timed out (" + LogText.escape(e.getMessage()) + ")", e);
  }

  static HttpCallException tooLarge(int maxBytes) {
    return new HttpCallException(
        Reason.TOO_LARGE, "answer is larger than " + maxBytes + " bytes", null);
  }

  static HttpCallException badHeader(String name) {
    return new HttpCallException(
        Reason.BAD_HEADER,
        "not sent: the value of header "
            + LogText.escape(name, 64)
            + " holds a line break, a tab, another control character or a character beyond"
            + " Latin-1 (a credential copied with a stray newline?)",
        null);
  }

  static HttpCallException failed(Exception e) {
    // The JDK's IllegalArgumentExceptions about requests quote the offending header value (a
    // signature or session token, say): only their kind is told.
    String detail =
        e instanceof IllegalArgumentException
            ? e.getClass().getName()
            : LogText.escape(String.valueOf(e));
    return new HttpCallException(Reason.FAILED, "failed: " + detail, e);
  }
}
