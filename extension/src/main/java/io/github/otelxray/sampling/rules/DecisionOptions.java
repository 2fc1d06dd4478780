/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling.rules;

/**
 * How rule decisions are shaped, the same for every rule of a sampler: whether sampled spans carry
 * the rule's name ({@code aws.xray.sampling_rule}), and whether spans the rules do not sample are
 * still recorded (RECORD_ONLY) so anomaly capture can see them end. Rules with a {@code
 * SamplingRateBoost} record their unsampled spans either way, to count their anomalies.
 *
 * <p>Internal: public only for the other parts of the extension, not an API.
 */
public final class DecisionOptions {

  private final boolean recordRuleName;
  private final boolean recordUnsampled;

  private DecisionOptions(boolean recordRuleName, boolean recordUnsampled) {
    this.recordRuleName = recordRuleName;
    this.recordUnsampled = recordUnsampled;
  }

  public static DecisionOptions of(boolean recordRuleName, boolean recordUnsampled) {
    return new DecisionOptions(recordRuleName, recordUnsampled);
  }

  boolean recordRuleName() {
    return recordRuleName;
  }

  boolean recordUnsampled() {
    return recordUnsampled;
  }
}
