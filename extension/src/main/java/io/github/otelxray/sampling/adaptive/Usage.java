/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling.adaptive;

import java.util.Locale;

/** What an anomaly condition is for: raising the rule's rate, capturing the trace, or both. */
public enum Usage {
  BOTH("both"),
  SAMPLING_BOOST("sampling-boost"),
  ANOMALY_TRACE_CAPTURE("anomaly-trace-capture");

  private final String spelling;

  Usage(String spelling) {
    this.spelling = spelling;
  }

  /**
   * The usage spelled {@code value}, or {@code null}. AWS's documentation also spells capture
   * {@code anomaly-span-capture}, a value ADOT rejects; both mean the same here.
   */
  static Usage parse(String value) {
    String lower = value.trim().toLowerCase(Locale.ROOT);
    if (lower.equals("anomaly-span-capture")) {
      return ANOMALY_TRACE_CAPTURE;
    }
    for (Usage usage : values()) {
      if (usage.spelling.equals(lower)) {
        return usage;
      }
    }
    return null;
  }

  boolean boosts() {
    return this != ANOMALY_TRACE_CAPTURE;
  }

  boolean captures() {
    return this != SAMPLING_BOOST;
  }

  @Override
  public String toString() {
    return spelling;
  }
}
