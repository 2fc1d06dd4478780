/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling.rules;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;

/**
 * One sampling rule, from X-Ray ({@code GetSamplingRules}), a local rules file or the built-in
 * default. Field names mirror the API's. Immutable; equal rules keep their reservoir and counters
 * when a new rule set arrives.
 *
 * <p>Internal: public only for the other parts of the extension, not an API.
 */
public final class SamplingRule {

  /** Where the rule came from: only X-Ray's rules are reported back in statistics. */
  public enum Origin {
    XRAY,
    LOCAL
  }

  private final String ruleName;
  private final int priority;
  private final double fixedRate;
  private final int reservoirSize;
  private final String serviceName;
  private final String serviceType;
  private final String host;
  private final String httpMethod;
  private final String urlPath;
  private final String resourceArn;
  private final Map<String, String> attributes;
  private final Origin origin;
  private final SamplingRateBoost boost; // null: the rule takes no part in sampling boost
  private final String hash; // RuleHash of the name, for rules with a boost only

  public SamplingRule(
      String ruleName,
      int priority,
      double fixedRate,
      int reservoirSize,
      String serviceName,
      String serviceType,
      String host,
      String httpMethod,
      String urlPath,
      String resourceArn,
      Map<String, String> attributes,
      Origin origin) {
    this.ruleName = ruleName;
    this.priority = priority;
    this.fixedRate = fixedRate;
    this.reservoirSize = reservoirSize;
    this.serviceName = serviceName;
    this.serviceType = serviceType;
    this.host = host;
    this.httpMethod = httpMethod;
    this.urlPath = urlPath;
    this.resourceArn = resourceArn;
    this.attributes = Collections.unmodifiableMap(attributes);
    this.origin = origin;
    this.boost = null;
    this.hash = null;
  }

  /** {@code rule}, with {@code boost} in place of its own. */
  private SamplingRule(SamplingRule rule, SamplingRateBoost boost) {
    this.ruleName = rule.ruleName;
    this.priority = rule.priority;
    this.fixedRate = rule.fixedRate;
    this.reservoirSize = rule.reservoirSize;
    this.serviceName = rule.serviceName;
    this.serviceType = rule.serviceType;
    this.host = rule.host;
    this.httpMethod = rule.httpMethod;
    this.urlPath = rule.urlPath;
    this.resourceArn = rule.resourceArn;
    this.attributes = rule.attributes;
    this.origin = rule.origin;
    this.boost = boost;
    this.hash = boost == null ? null : RuleHash.of(ruleName);
  }

  /** This rule with X-Ray's {@code SamplingRateBoost}. */
  public SamplingRule withBoost(SamplingRateBoost newBoost) {
    return new SamplingRule(this, newBoost);
  }

  /** The rule's boost settings, or {@code null} when it takes no part in sampling boost. */
  public SamplingRateBoost boost() {
    return boost;
  }

  /** The {@code xrsr} hash of the name for a rule with a boost, else {@code null}. */
  public String hash() {
    return hash;
  }

  /** A rule of a local rules file: per-instance {@code fixed_target}, matched in file order. */
  public static SamplingRule local(
      String name,
      int order,
      String host,
      String httpMethod,
      String urlPath,
      int fixedTarget,
      double rate) {
    return new SamplingRule(
        name,
        order,
        rate,
        fixedTarget,
        "*",
        "*",
        host,
        httpMethod,
        urlPath,
        "*",
        Collections.<String, String>emptyMap(),
        Origin.LOCAL);
  }

  public String ruleName() {
    return ruleName;
  }

  public int priority() {
    return priority;
  }

  public double fixedRate() {
    return fixedRate;
  }

  public int reservoirSize() {
    return reservoirSize;
  }

  public String serviceName() {
    return serviceName;
  }

  public String serviceType() {
    return serviceType;
  }

  public String host() {
    return host;
  }

  public String httpMethod() {
    return httpMethod;
  }

  public String urlPath() {
    return urlPath;
  }

  public String resourceArn() {
    return resourceArn;
  }

  public Map<String, String> attributes() {
    return attributes;
  }

  public Origin origin() {
    return origin;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof SamplingRule)) {
      return false;
    }
    SamplingRule that = (SamplingRule) o;
    return priority == that.priority
        && Double.compare(fixedRate, that.fixedRate) == 0
        && reservoirSize == that.reservoirSize
        && ruleName.equals(that.ruleName)
        && serviceName.equals(that.serviceName)
        && serviceType.equals(that.serviceType)
        && host.equals(that.host)
        && httpMethod.equals(that.httpMethod)
        && urlPath.equals(that.urlPath)
        && resourceArn.equals(that.resourceArn)
        && attributes.equals(that.attributes)
        && origin == that.origin
        && Objects.equals(boost, that.boost);
  }

  @Override
  public int hashCode() {
    return Objects.hash(ruleName, priority, fixedRate, reservoirSize, host, httpMethod, urlPath);
  }

  @Override
  public String toString() {
    return ruleName
        + "{priority="
        + priority
        + ", reservoir="
        + reservoirSize
        + "/s, rate="
        + fixedRate
        + ", service="
        + serviceName
        + ", type="
        + serviceType
        + ", host="
        + host
        + ", method="
        + httpMethod
        + ", path="
        + urlPath
        + ", arn="
        + resourceArn
        + ", attributes="
        + attributes
        + (boost != null ? ", " + boost : "")
        + "}";
  }
}
