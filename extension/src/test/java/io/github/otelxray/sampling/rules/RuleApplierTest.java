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
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuleApplierTest {

  /** Low half 1: sampled by any rate above zero. */
  private static final String RATE_SAMPLES = "4bf92f3577b34da60000000000000001";

  /** Low half Long.MAX_VALUE: sampled by rate 1 only, so anything sampled below 1 is reservoir. */
  private static final String RATE_DROPS = "4bf92f3577b34da67fffffffffffffff";

  private static final long T0 = 1_700_000_000_000L; // a whole second

  private static final Resource SERVICE =
      Resource.create(
          Attributes.of(
              AttributeKey.stringKey("service.name"), "checkout",
              AttributeKey.stringKey("cloud.platform"), "aws_ecs",
              AttributeKey.stringKey("aws.ecs.container.arn"),
                  "arn:aws:ecs:eu-west-1:123456789012:container/prod/abc"));

  private static AttributeKey<String> key(String name) {
    return AttributeKey.stringKey(name);
  }

  /** An X-Ray rule matching everything; change fields through the builder. */
  private static Rule rule(String name) {
    return new Rule(name);
  }

  private static RuleApplier applier(Rule rule) {
    RuleApplier applier =
        RuleApplier.compile(rule.build(), SERVICE, DecisionOptions.of(true, false));
    assertThat(applier).as("rule %s applies to the test service", rule.name).isNotNull();
    return applier;
  }

  /** Matching as the snapshot does it: the request fields read once, then the rule's matchers. */
  private static boolean matches(RuleApplier applier, Attributes attributes) {
    return applier.matches(
        RequestFields.host(attributes),
        RequestFields.method(attributes),
        RequestFields.path(attributes),
        attributes);
  }

  private static SamplingDecision decide(RuleApplier applier, String traceId, long millis) {
    return applier.sample(traceId, millis).getDecision();
  }

  // --- request matching ---

  @ParameterizedTest(name = "{0}={1} against Host {2}: {3}")
  @CsvSource({
    "server.address, api.example.com, *.example.com, true",
    "net.host.name, api.example.com, *.example.com, true",
    "http.host, api.example.com, *.example.com, true",
    "server.address, api.example.org, *.example.com, false",
    "server.address, API.EXAMPLE.COM, api.example.com, true",
  })
  void matchesHostFromEitherAttributeGeneration(
      String attribute, String value, String host, boolean matches) {
    RuleApplier applier = applier(rule("r").host(host));

    assertThat(matches(applier, Attributes.of(key(attribute), value))).isEqualTo(matches);
  }

  @ParameterizedTest(name = "{0}={1} against HTTPMethod {2}: {3}")
  @CsvSource({
    "http.request.method, GET, GET, true",
    "http.method, GET, GET, true",
    "http.request.method, POST, GET, false",
    "http.method, get, G*, true",
  })
  void matchesMethodFromEitherAttributeGeneration(
      String attribute, String value, String method, boolean matches) {
    RuleApplier applier = applier(rule("r").method(method));

    assertThat(matches(applier, Attributes.of(key(attribute), value))).isEqualTo(matches);
  }

  @Test
  void matchesMethodOtherByItsOriginalName() {
    RuleApplier applier = applier(rule("r").method("PURGE"));

    assertThat(
            matches(
                applier,
                Attributes.of(
                    key("http.request.method"), "_OTHER",
                    key("http.request.method_original"), "PURGE")))
        .isTrue();
  }

  @ParameterizedTest(name = "{0}={1} against URLPath {2}: {3}")
  @CsvSource({
    "url.path, /api/orders, /api/*, true",
    "http.target, /api/orders?x=1, /api/*, true",
    "url.full, https://shop.example.com/api/orders, /api/*, true",
    "http.url, https://shop.example.com/api/orders, /api/*, true",
    "url.path, /health, /api/*, false",
    "url.path, /API/Orders, /api/orders, true",
  })
  void matchesPathFromEitherAttributeGeneration(
      String attribute, String value, String path, boolean matches) {
    RuleApplier applier = applier(rule("r").path(path));

    assertThat(matches(applier, Attributes.of(key(attribute), value))).isEqualTo(matches);
  }

  @Test
  void requiresEveryRequestFieldToMatch() {
    RuleApplier applier = applier(rule("r").host("api.*").method("POST").path("/orders"));
    Attributes all =
        Attributes.of(
            key("server.address"), "api.example.com",
            key("http.request.method"), "POST",
            key("url.path"), "/orders");

    assertThat(matches(applier, all)).isTrue();
    assertThat(matches(applier, all.toBuilder().put(key("http.request.method"), "GET").build()))
        .isFalse();
    assertThat(matches(applier, all.toBuilder().put(key("url.path"), "/carts").build())).isFalse();
    assertThat(matches(applier, all.toBuilder().put(key("server.address"), "web.x").build()))
        .isFalse();
  }

  @Test
  void doesNotMatchASpecificFieldWhenTheRequestLacksIt() {
    assertThat(matches(applier(rule("r").method("GET")), Attributes.empty())).isFalse();
    assertThat(matches(applier(rule("r").path("/*")), Attributes.empty())).isFalse();
    assertThat(matches(applier(rule("r")), Attributes.empty())).isTrue();
  }

  @Test
  void matchesStringSpanAttributesByGlob() {
    RuleApplier applier = applier(rule("r").attribute("tenant", "acme-*"));

    assertThat(matches(applier, Attributes.of(key("tenant"), "ACME-eu"))).isTrue();
    assertThat(matches(applier, Attributes.of(key("tenant"), "globex"))).isFalse();
  }

  @Test
  void requiresEveryRuleAttributeToBePresent() {
    RuleApplier applier = applier(rule("r").attribute("tenant", "*").attribute("tier", "gold"));

    assertThat(matches(applier, Attributes.of(key("tenant"), "acme"))).isFalse();
    assertThat(matches(applier, Attributes.of(key("tenant"), "acme", key("tier"), "gold")))
        .isTrue();
    assertThat(matches(applier, Attributes.of(key("tenant"), "acme", key("tier"), "silver")))
        .isFalse();
  }

  @Test
  void matchesNumericAndBooleanSpanAttributesByTheirText() {
    assertThat(
            matches(
                applier(rule("r").attribute("retries", "3")),
                Attributes.of(AttributeKey.longKey("retries"), 3L)))
        .isTrue();
    assertThat(
            matches(
                applier(rule("r").attribute("retries", "3")),
                Attributes.of(AttributeKey.longKey("retries"), 4L)))
        .isFalse();
    assertThat(
            matches(
                applier(rule("r").attribute("beta", "TRUE")),
                Attributes.of(AttributeKey.booleanKey("beta"), true)))
        .isTrue();
    assertThat(
            matches(
                applier(rule("r").attribute("weight", "1.5")),
                Attributes.of(AttributeKey.doubleKey("weight"), 1.5)))
        .isTrue();
    assertThat(
            matches(
                applier(rule("r").attribute("code", "5*")),
                Attributes.of(AttributeKey.longKey("code"), 503L)))
        .isTrue();
  }

  // --- resource-side fields ---

  @ParameterizedTest(name = "ServiceName {0}, ServiceType {1}, ResourceARN {2}: {3}")
  @CsvSource({
    "*, *, *, true",
    "checkout, *, *, true",
    "CHECK*, *, *, true",
    "cart, *, *, false",
    "*, AWS::ECS::Container, *, true",
    "*, AWS::EC2::Instance, *, false",
    "*, *, arn:aws:ecs:*:container/prod/*, true",
    "*, *, arn:aws:lambda:*, false",
  })
  void compilesOnlyRulesWhoseResourceFieldsMatchThisService(
      String serviceName, String serviceType, String resourceArn, boolean compiled) {
    SamplingRule rule =
        rule("r")
            .serviceName(serviceName)
            .serviceType(serviceType)
            .resourceArn(resourceArn)
            .build();

    assertThat(RuleApplier.compile(rule, SERVICE, DecisionOptions.of(true, false)) != null)
        .isEqualTo(compiled);
  }

  @Test
  void compilesOnlyStarResourceFieldsForAResourceWithoutThem() {
    assertThat(
            RuleApplier.compile(
                rule("r").build(), Resource.empty(), DecisionOptions.of(true, false)))
        .isNotNull();
    assertThat(
            RuleApplier.compile(
                rule("r").serviceName("checkout").build(),
                Resource.empty(),
                DecisionOptions.of(true, false)))
        .isNull();
    assertThat(
            RuleApplier.compile(
                rule("r").serviceType("AWS::EC2::Instance").build(),
                Resource.empty(),
                DecisionOptions.of(true, false)))
        .isNull();
  }

  @Test
  void dropsAChangedRuleThatNoLongerAppliesToThisService() {
    RuleApplier applier = applier(rule("r"));

    assertThat(
            applier.withRule(
                rule("r").serviceName("cart").build(), SERVICE, DecisionOptions.of(true, false)))
        .isNull();
  }

  // --- decisions ---

  @Test
  void borrowsOneTraceASecondBeforeTheFirstTarget() {
    RuleApplier applier = applier(rule("r").reservoir(50).rate(0.0));

    assertThat(decide(applier, RATE_DROPS, T0)).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
    assertThat(decide(applier, RATE_DROPS, T0 + 999)).isEqualTo(SamplingDecision.DROP);
    assertThat(decide(applier, RATE_DROPS, T0 + 1_000))
        .isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
  }

  @Test
  void neverBorrowsForARuleWithoutReservoir() {
    RuleApplier applier = applier(rule("r").reservoir(0).rate(0.0));

    assertThat(decide(applier, RATE_DROPS, T0)).isEqualTo(SamplingDecision.DROP);
    assertThat(decide(applier, RATE_DROPS, T0 + 1_000)).isEqualTo(SamplingDecision.DROP);
  }

  @Test
  void fallsToTheRateOnceTheBorrowedTraceIsTaken() {
    RuleApplier applier = applier(rule("r").reservoir(1).rate(0.5));
    decide(applier, RATE_DROPS, T0);

    assertThat(decide(applier, RATE_SAMPLES, T0)).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
    assertThat(decide(applier, RATE_DROPS, T0)).isEqualTo(SamplingDecision.DROP);
  }

  @Test
  void takesTheGrantedQuotaEachSecondWhileItIsValid() {
    RuleApplier applier = granted(applier(rule("r").reservoir(1).rate(0.0)), 0.0, 3, T0 + 5_000);

    for (long second = 0; second < 5; second++) {
      long at = T0 + second * 1_000;
      for (int i = 0; i < 3; i++) {
        assertThat(decide(applier, RATE_DROPS, at + i))
            .as("second %d trace %d", second, i + 1)
            .isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
      }
      assertThat(decide(applier, RATE_DROPS, at + 500)).isEqualTo(SamplingDecision.DROP);
    }
  }

  @Test
  void samplesByTheGrantedRateBeyondTheQuota() {
    RuleApplier applier = granted(applier(rule("r").reservoir(1).rate(0.0)), 0.5, 0, T0 + 5_000);

    assertThat(decide(applier, RATE_SAMPLES, T0)).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
    assertThat(decide(applier, RATE_DROPS, T0)).isEqualTo(SamplingDecision.DROP);
  }

  @Test
  void doesNotBorrowWhileAZeroQuotaIsValid() {
    RuleApplier applier = granted(applier(rule("r").reservoir(10).rate(0.0)), 0.0, 0, T0 + 5_000);

    assertThat(decide(applier, RATE_DROPS, T0)).isEqualTo(SamplingDecision.DROP);
  }

  @Test
  void borrowsAgainAfterTheQuotaExpires() {
    RuleApplier applier = granted(applier(rule("r").reservoir(10).rate(0.0)), 0.0, 3, T0 + 2_000);
    long expired = T0 + 2_000;

    assertThat(decide(applier, RATE_DROPS, expired)).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
    assertThat(decide(applier, RATE_DROPS, expired + 1)).isEqualTo(SamplingDecision.DROP);
    assertThat(decide(applier, RATE_DROPS, expired + 1_000))
        .isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
  }

  @Test
  void usesOnlyTheRateAfterTheQuotaExpiresForARuleWithoutReservoir() {
    RuleApplier applier = granted(applier(rule("r").reservoir(0).rate(0.0)), 0.0, 3, T0 + 2_000);

    assertThat(decide(applier, RATE_DROPS, T0 + 2_000)).isEqualTo(SamplingDecision.DROP);
    assertThat(decide(applier, RATE_SAMPLES, T0 + 2_000)).isEqualTo(SamplingDecision.DROP);
  }

  @Test
  void keepsTheOldQuotaWhenATargetCarriesNone() {
    RuleApplier first = granted(applier(rule("r").reservoir(10).rate(0.0)), 0.0, 2, T0 + 10_000);
    RuleApplier second =
        first.withTarget(
            first.target().withGrant(0.0, null, null), DecisionOptions.of(true, false));

    assertThat(decide(second, RATE_DROPS, T0)).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
    assertThat(decide(second, RATE_DROPS, T0)).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
    assertThat(decide(second, RATE_DROPS, T0)).isEqualTo(SamplingDecision.DROP);
  }

  @Test
  void sharesTheReservoirAndCountersWithTheApplierItReplacesByTarget() {
    RuleApplier before = applier(rule("r").reservoir(1).rate(0.0));
    decide(before, RATE_DROPS, T0); // borrows this second's trace

    RuleApplier after =
        before.withTarget(
            before.target().withGrant(0.0, null, null), DecisionOptions.of(true, false));

    assertThat(decide(after, RATE_DROPS, T0 + 1)).isEqualTo(SamplingDecision.DROP);
    assertThat(after.statistics()).isSameAs(before.statistics());
  }

  @Test
  void givesAChangedRuleAFreshReservoirAndTargetButKeepsItsCounters() {
    RuleApplier before = granted(applier(rule("r").reservoir(1).rate(0.0)), 0.0, 1, T0 + 60_000);
    decide(before, RATE_DROPS, T0);

    RuleApplier after =
        before.withRule(
            rule("r").reservoir(2).rate(0.0).build(), SERVICE, DecisionOptions.of(true, false));

    assertThat(after.target().quotaAt(T0)).isEqualTo(-1);
    assertThat(after.target().borrowing()).isTrue();
    assertThat(decide(after, RATE_DROPS, T0 + 1)).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
    assertThat(after.statistics()).isSameAs(before.statistics());
  }

  @Test
  void countsRequestsSampledAndBorrowed() {
    RuleApplier applier = applier(rule("r").reservoir(1).rate(0.5));
    decide(applier, RATE_DROPS, T0); // borrowed
    decide(applier, RATE_SAMPLES, T0); // by rate
    decide(applier, RATE_DROPS, T0); // dropped
    decide(applier, RATE_DROPS, T0 + 1_000); // borrowed

    RuleStatistics.Counts counts = applier.statistics().drain();

    assertThat(counts.requests).isEqualTo(4);
    assertThat(counts.sampled).isEqualTo(3);
    assertThat(counts.borrowed).isEqualTo(2);
  }

  @Test
  void doesNotCountQuotaTracesAsBorrowed() {
    RuleApplier applier = granted(applier(rule("r").reservoir(5).rate(0.0)), 0.0, 2, T0 + 5_000);
    decide(applier, RATE_DROPS, T0);
    decide(applier, RATE_DROPS, T0);
    decide(applier, RATE_DROPS, T0);

    RuleStatistics.Counts counts = applier.statistics().drain();

    assertThat(counts.requests).isEqualTo(3);
    assertThat(counts.sampled).isEqualTo(2);
    assertThat(counts.borrowed).isZero();
  }

  @Test
  void resetsCountsWhenDrained() {
    RuleApplier applier = applier(rule("r").reservoir(1).rate(1.0));
    decide(applier, RATE_DROPS, T0);
    applier.statistics().drain();

    RuleStatistics.Counts counts = applier.statistics().drain();

    assertThat(counts.requests).isZero();
    assertThat(counts.sampled).isZero();
    assertThat(counts.borrowed).isZero();
  }

  // --- results ---

  @Test
  void namesTheRuleOnSampledResults() {
    SamplingResult result = applier(rule("checkout-rule").rate(1.0)).sample(RATE_DROPS, T0);

    assertThat(result.getDecision()).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
    assertThat(result.getAttributes().get(RuleApplier.SAMPLING_RULE)).isEqualTo("checkout-rule");
  }

  @Test
  void leavesOutTheRuleNameWhenAskedTo() {
    RuleApplier applier =
        RuleApplier.compile(rule("r").rate(1.0).build(), SERVICE, DecisionOptions.of(false, false));

    SamplingResult result = applier.sample(RATE_DROPS, T0);

    assertThat(result.getDecision()).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
    assertThat(result.getAttributes().isEmpty()).isTrue();
  }

  @Test
  void keepsTheRuleNameChoiceAcrossTargets() {
    RuleApplier applier =
        RuleApplier.compile(rule("r").rate(1.0).build(), SERVICE, DecisionOptions.of(true, false));
    RuleApplier updated =
        applier.withTarget(
            applier.target().withGrant(1.0, null, null), DecisionOptions.of(true, false));

    assertThat(updated.sample(RATE_DROPS, T0).getAttributes().get(RuleApplier.SAMPLING_RULE))
        .isEqualTo("r");
  }

  @Test
  void carriesNoAttributesOnDrops() {
    SamplingResult result = applier(rule("r").reservoir(0).rate(0.0)).sample(RATE_SAMPLES, T0);

    assertThat(result.getDecision()).isEqualTo(SamplingDecision.DROP);
    assertThat(result.getAttributes().isEmpty()).isTrue();
  }

  private static RuleApplier granted(
      RuleApplier applier, double rate, int quota, long expiresAtMillis) {
    return applier.withTarget(
        applier.target().withGrant(rate, quota, expiresAtMillis), DecisionOptions.of(true, false));
  }

  /** Builds X-Ray rules that match everything except what a test sets. */
  private static final class Rule {
    private final String name;
    private int priority = 100;
    private double rate = 0.05;
    private int reservoir = 1;
    private String serviceName = "*";
    private String serviceType = "*";
    private String host = "*";
    private String method = "*";
    private String path = "*";
    private String resourceArn = "*";
    private final Map<String, String> attributes = new HashMap<>();

    Rule(String name) {
      this.name = name;
    }

    Rule rate(double value) {
      rate = value;
      return this;
    }

    Rule reservoir(int value) {
      reservoir = value;
      return this;
    }

    Rule serviceName(String value) {
      serviceName = value;
      return this;
    }

    Rule serviceType(String value) {
      serviceType = value;
      return this;
    }

    Rule host(String value) {
      host = value;
      return this;
    }

    Rule method(String value) {
      method = value;
      return this;
    }

    Rule path(String value) {
      path = value;
      return this;
    }

    Rule resourceArn(String value) {
      resourceArn = value;
      return this;
    }

    Rule attribute(String key, String value) {
      attributes.put(key, value);
      return this;
    }

    SamplingRule build() {
      return new SamplingRule(
          name,
          priority,
          rate,
          reservoir,
          serviceName,
          serviceType,
          host,
          method,
          path,
          resourceArn,
          new HashMap<>(attributes),
          SamplingRule.Origin.XRAY);
    }
  }
}
