/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling.rules;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The {@code xrsr} entry of W3C {@code tracestate}: the first 8 bytes of the SHA-256 of the root's
 * sampling rule name, as 16 lower-case hex digits. The root stamps it; services downstream report
 * their anomalies against the rule whose name hashes to it, so X-Ray boosts the rule that decided
 * at the root. It travels in {@code tracestate} only, never in {@code baggage}, which leaves for
 * third parties too.
 *
 * <p>Internal: public only for the other parts of the extension, not an API.
 */
public final class RuleHash {

  public static final String TRACE_STATE_KEY = "xrsr";

  private RuleHash() {}

  static String of(String ruleName) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(ruleName.getBytes(StandardCharsets.UTF_8));
      char[] hex = new char[16];
      for (int i = 0; i < 8; i++) {
        hex[2 * i] = Character.forDigit((digest[i] >> 4) & 0xf, 16);
        hex[2 * i + 1] = Character.forDigit(digest[i] & 0xf, 16);
      }
      return new String(hex);
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform must provide SHA-256.
      throw new IllegalStateException(e);
    }
  }
}
