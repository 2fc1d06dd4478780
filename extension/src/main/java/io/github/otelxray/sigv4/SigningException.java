/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sigv4;

/** A request could not be signed; the message says what to fix and quotes no secret. */
public final class SigningException extends Exception {

  private static final long serialVersionUID = 1L;

  public SigningException(String message) {
    super(message);
  }
}
