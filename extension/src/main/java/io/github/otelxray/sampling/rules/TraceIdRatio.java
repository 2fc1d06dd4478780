/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling.rules;

/**
 * The fixed-rate decision, taken from the trace id as the SDK's {@code TraceIdRatioBased} takes it
 * (the absolute value of the low 64 bits against {@code rate * Long.MAX_VALUE}): every service that
 * sees the same trace and the same rate decides the same way, ours or the SDK's. One deliberate
 * exception: at rate 1 we sample every trace, as X-Ray's {@code FixedRate 1} means, where the SDK's
 * strict comparison drops the two ids whose low half is {@code 7fff…ffff} or {@code 8000…0001}.
 */
final class TraceIdRatio {

  private TraceIdRatio() {}

  static long bound(double rate) {
    if (rate <= 0.0) {
      return Long.MIN_VALUE;
    }
    if (rate >= 1.0) {
      return Long.MAX_VALUE;
    }
    return (long) (rate * Long.MAX_VALUE);
  }

  static boolean sampled(String traceId, long bound) {
    if (bound == Long.MAX_VALUE) {
      return true;
    }
    if (bound == Long.MIN_VALUE) {
      return false;
    }
    return Math.abs(lowBits(traceId)) < bound;
  }

  /** The low 64 bits of a 32-digit lower-case hex trace id, parsed without allocating. */
  static long lowBits(String traceId) {
    long value = 0;
    for (int i = 16; i < 32; i++) {
      char c = traceId.charAt(i);
      int digit = c <= '9' ? c - '0' : c - 'a' + 10;
      value = (value << 4) | (digit & 0xF);
    }
    return value;
  }
}
