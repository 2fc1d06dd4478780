/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling.rules;

import io.github.otelxray.match.Glob;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One rule, compiled: its matchers, its current target, and the reservoir and counters it shares
 * with the appliers it replaces. Immutable apart from those two shared counters; a new target makes
 * a new applier ({@link #withTarget}).
 *
 * <p>The resource-side fields ({@code ServiceName}, {@code ServiceType}, {@code ResourceARN}) are
 * matched once, at compile time: a rule that cannot match this process is never compiled.
 *
 * <p>Internal: public only for the other parts of the extension, not an API.
 */
public final class RuleApplier {

  public static final AttributeKey<String> SAMPLING_RULE =
      AttributeKey.stringKey("aws.xray.sampling_rule");

  private final SamplingRule rule;
  private final Glob host;
  private final Glob method;
  private final Glob path;
  private final AttributeMatcher[] attributeMatchers;
  private final SamplingTarget target;
  private final Reservoir reservoir;
  private final RuleStatistics statistics;
  private final SamplingResult sampled;
  private final SamplingResult unsampled;

  private RuleApplier(
      SamplingRule rule,
      SamplingTarget target,
      Reservoir reservoir,
      RuleStatistics statistics,
      DecisionOptions options) {
    this.rule = rule;
    this.host = Glob.ignoringCase(rule.host());
    this.method = Glob.ignoringCase(rule.httpMethod());
    this.path = Glob.ignoringCase(rule.urlPath());
    List<AttributeMatcher> matchers = new ArrayList<>();
    for (Map.Entry<String, String> entry : rule.attributes().entrySet()) {
      matchers.add(new AttributeMatcher(entry.getKey(), Glob.ignoringCase(entry.getValue())));
    }
    this.attributeMatchers = matchers.toArray(new AttributeMatcher[0]);
    this.target = target;
    this.reservoir = reservoir;
    this.statistics = statistics;
    // Built once per applier: the hot path returns them without allocating.
    Attributes attributes =
        options.recordRuleName()
            ? Attributes.of(SAMPLING_RULE, rule.ruleName())
            : Attributes.empty();
    if (rule.hash() != null) {
      // Sampling boost: stamp the rule for downstream services, and record what is not sampled
      // so its anomalies can be counted.
      this.sampled = new RuleDecision(SamplingDecision.RECORD_AND_SAMPLE, attributes, rule.hash());
      this.unsampled = new RuleDecision(SamplingDecision.RECORD_ONLY, attributes, rule.hash());
    } else {
      this.sampled = SamplingResult.create(SamplingDecision.RECORD_AND_SAMPLE, attributes);
      this.unsampled =
          options.recordUnsampled()
              ? SamplingResult.create(SamplingDecision.RECORD_ONLY, attributes)
              : SamplingResult.drop();
    }
  }

  /** Compiles {@code rule} for this resource; {@code null} when the rule can never match it. */
  static RuleApplier compile(SamplingRule rule, Resource resource, DecisionOptions options) {
    if (!appliesTo(rule, resource)) {
      return null;
    }
    return new RuleApplier(
        rule, SamplingTarget.initial(rule), new Reservoir(), new RuleStatistics(), options);
  }

  /** Same rule and state, new target. */
  RuleApplier withTarget(SamplingTarget newTarget, DecisionOptions options) {
    return new RuleApplier(rule, newTarget, reservoir, statistics, options);
  }

  /** A changed rule of the same name: fresh reservoir and target, counters kept for the report. */
  RuleApplier withRule(SamplingRule changed, Resource resource, DecisionOptions options) {
    if (!appliesTo(changed, resource)) {
      return null;
    }
    return new RuleApplier(
        changed, SamplingTarget.initial(changed), new Reservoir(), statistics, options);
  }

  boolean constrainsHost() {
    return !host.matchesAll();
  }

  boolean constrainsMethod() {
    return !method.matchesAll();
  }

  boolean constrainsPath() {
    return !path.matchesAll();
  }

  public SamplingRule rule() {
    return rule;
  }

  SamplingTarget target() {
    return target;
  }

  public RuleStatistics statistics() {
    return statistics;
  }

  /** Matching with the request fields already read, once per decision, by the snapshot. */
  public boolean matches(
      String requestHost, String requestMethod, String requestPath, Attributes attributes) {
    // Path first: rules of one service differ mostly by path, so a miss is usually found there.
    if (!path.matches(requestPath)
        || !method.matches(requestMethod)
        || !host.matches(requestHost)) {
      return false;
    }
    for (AttributeMatcher matcher : attributeMatchers) {
      if (!matcher.matches(attributes)) {
        return false;
      }
    }
    return true;
  }

  /** The decision for a root span this rule matched; counts it. */
  SamplingResult sample(String traceId, long nowMillis) {
    statistics.recordRequest();
    long second = nowMillis / 1000L;
    int quota = target.quotaAt(nowMillis);
    if (quota >= 0) {
      if (reservoir.tryAcquire(second, quota)) {
        statistics.recordSampled();
        return sampled;
      }
    } else if (target.borrowing() && reservoir.tryAcquire(second, 1)) {
      statistics.recordSampled();
      statistics.recordBorrowed();
      return sampled;
    }
    if (TraceIdRatio.sampled(traceId, target.rateBoundAt(nowMillis))) {
      statistics.recordSampled();
      return sampled;
    }
    return unsampled;
  }

  private static boolean appliesTo(SamplingRule rule, Resource resource) {
    if (!Glob.ignoringCase(rule.serviceName())
        .matches(resource.getAttribute(ResourceFields.SERVICE_NAME))) {
      return false;
    }
    if (!Glob.ignoringCase(rule.serviceType()).matches(ResourceFields.serviceType(resource))) {
      return false;
    }
    return Glob.ignoringCase(rule.resourceArn()).matches(ResourceFields.resourceArn(resource));
  }

  @Override
  public String toString() {
    return rule.ruleName() + " " + target;
  }

  /**
   * One entry of a rule's {@code Attributes}: the span attribute must exist and match. Typed keys
   * are built once, so a lookup allocates nothing; X-Ray attributes are strings, but a span may
   * carry the same name as a number or boolean, which is compared by its text.
   */
  private static final class AttributeMatcher {
    private final AttributeKey<String> asString;
    private final AttributeKey<Long> asLong;
    private final AttributeKey<Boolean> asBoolean;
    private final AttributeKey<Double> asDouble;
    private final Glob value;

    AttributeMatcher(String key, Glob value) {
      this.asString = AttributeKey.stringKey(key);
      this.asLong = AttributeKey.longKey(key);
      this.asBoolean = AttributeKey.booleanKey(key);
      this.asDouble = AttributeKey.doubleKey(key);
      this.value = value;
    }

    public boolean matches(Attributes attributes) {
      String text = attributes.get(asString);
      if (text != null) {
        return value.matches(text);
      }
      Object other = attributes.get(asLong);
      if (other == null) {
        other = attributes.get(asBoolean);
      }
      if (other == null) {
        other = attributes.get(asDouble);
      }
      return other != null && value.matches(String.valueOf(other));
    }
  }
}
