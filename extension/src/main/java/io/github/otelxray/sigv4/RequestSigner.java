/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sigv4;

import java.net.URI;
import java.util.Map;

/**
 * Signs one HTTP request with AWS Signature Version 4, body included. The headers given are exactly
 * the ones the caller sends (besides {@code Host}, {@code Content-Length} and others its HTTP
 * client adds, which stay unsigned); the body is exactly the bytes it sends, compressed or not.
 */
public interface RequestSigner extends AutoCloseable {

  /**
   * The headers to add to the request: {@code Authorization}, {@code X-Amz-Date} and, with
   * temporary credentials, {@code X-Amz-Security-Token}. Never logged: they carry a signature and a
   * session token.
   *
   * @throws SigningException when no usable credentials can be found now
   */
  Map<String, String> sign(String method, URI uri, Map<String, String> headers, byte[] body)
      throws SigningException;

  /** Stops the credential refresh, if any. */
  @Override
  void close();
}
