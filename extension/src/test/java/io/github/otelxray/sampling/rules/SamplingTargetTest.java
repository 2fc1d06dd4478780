/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SamplingTargetTest {

  private static final long NOW = 1_700_000_000_000L;

  private static SamplingRule xrayRule(int reservoirSize, double rate) {
    return new SamplingRule(
        "checkout",
        10,
        rate,
        reservoirSize,
        "*",
        "*",
        "*",
        "*",
        "*",
        "*",
        Map.of(),
        SamplingRule.Origin.XRAY);
  }

  @Test
  void startsAnXRayRuleWithoutQuotaButBorrowingWhenItHasAReservoir() {
    SamplingTarget target = SamplingTarget.initial(xrayRule(5, 0.1));

    assertThat(target.quotaAt(NOW)).isEqualTo(-1);
    assertThat(target.borrowing()).isTrue();
    assertThat(target.fixedRate()).isEqualTo(0.1);
    assertThat(target.rateBound()).isEqualTo(TraceIdRatio.bound(0.1));
  }

  @Test
  void neverBorrowsForAnXRayRuleWithoutReservoir() {
    SamplingTarget target = SamplingTarget.initial(xrayRule(0, 0.1));

    assertThat(target.borrowing()).isFalse();
    assertThat(target.withGrant(0.2, 3, NOW + 10_000).borrowing()).isFalse();
  }

  @Test
  void givesALocalRuleItsOwnFixedTargetForever() {
    SamplingTarget target =
        SamplingTarget.initial(SamplingRule.local("health", 0, "*", "GET", "/health", 3, 0.2));

    assertThat(target.quotaAt(NOW)).isEqualTo(3);
    assertThat(target.quotaAt(Long.MAX_VALUE - 1)).isEqualTo(3);
    assertThat(target.borrowing()).isFalse();
  }

  @Test
  void givesTheQuotaUntilItsExpiryOnly() {
    SamplingTarget target =
        SamplingTarget.initial(xrayRule(5, 0.1)).withGrant(0.2, 7, NOW + 10_000);

    assertThat(target.quotaAt(NOW)).isEqualTo(7);
    assertThat(target.quotaAt(NOW + 9_999)).isEqualTo(7);
    assertThat(target.quotaAt(NOW + 10_000)).isEqualTo(-1);
    assertThat(target.reservoirQuota()).isEqualTo(7);
  }

  @Test
  void keepsBorrowingAfterTheQuotaExpires() {
    // Deliberately the X-Ray SDK's behaviour, not contrib's rate-only fallback.
    SamplingTarget target = SamplingTarget.initial(xrayRule(5, 0.1)).withGrant(0.2, 7, NOW);

    assertThat(target.quotaAt(NOW + 1)).isEqualTo(-1);
    assertThat(target.borrowing()).isTrue();
  }

  @Test
  void alwaysReplacesTheRate() {
    SamplingTarget target =
        SamplingTarget.initial(xrayRule(5, 0.1)).withGrant(0.2, 7, NOW).withGrant(0.9, null, null);

    assertThat(target.fixedRate()).isEqualTo(0.9);
    assertThat(target.rateBound()).isEqualTo(TraceIdRatio.bound(0.9));
  }

  @Test
  void keepsTheOldQuotaAndExpiryWhenAGrantLacksThem() {
    SamplingTarget target =
        SamplingTarget.initial(xrayRule(5, 0.1))
            .withGrant(0.2, 7, NOW + 10_000)
            .withGrant(0.3, null, null);

    assertThat(target.quotaAt(NOW + 5_000)).isEqualTo(7);
    assertThat(target.quotaAt(NOW + 10_000)).isEqualTo(-1);
  }

  @Test
  void replacesQuotaAndExpiryIndependently() {
    SamplingTarget base = SamplingTarget.initial(xrayRule(5, 0.1)).withGrant(0.2, 7, NOW + 10_000);

    assertThat(base.withGrant(0.2, 2, null).quotaAt(NOW + 5_000)).isEqualTo(2);
    assertThat(base.withGrant(0.2, 2, null).quotaAt(NOW + 10_000)).isEqualTo(-1);
    assertThat(base.withGrant(0.2, null, NOW + 60_000).quotaAt(NOW + 30_000)).isEqualTo(7);
  }

  @Test
  void treatsAZeroQuotaAsValidRatherThanAbsent() {
    SamplingTarget target =
        SamplingTarget.initial(xrayRule(5, 0.1)).withGrant(0.2, 0, NOW + 10_000);

    assertThat(target.quotaAt(NOW)).isZero();
  }

  @Test
  void neverChangesTheTargetItWasGrantedFrom() {
    SamplingTarget before = SamplingTarget.initial(xrayRule(5, 0.1));
    before.withGrant(0.5, 3, NOW + 10_000);

    assertThat(before.quotaAt(NOW)).isEqualTo(-1);
    assertThat(before.fixedRate()).isEqualTo(0.1);
  }

  // --- sampling boost ---

  @Test
  void appliesABoostedRateUntilItsAbsoluteExpiry() {
    SamplingTarget target =
        SamplingTarget.initial(RULE_FOR_BOOST).withGrant(0.05, null, null).withBoost(0.5, 61_000);

    assertThat(target.rateBoundAt(60_999)).isEqualTo(TraceIdRatio.bound(0.5));
    assertThat(target.boostedAt(60_999)).isTrue();
    assertThat(target.rateBoundAt(61_000)).isEqualTo(TraceIdRatio.bound(0.05));
    assertThat(target.boostedAt(61_000)).isFalse();
  }

  @Test
  void ignoresABoostBelowTheFixedRate() {
    SamplingTarget target = SamplingTarget.initial(RULE_FOR_BOOST).withGrant(0.5, null, null);

    assertThat(target.withBoost(0.1, Long.MAX_VALUE)).isSameAs(target);
  }

  @Test
  void keepsTheBoostAcrossANewGrantUntilItExpires() {
    SamplingTarget target =
        SamplingTarget.initial(RULE_FOR_BOOST)
            .withGrant(0.05, null, null)
            .withBoost(0.5, 61_000)
            .withGrant(0.06, 3, 100_000L);

    assertThat(target.rateBoundAt(60_000)).isEqualTo(TraceIdRatio.bound(0.5));
    assertThat(target.rateBoundAt(62_000)).isEqualTo(TraceIdRatio.bound(0.06));
  }

  @Test
  void takesANewBoostAfterTheLastOneExpired() {
    SamplingTarget target =
        SamplingTarget.initial(RULE_FOR_BOOST)
            .withGrant(0.05, null, null)
            .withBoost(0.5, 61_000)
            .withBoost(0.3, 200_000);

    assertThat(target.rateBoundAt(150_000)).isEqualTo(TraceIdRatio.bound(0.3));
  }

  private static final SamplingRule RULE_FOR_BOOST =
      new SamplingRule(
              "orders",
              1,
              0.05,
              0,
              "*",
              "*",
              "*",
              "*",
              "*",
              "*",
              java.util.Map.of(),
              SamplingRule.Origin.XRAY)
          .withBoost(new SamplingRateBoost(0.5, 1));
}
