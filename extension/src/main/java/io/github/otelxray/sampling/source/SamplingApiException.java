/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling.source;

/**
 * A failed call to the sampling API or an unusable answer; the message is one log-ready line.
 *
 * <p>Internal: public only for the other parts of the extension, not an API.
 */
public final class SamplingApiException extends Exception {

  private static final long serialVersionUID = 1L;

  SamplingApiException(String message) {
    super(message);
  }

  SamplingApiException(String message, Throwable cause) {
    super(message, cause);
  }
}
