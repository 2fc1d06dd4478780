/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RulesSnapshotTest {

  private static final String RATE_SAMPLES = "4bf92f3577b34da60000000000000001";
  private static final String RATE_DROPS = "4bf92f3577b34da67fffffffffffffff";
  private static final long T0 = 1_700_000_000_000L;

  private static final Resource SERVICE =
      Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "checkout"));

  private static final Attributes GET_ORDERS =
      Attributes.of(
          AttributeKey.stringKey("http.request.method"), "GET",
          AttributeKey.stringKey("url.path"), "/orders");
  private static final Attributes POST_ORDERS =
      Attributes.of(
          AttributeKey.stringKey("http.request.method"), "POST",
          AttributeKey.stringKey("url.path"), "/orders");

  private static SamplingRule xray(
      String name, int priority, int reservoir, double rate, String method) {
    return new SamplingRule(
        name,
        priority,
        rate,
        reservoir,
        "*",
        "*",
        "*",
        method,
        "*",
        "*",
        Map.of(),
        SamplingRule.Origin.XRAY);
  }

  private static SamplingRule xray(String name, int priority, int reservoir, double rate) {
    return xray(name, priority, reservoir, rate, "*");
  }

  private static RulesSnapshot snapshot(List<SamplingRule> rules) {
    return RulesSnapshot.of(
        rules, RulesSnapshot.Source.XRAY, SERVICE, DecisionOptions.of(true, false));
  }

  private static String ruleOf(SamplingResult result) {
    return result.getAttributes().get(RuleApplier.SAMPLING_RULE);
  }

  private static List<String> names(RulesSnapshot snapshot) {
    return snapshot.appliers().stream().map(a -> a.rule().ruleName()).collect(Collectors.toList());
  }

  private static RuleApplier applierNamed(RulesSnapshot snapshot, String name) {
    return snapshot.appliers().stream()
        .filter(a -> a.rule().ruleName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static Map<String, RuleStatistics.Counts> drained(RulesSnapshot snapshot) {
    return snapshot.drainStatistics().stream()
        .collect(Collectors.toMap(c -> c.ruleName, c -> c.counts));
  }

  // --- order and matching ---

  @Test
  void ordersRulesByPriorityThenByName() {
    RulesSnapshot snapshot =
        snapshot(
            List.of(
                xray("Default", 10000, 1, 0.05),
                xray("b-rule", 5, 1, 0.05),
                xray("a-rule", 5, 1, 0.05),
                xray("first", 1, 1, 0.05)));

    assertThat(names(snapshot)).containsExactly("first", "a-rule", "b-rule", "Default");
  }

  @Test
  void letsTheFirstMatchingRuleDecide() {
    RulesSnapshot snapshot =
        snapshot(
            List.of(
                xray("Default", 10000, 0, 1.0),
                xray("posts", 20, 0, 1.0, "POST"),
                xray("gets", 10, 0, 1.0, "GET"),
                xray("any-get", 15, 0, 1.0, "G*")));

    assertThat(ruleOf(snapshot.sample(RATE_SAMPLES, GET_ORDERS, T0))).isEqualTo("gets");
    assertThat(ruleOf(snapshot.sample(RATE_SAMPLES, POST_ORDERS, T0))).isEqualTo("posts");
    assertThat(ruleOf(snapshot.sample(RATE_SAMPLES, Attributes.empty(), T0))).isEqualTo("Default");
  }

  @Test
  void breaksPriorityTiesByRuleNameNotResponseOrder() {
    RulesSnapshot snapshot =
        snapshot(List.of(xray("zeta", 5, 0, 1.0, "GET"), xray("alpha", 5, 0, 1.0, "GET")));

    assertThat(ruleOf(snapshot.sample(RATE_SAMPLES, GET_ORDERS, T0))).isEqualTo("alpha");
  }

  @Test
  void decidesByTheMatchingRuleOnlyNotByLaterRules() {
    // A matched rule that drops must not fall through to a later rule that would sample.
    RulesSnapshot snapshot =
        snapshot(List.of(xray("drop-gets", 1, 0, 0.0, "GET"), xray("Default", 10000, 0, 1.0)));

    assertThat(snapshot.sample(RATE_SAMPLES, GET_ORDERS, T0).getDecision())
        .isEqualTo(SamplingDecision.DROP);
  }

  @Test
  void leavesOutRulesForOtherServices() {
    SamplingRule other =
        new SamplingRule(
            "cart-only",
            1,
            1.0,
            0,
            "cart",
            "*",
            "*",
            "*",
            "*",
            "*",
            Map.of(),
            SamplingRule.Origin.XRAY);
    RulesSnapshot snapshot = snapshot(List.of(other, xray("Default", 10000, 0, 1.0)));

    assertThat(names(snapshot)).containsExactly("Default");
  }

  @Test
  void fallsBackToTheBuiltInDefaultWhenNoRuleMatches() {
    RulesSnapshot snapshot = snapshot(List.of(xray("posts", 1, 0, 1.0, "POST")));

    SamplingResult first = snapshot.sample(RATE_DROPS, GET_ORDERS, T0);
    SamplingResult second = snapshot.sample(RATE_DROPS, GET_ORDERS, T0);
    SamplingResult byRate = snapshot.sample(RATE_SAMPLES, GET_ORDERS, T0);

    // 1 trace a second, then 5 %.
    assertThat(first.getDecision()).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
    assertThat(ruleOf(first)).isEqualTo("Default");
    assertThat(second.getDecision()).isEqualTo(SamplingDecision.DROP);
    assertThat(byRate.getDecision()).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
  }

  @Test
  void fallsBackToTheBuiltInDefaultWithNoRulesAtAll() {
    RulesSnapshot snapshot = snapshot(List.of());

    assertThat(snapshot.appliers()).isEmpty();
    assertThat(ruleOf(snapshot.sample(RATE_SAMPLES, GET_ORDERS, T0))).isEqualTo("Default");
  }

  @Test
  void describesTheBuiltInDefaultAsOneTraceASecondThenFivePercent() {
    SamplingRule rule = RulesSnapshot.builtInDefault();

    assertThat(rule.reservoirSize()).isEqualTo(1);
    assertThat(rule.fixedRate()).isEqualTo(0.05);
    assertThat(rule.priority()).isEqualTo(Integer.MAX_VALUE);
    assertThat(rule.origin()).isEqualTo(SamplingRule.Origin.LOCAL);
  }

  @Test
  void leavesTheRuleNameOutOfSampledResultsWhenAskedTo() {
    RulesSnapshot snapshot =
        RulesSnapshot.of(
            List.of(xray("r", 1, 0, 1.0)),
            RulesSnapshot.Source.XRAY,
            SERVICE,
            DecisionOptions.of(false, false));

    SamplingResult matched = snapshot.sample(RATE_SAMPLES, GET_ORDERS, T0);
    SamplingResult fallback =
        RulesSnapshot.of(
                List.of(), RulesSnapshot.Source.XRAY, SERVICE, DecisionOptions.of(false, false))
            .sample(RATE_SAMPLES, GET_ORDERS, T0);

    assertThat(matched.getDecision()).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
    assertThat(matched.getAttributes().isEmpty()).isTrue();
    assertThat(fallback.getDecision()).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
    assertThat(fallback.getAttributes().isEmpty()).isTrue();
  }

  @Test
  void carriesNoAttributesOnDrops() {
    RulesSnapshot snapshot = snapshot(List.of(xray("r", 1, 0, 0.0)));

    SamplingResult result = snapshot.sample(RATE_SAMPLES, GET_ORDERS, T0);

    assertThat(result.getDecision()).isEqualTo(SamplingDecision.DROP);
    assertThat(result.getAttributes().isEmpty()).isTrue();
  }

  // --- statistics ---

  @Test
  void sumsRequestsSampledAndBorrowedPerRule() {
    RulesSnapshot snapshot =
        snapshot(List.of(xray("gets", 1, 1, 0.0, "GET"), xray("Default", 10000, 0, 1.0)));
    snapshot.sample(RATE_DROPS, GET_ORDERS, T0); // borrowed
    snapshot.sample(RATE_DROPS, GET_ORDERS, T0); // dropped
    snapshot.sample(RATE_DROPS, GET_ORDERS, T0 + 1_000); // borrowed
    snapshot.sample(RATE_DROPS, POST_ORDERS, T0); // Default, rate 1

    Map<String, RuleStatistics.Counts> counts = drained(snapshot);

    assertThat(counts).containsOnlyKeys("gets", "Default");
    assertThat(counts.get("gets").requests).isEqualTo(3);
    assertThat(counts.get("gets").sampled).isEqualTo(2);
    assertThat(counts.get("gets").borrowed).isEqualTo(2);
    assertThat(counts.get("Default").requests).isEqualTo(1);
    assertThat(counts.get("Default").sampled).isEqualTo(1);
    assertThat(counts.get("Default").borrowed).isZero();
  }

  @Test
  void reportsOnlyRulesThatSawRequests() {
    RulesSnapshot snapshot =
        snapshot(List.of(xray("gets", 1, 0, 1.0, "GET"), xray("Default", 10000, 0, 1.0)));
    snapshot.sample(RATE_SAMPLES, GET_ORDERS, T0);

    assertThat(drained(snapshot)).containsOnlyKeys("gets");
  }

  @Test
  void resetsCountsWhenDrained() {
    RulesSnapshot snapshot = snapshot(List.of(xray("r", 1, 1, 1.0)));
    snapshot.sample(RATE_SAMPLES, GET_ORDERS, T0);
    snapshot.drainStatistics();

    assertThat(snapshot.drainStatistics()).isEmpty();
  }

  @Test
  void reportsOnlyXRayRules() {
    RulesSnapshot snapshot =
        RulesSnapshot.of(
            List.of(
                SamplingRule.local("local-gets", 0, "*", "GET", "*", 1, 1.0),
                xray("xray-posts", 1, 0, 1.0, "POST")),
            RulesSnapshot.Source.XRAY,
            SERVICE,
            DecisionOptions.of(true, false));
    snapshot.sample(RATE_SAMPLES, GET_ORDERS, T0);
    snapshot.sample(RATE_SAMPLES, POST_ORDERS, T0);

    assertThat(drained(snapshot)).containsOnlyKeys("xray-posts");
  }

  @Test
  void neverReportsTheBuiltInFallback() {
    RulesSnapshot snapshot = snapshot(List.of(xray("posts", 1, 0, 1.0, "POST")));
    snapshot.sample(RATE_SAMPLES, GET_ORDERS, T0);

    assertThat(snapshot.drainStatistics()).isEmpty();
  }

  // --- new rules ---

  @Test
  void keepsTheApplierOfAnUnchangedRuleWhenRulesChange() {
    RulesSnapshot before =
        snapshot(List.of(xray("gets", 1, 1, 0.0, "GET"), xray("Default", 10000, 1, 0.05)));

    RulesSnapshot after =
        before.withRules(
            List.of(xray("gets", 1, 1, 0.0, "GET"), xray("Default", 10000, 1, 0.5)),
            RulesSnapshot.Source.XRAY);

    assertThat(applierNamed(after, "gets")).isSameAs(applierNamed(before, "gets"));
    assertThat(applierNamed(after, "Default")).isNotSameAs(applierNamed(before, "Default"));
  }

  @Test
  void keepsReservoirOfUnchangedRuleWhenRulesChange() {
    RulesSnapshot before = snapshot(List.of(xray("gets", 1, 1, 0.0, "GET")));
    before.sample(RATE_DROPS, GET_ORDERS, T0); // takes this second's borrowed trace

    RulesSnapshot after =
        before.withRules(
            List.of(xray("gets", 1, 1, 0.0, "GET"), xray("new", 2, 1, 0.0)),
            RulesSnapshot.Source.XRAY);

    assertThat(after.sample(RATE_DROPS, GET_ORDERS, T0 + 1).getDecision())
        .isEqualTo(SamplingDecision.DROP);
  }

  @Test
  void keepsTargetOfUnchangedRuleWhenRulesChange() {
    RulesSnapshot before =
        snapshot(List.of(xray("gets", 1, 1, 0.0, "GET")))
            .withTargets(Map.of("gets", new RulesSnapshot.TargetGrant(1.0, 5, T0 + 60_000, 10)));

    RulesSnapshot after =
        before.withRules(List.of(xray("gets", 1, 1, 0.0, "GET")), RulesSnapshot.Source.XRAY);

    assertThat(applierNamed(after, "gets").target().fixedRate()).isEqualTo(1.0);
    assertThat(applierNamed(after, "gets").target().quotaAt(T0)).isEqualTo(5);
  }

  @Test
  void keepsUnreportedCountsOfUnchangedRuleWhenRulesChange() {
    RulesSnapshot before = snapshot(List.of(xray("gets", 1, 0, 1.0, "GET")));
    before.sample(RATE_SAMPLES, GET_ORDERS, T0);

    RulesSnapshot after =
        before.withRules(List.of(xray("gets", 1, 0, 1.0, "GET")), RulesSnapshot.Source.XRAY);
    after.sample(RATE_SAMPLES, GET_ORDERS, T0);

    assertThat(drained(after).get("gets").requests).isEqualTo(2);
  }

  @Test
  void resetsReservoirAndTargetOfAChangedRuleButKeepsItsUnreportedCounts() {
    RulesSnapshot before =
        snapshot(List.of(xray("gets", 1, 1, 0.0, "GET")))
            .withTargets(Map.of("gets", new RulesSnapshot.TargetGrant(0.0, 1, T0 + 60_000, 10)));
    before.sample(RATE_DROPS, GET_ORDERS, T0); // takes the 1/s quota

    RulesSnapshot after =
        before.withRules(List.of(xray("gets", 1, 1, 0.0, "G*")), RulesSnapshot.Source.XRAY);

    RuleApplier changed = applierNamed(after, "gets");
    assertThat(changed.rule().httpMethod()).isEqualTo("G*");
    assertThat(changed.target().quotaAt(T0)).isEqualTo(-1);
    // A fresh reservoir lends this second's trace again.
    assertThat(after.sample(RATE_DROPS, GET_ORDERS, T0 + 1).getDecision())
        .isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
    RuleStatistics.Counts counts = drained(after).get("gets");
    assertThat(counts.requests).isEqualTo(2);
    assertThat(counts.sampled).isEqualTo(2);
    assertThat(counts.borrowed).isEqualTo(1);
  }

  @Test
  void treatsARuleAsChangedWhenOnlyItsAttributesChange() {
    SamplingRule plain = xray("r", 1, 1, 0.0);
    SamplingRule withAttribute =
        new SamplingRule(
            "r",
            1,
            0.0,
            1,
            "*",
            "*",
            "*",
            "*",
            "*",
            "*",
            Map.of("tenant", "*"),
            SamplingRule.Origin.XRAY);
    RulesSnapshot before = snapshot(List.of(plain));

    RulesSnapshot after = before.withRules(List.of(withAttribute), RulesSnapshot.Source.XRAY);

    assertThat(applierNamed(after, "r")).isNotSameAs(applierNamed(before, "r"));
    assertThat(applierNamed(after, "r").rule().attributes()).containsEntry("tenant", "*");
  }

  @Test
  void inheritsNothingFromRulesOfADifferentSource() {
    RulesSnapshot local =
        RulesSnapshot.of(
            List.of(xray("gets", 1, 1, 0.0, "GET")),
            RulesSnapshot.Source.LOCAL_FILE,
            SERVICE,
            DecisionOptions.of(true, false));
    local.sample(RATE_DROPS, GET_ORDERS, T0);

    RulesSnapshot fromXRay =
        local.withRules(List.of(xray("gets", 1, 1, 0.0, "GET")), RulesSnapshot.Source.XRAY);

    assertThat(fromXRay.source()).isEqualTo(RulesSnapshot.Source.XRAY);
    assertThat(applierNamed(fromXRay, "gets")).isNotSameAs(applierNamed(local, "gets"));
    assertThat(fromXRay.sample(RATE_DROPS, GET_ORDERS, T0 + 1).getDecision())
        .isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
    assertThat(drained(fromXRay).get("gets").requests).isEqualTo(1);
  }

  @Test
  void dropsRulesMissingFromTheNewSet() {
    RulesSnapshot before = snapshot(List.of(xray("gone", 1, 0, 1.0), xray("kept", 2, 0, 1.0)));

    RulesSnapshot after =
        before.withRules(List.of(xray("kept", 2, 0, 1.0)), RulesSnapshot.Source.XRAY);

    assertThat(names(after)).containsExactly("kept");
  }

  @Test
  void sortsTheNewSetByPriority() {
    RulesSnapshot before = snapshot(List.of(xray("a", 1, 0, 1.0), xray("b", 2, 0, 1.0)));

    RulesSnapshot after =
        before.withRules(
            List.of(xray("a", 3, 0, 1.0), xray("b", 2, 0, 1.0)), RulesSnapshot.Source.XRAY);

    assertThat(names(after)).containsExactly("b", "a");
  }

  @Test
  void leavesOutNewRulesForOtherServices() {
    SamplingRule other =
        new SamplingRule(
            "cart-only",
            1,
            1.0,
            0,
            "cart",
            "*",
            "*",
            "*",
            "*",
            "*",
            Map.of(),
            SamplingRule.Origin.XRAY);

    RulesSnapshot after =
        snapshot(List.of(xray("Default", 10000, 0, 1.0)))
            .withRules(List.of(other, xray("Default", 10000, 0, 1.0)), RulesSnapshot.Source.XRAY);

    assertThat(names(after)).containsExactly("Default");
  }

  // --- targets ---

  @Test
  void appliesTargetsToTheRulesTheyName() {
    RulesSnapshot before =
        snapshot(List.of(xray("gets", 1, 1, 0.0, "GET"), xray("Default", 10000, 0, 0.0)));

    RulesSnapshot after =
        before.withTargets(Map.of("Default", new RulesSnapshot.TargetGrant(1.0, null, null, null)));

    assertThat(after.sample(RATE_DROPS, POST_ORDERS, T0).getDecision())
        .isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
    assertThat(applierNamed(after, "gets")).isSameAs(applierNamed(before, "gets"));
    // The snapshot in force until the swap keeps deciding by its own targets.
    assertThat(before.sample(RATE_DROPS, POST_ORDERS, T0).getDecision())
        .isEqualTo(SamplingDecision.DROP);
  }

  @Test
  void keepsCountsAndReservoirAcrossTargets() {
    RulesSnapshot before = snapshot(List.of(xray("gets", 1, 1, 0.0, "GET")));
    before.sample(RATE_DROPS, GET_ORDERS, T0);

    RulesSnapshot after =
        before.withTargets(Map.of("gets", new RulesSnapshot.TargetGrant(0.0, null, null, null)));

    assertThat(after.sample(RATE_DROPS, GET_ORDERS, T0 + 1).getDecision())
        .isEqualTo(SamplingDecision.DROP);
    assertThat(drained(after).get("gets").requests).isEqualTo(2);
  }

  @Test
  void keepsTheOldQuotaWhenATargetHasNone() {
    RulesSnapshot granted =
        snapshot(List.of(xray("gets", 1, 10, 0.0, "GET")))
            .withTargets(Map.of("gets", new RulesSnapshot.TargetGrant(0.0, 2, T0 + 60_000, 10)))
            .withTargets(Map.of("gets", new RulesSnapshot.TargetGrant(0.0, null, null, null)));

    assertThat(applierNamed(granted, "gets").target().quotaAt(T0)).isEqualTo(2);
    assertThat(granted.sample(RATE_DROPS, GET_ORDERS, T0).getDecision())
        .isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
    assertThat(granted.sample(RATE_DROPS, GET_ORDERS, T0).getDecision())
        .isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
    assertThat(granted.sample(RATE_DROPS, GET_ORDERS, T0).getDecision())
        .isEqualTo(SamplingDecision.DROP);
  }

  @Test
  void returnsItselfWhenNoTargetNamesOneOfItsRules() {
    RulesSnapshot snapshot = snapshot(List.of(xray("gets", 1, 1, 0.0, "GET")));

    assertThat(
            snapshot.withTargets(
                Map.of("other", new RulesSnapshot.TargetGrant(1.0, null, null, null))))
        .isSameAs(snapshot);
  }

  @Test
  void keepsItsSourceAcrossTargets() {
    RulesSnapshot snapshot = snapshot(List.of(xray("gets", 1, 1, 0.0, "GET")));

    assertThat(
            snapshot
                .withTargets(Map.of("gets", new RulesSnapshot.TargetGrant(1.0, null, null, null)))
                .source())
        .isEqualTo(RulesSnapshot.Source.XRAY);
  }
}
