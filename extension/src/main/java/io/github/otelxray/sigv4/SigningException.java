/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sigv4;

/** A request could not be signed; the message says what to fix and quotes no secret. */
public final class SigningException extends Exception {

  private static final long serialVersionUID = 1L;

  private final boolean reported;

  public SigningException(String message) {
    this(message, false);
  }

  /**
   * @param reported whether the log has already said it (the shared credential chain warns once for
   *     all its users), so a caller adds no warning of its own
   */
  public SigningException(String message, boolean reported) {
    super(message);
    this.reported = reported;
  }

  /** Whether the log has already said this, once for every user of the credentials. */
  public boolean reported() {
    return reported;
  }
}
