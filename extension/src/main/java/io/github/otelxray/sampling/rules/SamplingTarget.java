/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling.rules;

/**
 * What X-Ray granted this client for one rule ({@code SamplingTargetDocuments}), or the starting
 * point before any grant. Immutable; a new target replaces the applier's, never mutates it.
 */
final class SamplingTarget {

  private final double fixedRate;
  private final long rateBound;
  private final int reservoirQuota; // per second; -1 = none granted
  private final long quotaExpiresAtMillis; // absolute; Long.MAX_VALUE = never
  private final boolean borrowing;
  private final double boostRate;
  private final long boostRateBound;
  private final long boostExpiresAtMillis; // absolute; 0 = no boost

  private SamplingTarget(
      double fixedRate, int reservoirQuota, long quotaExpiresAtMillis, boolean borrowing) {
    this(fixedRate, reservoirQuota, quotaExpiresAtMillis, borrowing, 0, 0);
  }

  private SamplingTarget(
      double fixedRate,
      int reservoirQuota,
      long quotaExpiresAtMillis,
      boolean borrowing,
      double boostRate,
      long boostExpiresAtMillis) {
    this.fixedRate = fixedRate;
    this.rateBound = TraceIdRatio.bound(fixedRate);
    this.reservoirQuota = reservoirQuota;
    this.quotaExpiresAtMillis = quotaExpiresAtMillis;
    this.borrowing = borrowing;
    this.boostRate = boostRate;
    this.boostRateBound = TraceIdRatio.bound(boostRate);
    this.boostExpiresAtMillis = boostExpiresAtMillis;
  }

  /** An X-Ray rule before its first target: borrow one trace a second if it has a reservoir. */
  static SamplingTarget initial(SamplingRule rule) {
    if (rule.origin() == SamplingRule.Origin.LOCAL) {
      // Local rules grant their own per-instance quota for good.
      return new SamplingTarget(rule.fixedRate(), rule.reservoirSize(), Long.MAX_VALUE, false);
    }
    return new SamplingTarget(rule.fixedRate(), -1, 0, rule.reservoirSize() > 0);
  }

  /**
   * The target after a grant: the rate is always replaced, quota and expiry only when X-Ray sent
   * them (as in the X-Ray SDK). Once the quota expires a rule with a reservoir borrows again, so a
   * service that lost contact with X-Ray still records one trace a second per rule (contrib falls
   * back to the rate alone there).
   */
  SamplingTarget withGrant(double newRate, Integer quota, Long quotaExpiresAtMillis) {
    int newQuota = quota != null ? quota : reservoirQuota;
    long expiry = quotaExpiresAtMillis != null ? quotaExpiresAtMillis : this.quotaExpiresAtMillis;
    return new SamplingTarget(
        newRate, newQuota, expiry, borrowing, boostRate, boostExpiresAtMillis);
  }

  /**
   * The target with X-Ray's {@code SamplingBoost}: {@code rate} replaces the fixed rate until
   * {@code expiresAtMillis} (X-Ray's absolute {@code BoostRateTTL}, so no clock arithmetic of ours
   * can stretch it). A boost below the fixed rate would lower sampling and is ignored, as contrib
   * ignores it.
   */
  SamplingTarget withBoost(double rate, long expiresAtMillis) {
    if (rate < fixedRate) {
      return this;
    }
    return new SamplingTarget(
        fixedRate, reservoirQuota, quotaExpiresAtMillis, borrowing, rate, expiresAtMillis);
  }

  /**
   * The rate bound in force at {@code nowMillis}: the boost's until it expires, else the rate's.
   */
  long rateBoundAt(long nowMillis) {
    return nowMillis < boostExpiresAtMillis ? boostRateBound : rateBound;
  }

  /** Whether a boost is in force at {@code nowMillis}. */
  boolean boostedAt(long nowMillis) {
    return nowMillis < boostExpiresAtMillis;
  }

  double fixedRate() {
    return fixedRate;
  }

  long rateBound() {
    return rateBound;
  }

  int reservoirQuota() {
    return reservoirQuota;
  }

  /** The per-second quota now: the grant while valid, else -1. */
  int quotaAt(long nowMillis) {
    return reservoirQuota >= 0 && nowMillis < quotaExpiresAtMillis ? reservoirQuota : -1;
  }

  /** Whether the rule may borrow one trace a second when no quota is valid. */
  boolean borrowing() {
    return borrowing;
  }

  @Override
  public String toString() {
    return "SamplingTarget{rate="
        + fixedRate
        + ", quota="
        + reservoirQuota
        + ", expires="
        + quotaExpiresAtMillis
        + ", borrowing="
        + borrowing
        + (boostExpiresAtMillis > 0
            ? ", boost=" + boostRate + " until " + boostExpiresAtMillis
            : "")
        + "}";
  }
}
