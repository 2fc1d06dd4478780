/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling.rules;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules in force, compiled and sorted: ascending priority, ties by rule name (as the X-Ray SDKs
 * do; contrib keeps response order). Immutable: the poller builds a new snapshot and the sampler
 * swaps it in through one volatile field, so request threads never lock.
 *
 * <p>Internal: public only for the other parts of the extension, not an API.
 */
public final class RulesSnapshot {

  /** Where the rules in force came from. */
  public enum Source {
    XRAY("X-Ray"),
    LOCAL_FILE("the local rules file"),
    BUILT_IN("the built-in default (1 trace/s, then 5 %)");

    private final String description;

    Source(String description) {
      this.description = description;
    }

    @Override
    public String toString() {
      return description;
    }
  }

  private static final Comparator<RuleApplier> ORDER =
      Comparator.<RuleApplier>comparingInt(a -> a.rule().priority())
          .thenComparing(a -> a.rule().ruleName());

  private final RuleApplier[] appliers;
  // The rules that take part in sampling boost, found by the xrsr hash of their name.
  private final RuleApplier[] boostAppliers;
  // Which request fields any rule constrains: read once per decision, and only those.
  private final boolean readHost;
  private final boolean readMethod;
  private final boolean readPath;
  private final RuleApplier fallback;
  private final Source source;
  private final Resource resource;
  private final DecisionOptions options;

  private RulesSnapshot(
      RuleApplier[] appliers,
      RuleApplier fallback,
      Source source,
      Resource resource,
      DecisionOptions options) {
    this.appliers = appliers;
    List<RuleApplier> boosted = new ArrayList<>();
    for (RuleApplier applier : appliers) {
      if (applier.rule().hash() != null) {
        boosted.add(applier);
      }
    }
    this.boostAppliers = boosted.toArray(new RuleApplier[0]);
    boolean host = false;
    boolean method = false;
    boolean path = false;
    for (RuleApplier applier : appliers) {
      host |= applier.constrainsHost();
      method |= applier.constrainsMethod();
      path |= applier.constrainsPath();
    }
    this.readHost = host;
    this.readMethod = method;
    this.readPath = path;
    this.fallback = fallback;
    this.source = source;
    this.resource = resource;
    this.options = options;
  }

  /** X-Ray SDK's client-side default: one trace a second, then 5 % of the rest. */
  public static SamplingRule builtInDefault() {
    return SamplingRule.local("Default", Integer.MAX_VALUE, "*", "*", "*", 1, 0.05);
  }

  public static RulesSnapshot of(
      List<SamplingRule> rules, Source source, Resource resource, DecisionOptions options) {
    List<RuleApplier> compiled = new ArrayList<>();
    for (SamplingRule rule : rules) {
      RuleApplier applier = RuleApplier.compile(rule, resource, options);
      if (applier != null) {
        compiled.add(applier);
      }
    }
    return sorted(compiled, source, resource, options);
  }

  /**
   * A snapshot for a new rule set that keeps the reservoir, target and counters of every rule that
   * did not change, and the counters of rules that did (they are still owed a report). contrib
   * resets every rule's state on any change.
   */
  public RulesSnapshot withRules(List<SamplingRule> rules, Source newSource) {
    Map<String, RuleApplier> previous = new HashMap<>();
    if (newSource == source) {
      for (RuleApplier applier : appliers) {
        previous.put(applier.rule().ruleName(), applier);
      }
    }
    List<RuleApplier> compiled = new ArrayList<>();
    for (SamplingRule rule : rules) {
      RuleApplier old = previous.get(rule.ruleName());
      RuleApplier applier;
      if (old == null) {
        applier = RuleApplier.compile(rule, resource, options);
      } else if (old.rule().equals(rule)) {
        applier = old;
      } else {
        applier = old.withRule(rule, resource, options);
      }
      if (applier != null) {
        compiled.add(applier);
      }
    }
    return sorted(compiled, newSource, resource, options);
  }

  /** A snapshot with X-Ray's new targets applied to the rules they name. */
  public RulesSnapshot withTargets(Map<String, TargetGrant> grants) {
    RuleApplier[] updated = appliers.clone();
    boolean changed = false;
    for (int i = 0; i < updated.length; i++) {
      TargetGrant grant = grants.get(updated[i].rule().ruleName());
      if (grant != null) {
        SamplingTarget target =
            updated[i]
                .target()
                .withGrant(grant.fixedRate, grant.reservoirQuota, grant.quotaExpiresAtMillis);
        if (grant.boostRate != null && updated[i].rule().boost() != null) {
          target = target.withBoost(grant.boostRate, grant.boostExpiresAtMillis);
        }
        updated[i] = updated[i].withTarget(target, options);
        changed = true;
      }
    }
    return changed ? new RulesSnapshot(updated, fallback, source, resource, options) : this;
  }

  public SamplingResult sample(String traceId, Attributes attributes, long nowMillis) {
    String host = readHost ? RequestFields.host(attributes) : null;
    String method = readMethod ? RequestFields.method(attributes) : null;
    String path = readPath ? RequestFields.path(attributes) : null;
    for (RuleApplier applier : appliers) {
      if (applier.matches(host, method, path, attributes)) {
        return applier.sample(traceId, nowMillis);
      }
    }
    // Only reachable when a rule set lacks a catch-all (X-Ray always sends Default).
    return fallback.sample(traceId, nowMillis);
  }

  /** Counts since the last report for X-Ray's rules that saw requests; resets them. */
  public List<RuleCounts> drainStatistics() {
    List<RuleCounts> counts = new ArrayList<>();
    for (RuleApplier applier : appliers) {
      if (applier.rule().origin() != SamplingRule.Origin.XRAY) {
        continue;
      }
      RuleStatistics.Counts drained = applier.statistics().drain();
      if (drained.hasSamplingCounts() || drained.hasBoostCounts()) {
        counts.add(new RuleCounts(applier.rule().ruleName(), boostServiceName(), drained));
      }
    }
    return counts;
  }

  public Source source() {
    return source;
  }

  /** Whether any rule in force takes part in sampling boost. */
  public boolean hasBoostRules() {
    return boostAppliers.length > 0;
  }

  /**
   * The rule with a boost whose name hashes to {@code hash} (an {@code xrsr} value), or {@code
   * null}: a hash of another account's rule is no concern of this service.
   */
  public RuleApplier boostRule(String hash) {
    if (hash == null) {
      return null;
    }
    for (RuleApplier applier : boostAppliers) {
      if (applier.rule().hash().equals(hash)) {
        return applier;
      }
    }
    return null;
  }

  /**
   * The service name the boost statistics are reported for: the resource's {@code service.name},
   * cut to the API's 64 characters (a longer one could fail the whole targets call).
   */
  String boostServiceName() {
    String name = resource.getAttribute(ResourceFields.SERVICE_NAME);
    if (name == null || name.isEmpty()) {
      return "default";
    }
    return name.length() > 64 ? name.substring(0, 64) : name;
  }

  public List<RuleApplier> appliers() {
    return Collections.unmodifiableList(Arrays.asList(appliers));
  }

  private static RulesSnapshot sorted(
      List<RuleApplier> compiled, Source source, Resource resource, DecisionOptions options) {
    compiled.sort(ORDER);
    RuleApplier fallback = RuleApplier.compile(builtInDefault(), Resource.empty(), options);
    return new RulesSnapshot(
        compiled.toArray(new RuleApplier[0]), fallback, source, resource, options);
  }

  /** What X-Ray granted one rule. */
  public static final class TargetGrant {
    public final double fixedRate;
    public final Integer reservoirQuota;
    public final Long quotaExpiresAtMillis;
    public final Integer intervalSeconds;
    public final Double boostRate; // null: no SamplingBoost
    public final long boostExpiresAtMillis;

    public TargetGrant(
        double fixedRate,
        Integer reservoirQuota,
        Long quotaExpiresAtMillis,
        Integer intervalSeconds) {
      this(fixedRate, reservoirQuota, quotaExpiresAtMillis, intervalSeconds, null, 0);
    }

    public TargetGrant(
        double fixedRate,
        Integer reservoirQuota,
        Long quotaExpiresAtMillis,
        Integer intervalSeconds,
        Double boostRate,
        long boostExpiresAtMillis) {
      this.fixedRate = fixedRate;
      this.reservoirQuota = reservoirQuota;
      this.quotaExpiresAtMillis = quotaExpiresAtMillis;
      this.intervalSeconds = intervalSeconds;
      this.boostRate = boostRate;
      this.boostExpiresAtMillis = boostExpiresAtMillis;
    }
  }

  /**
   * One rule's counts for a {@code SamplingStatisticsDocument} and, for a rule with a boost, a
   * {@code SamplingBoostStatisticsDocument} (which also names the service).
   */
  public static final class RuleCounts {
    public final String ruleName;
    public final String serviceName;
    public final RuleStatistics.Counts counts;

    public RuleCounts(String ruleName, String serviceName, RuleStatistics.Counts counts) {
      this.ruleName = ruleName;
      this.serviceName = serviceName;
      this.counts = counts;
    }
  }
}
