/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling.source;

import io.github.otelxray.sigv4.SigningException;

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

  /**
   * Whether the log has already said this: missing credentials, which the shared credential chain
   * warns about once for the exporter and the sampler alike.
   */
  boolean reportedElsewhere() {
    return getCause() instanceof SigningException && ((SigningException) getCause()).reported();
  }
}
