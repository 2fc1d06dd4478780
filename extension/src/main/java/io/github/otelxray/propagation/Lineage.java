/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.propagation;

/**
 * The {@code Lineage} field of {@code X-Amzn-Trace-Id}, as contrib's injector re-emits it: {@code
 * <0..32767>:<8 hex>:<0..255>}, 12 to 18 characters. Lambda uses the field for recursive-loop
 * detection; no public spec exists. We carry it in baggage exactly when contrib's injector would
 * write it back out, so a lineage neither gets lost on a hop nor forwarded in a shape contrib
 * rejects.
 */
final class Lineage {

  private Lineage() {}

  static boolean isValid(String value) {
    if (value.length() < 12 || value.length() > 18) {
      return false;
    }
    int first = value.indexOf(':');
    int second = first < 0 ? -1 : value.indexOf(':', first + 1);
    if (second < 0 || value.indexOf(':', second + 1) >= 0) {
      return false;
    }
    return isCounter(value, 0, first, 32767)
        && second - first - 1 == 8
        && isHex(value, first + 1, second)
        && isCounter(value, second + 1, value.length(), 255);
  }

  private static boolean isCounter(String s, int from, int to, int max) {
    if (to - from < 1 || to - from > 5) {
      return false;
    }
    int n = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
      n = n * 10 + (c - '0');
    }
    return n <= max;
  }

  private static boolean isHex(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }
}
