/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling.rules;

/**
 * A rule's {@code SamplingRateBoost}: X-Ray may raise the rule's rate up to {@code MaxRate} for a
 * while when this service reports anomalies, at most once per {@code CooldownWindowMinutes}. The
 * cooldown is X-Ray's to enforce; the client only needs to know the rule takes part, so it counts
 * and reports its anomalies.
 *
 * <p>Internal: public only for the other parts of the extension, not an API.
 */
public final class SamplingRateBoost {

  private final double maxRate;
  private final int cooldownWindowMinutes;

  public SamplingRateBoost(double maxRate, int cooldownWindowMinutes) {
    this.maxRate = maxRate;
    this.cooldownWindowMinutes = cooldownWindowMinutes;
  }

  public double maxRate() {
    return maxRate;
  }

  public int cooldownWindowMinutes() {
    return cooldownWindowMinutes;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof SamplingRateBoost)) {
      return false;
    }
    SamplingRateBoost that = (SamplingRateBoost) o;
    return Double.compare(maxRate, that.maxRate) == 0
        && cooldownWindowMinutes == that.cooldownWindowMinutes;
  }

  @Override
  public int hashCode() {
    return Double.hashCode(maxRate) * 31 + cooldownWindowMinutes;
  }

  @Override
  public String toString() {
    return "SamplingRateBoost{MaxRate="
        + maxRate
        + ", CooldownWindowMinutes="
        + cooldownWindowMinutes
        + "}";
  }
}
