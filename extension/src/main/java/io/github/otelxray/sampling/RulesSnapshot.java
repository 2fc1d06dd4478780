package io.github.otelxray.sampling;

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
 */
final class RulesSnapshot {

  /** Where the rules in force came from. */
  enum Source {
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
  // Which request fields any rule constrains: read once per decision, and only those.
  private final boolean readHost;
  private final boolean readMethod;
  private final boolean readPath;
  private final RuleApplier fallback;
  private final Source source;
  private final Resource resource;
  private final boolean recordRuleName;

  private RulesSnapshot(
      RuleApplier[] appliers,
      RuleApplier fallback,
      Source source,
      Resource resource,
      boolean recordRuleName) {
    this.appliers = appliers;
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
    this.recordRuleName = recordRuleName;
  }

  /** X-Ray SDK's client-side default: one trace a second, then 5 % of the rest. */
  static SamplingRule builtInDefault() {
    return SamplingRule.local("Default", Integer.MAX_VALUE, "*", "*", "*", 1, 0.05);
  }

  static RulesSnapshot of(
      List<SamplingRule> rules, Source source, Resource resource, boolean recordRuleName) {
    List<RuleApplier> compiled = new ArrayList<>();
    for (SamplingRule rule : rules) {
      RuleApplier applier = RuleApplier.compile(rule, resource, recordRuleName);
      if (applier != null) {
        compiled.add(applier);
      }
    }
    return sorted(compiled, source, resource, recordRuleName);
  }

  /**
   * A snapshot for a new rule set that keeps the reservoir, target and counters of every rule that
   * did not change, and the counters of rules that did (they are still owed a report). contrib
   * resets every rule's state on any change.
   */
  RulesSnapshot withRules(List<SamplingRule> rules, Source newSource) {
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
        applier = RuleApplier.compile(rule, resource, recordRuleName);
      } else if (old.rule().equals(rule)) {
        applier = old;
      } else {
        applier = old.withRule(rule, resource, recordRuleName);
      }
      if (applier != null) {
        compiled.add(applier);
      }
    }
    return sorted(compiled, newSource, resource, recordRuleName);
  }

  /** A snapshot with X-Ray's new targets applied to the rules they name. */
  RulesSnapshot withTargets(Map<String, TargetGrant> grants) {
    RuleApplier[] updated = appliers.clone();
    boolean changed = false;
    for (int i = 0; i < updated.length; i++) {
      TargetGrant grant = grants.get(updated[i].rule().ruleName());
      if (grant != null) {
        SamplingTarget target =
            updated[i]
                .target()
                .withGrant(grant.fixedRate, grant.reservoirQuota, grant.quotaExpiresAtMillis);
        updated[i] = updated[i].withTarget(target, recordRuleName);
        changed = true;
      }
    }
    return changed ? new RulesSnapshot(updated, fallback, source, resource, recordRuleName) : this;
  }

  SamplingResult sample(String traceId, Attributes attributes, long nowMillis) {
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
  List<RuleCounts> drainStatistics() {
    List<RuleCounts> counts = new ArrayList<>();
    for (RuleApplier applier : appliers) {
      if (applier.rule().origin() != SamplingRule.Origin.XRAY) {
        continue;
      }
      RuleStatistics.Counts drained = applier.statistics().drain();
      if (drained.requests > 0 || drained.sampled > 0 || drained.borrowed > 0) {
        counts.add(new RuleCounts(applier.rule().ruleName(), drained));
      }
    }
    return counts;
  }

  Source source() {
    return source;
  }

  List<RuleApplier> appliers() {
    return Collections.unmodifiableList(Arrays.asList(appliers));
  }

  private static RulesSnapshot sorted(
      List<RuleApplier> compiled, Source source, Resource resource, boolean recordRuleName) {
    compiled.sort(ORDER);
    RuleApplier fallback = RuleApplier.compile(builtInDefault(), Resource.empty(), recordRuleName);
    return new RulesSnapshot(
        compiled.toArray(new RuleApplier[0]), fallback, source, resource, recordRuleName);
  }

  /** What X-Ray granted one rule. */
  static final class TargetGrant {
    final double fixedRate;
    final Integer reservoirQuota;
    final Long quotaExpiresAtMillis;
    final Integer intervalSeconds;

    TargetGrant(
        double fixedRate,
        Integer reservoirQuota,
        Long quotaExpiresAtMillis,
        Integer intervalSeconds) {
      this.fixedRate = fixedRate;
      this.reservoirQuota = reservoirQuota;
      this.quotaExpiresAtMillis = quotaExpiresAtMillis;
      this.intervalSeconds = intervalSeconds;
    }
  }

  /** One rule's counts for a {@code SamplingStatisticsDocument}. */
  static final class RuleCounts {
    final String ruleName;
    final RuleStatistics.Counts counts;

    RuleCounts(String ruleName, RuleStatistics.Counts counts) {
      this.ruleName = ruleName;
      this.counts = counts;
    }
  }
}
