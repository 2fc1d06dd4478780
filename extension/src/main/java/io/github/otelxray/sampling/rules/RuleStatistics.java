/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling.rules;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts for one rule since the last report: requests that matched (root decisions only), how many
 * were sampled, and how many of those were borrowed. {@code LongAdder}s so request threads never
 * contend on one counter.
 *
 * <p>Internal: public only for the other parts of the extension, not an API.
 */
public final class RuleStatistics {

  private final LongAdder requests = new LongAdder();
  private final LongAdder sampled = new LongAdder();
  private final LongAdder borrowed = new LongAdder();
  // Sampling boost: requests (local roots) of this rule, those with an anomaly, and those of them
  // that were sampled. Counted at span end, for rules with a SamplingRateBoost only.
  private final LongAdder boostTotal = new LongAdder();
  private final LongAdder anomalies = new LongAdder();
  private final LongAdder sampledAnomalies = new LongAdder();

  void recordRequest() {
    requests.increment();
  }

  void recordSampled() {
    sampled.increment();
  }

  void recordBorrowed() {
    borrowed.increment();
  }

  /** One request of a rule with a boost, seen at its local root span's end. */
  public void recordBoostRequest(boolean anomalous, boolean wasSampled) {
    boostTotal.increment();
    if (anomalous) {
      anomalies.increment();
      if (wasSampled) {
        sampledAnomalies.increment();
      }
    }
  }

  /** Reads and resets the counts; a request counted mid-read goes into the next report. */
  public Counts drain() {
    return new Counts(
        requests.sumThenReset(),
        sampled.sumThenReset(),
        borrowed.sumThenReset(),
        boostTotal.sumThenReset(),
        anomalies.sumThenReset(),
        sampledAnomalies.sumThenReset());
  }

  /** One report's worth of counts. */
  public static final class Counts {
    public final long requests;
    public final long sampled;
    public final long borrowed;
    public final long boostTotal;
    public final long anomalies;
    public final long sampledAnomalies;

    public Counts(long requests, long sampled, long borrowed) {
      this(requests, sampled, borrowed, 0, 0, 0);
    }

    public Counts(
        long requests,
        long sampled,
        long borrowed,
        long boostTotal,
        long anomalies,
        long sampledAnomalies) {
      this.requests = requests;
      this.sampled = sampled;
      this.borrowed = borrowed;
      this.boostTotal = boostTotal;
      this.anomalies = anomalies;
      this.sampledAnomalies = sampledAnomalies;
    }

    public boolean hasSamplingCounts() {
      return requests > 0 || sampled > 0 || borrowed > 0;
    }

    public boolean hasBoostCounts() {
      return boostTotal > 0 || anomalies > 0 || sampledAnomalies > 0;
    }
  }
}
