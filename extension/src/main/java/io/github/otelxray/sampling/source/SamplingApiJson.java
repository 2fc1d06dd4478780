/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling.source;

import io.github.otelxray.sampling.rules.RulesSnapshot;
import io.github.otelxray.sampling.rules.SamplingRateBoost;
import io.github.otelxray.sampling.rules.SamplingRule;
import io.github.otelxray.sampling.source.JsonValues.InvalidJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON of {@code GetSamplingRules} and {@code SamplingTargets}, field names as in the AWS API
 * reference. Parsing is defensive: a rule or target with a bad value is skipped with a reason and
 * the others kept (contrib fails the whole update on one bad rule); a response that is not the
 * expected shape fails as a whole.
 *
 * <p>Internal: public only for the other parts of the extension, not an API.
 */
public final class SamplingApiJson {

  private SamplingApiJson() {}

  /** One page of {@code GetSamplingRules}. */
  public static final class RulesPage {
    public final List<SamplingRule> rules;
    final List<String> skipped;
    final String nextToken;

    RulesPage(List<SamplingRule> rules, List<String> skipped, String nextToken) {
      this.rules = rules;
      this.skipped = skipped;
      this.nextToken = nextToken;
    }
  }

  /** A {@code SamplingTargets} response. */
  static final class Targets {
    final Map<String, RulesSnapshot.TargetGrant> grants;
    final Long lastRuleModificationMillis;
    final List<String> problems;

    Targets(
        Map<String, RulesSnapshot.TargetGrant> grants,
        Long lastRuleModificationMillis,
        List<String> problems) {
      this.grants = grants;
      this.lastRuleModificationMillis = lastRuleModificationMillis;
      this.problems = problems;
    }
  }

  static String rulesRequest(String nextToken) {
    if (nextToken == null) {
      return "{}";
    }
    return write(Collections.<String, Object>singletonMap("NextToken", nextToken));
  }

  /**
   * A {@code SamplingTargets} request. {@code Timestamp} is epoch seconds, as the API's protocol
   * defines it (contrib and the X-Ray SDK send milliseconds). Rules with boost counts also get a
   * {@code SamplingBoostStatisticsDocument}; {@code SamplingStatisticsDocuments} is required by the
   * API, so it is sent even when empty (contrib's writer drops an empty list).
   */
  static String targetsRequest(
      List<RulesSnapshot.RuleCounts> counts, String clientId, long nowMillis) {
    long timestamp = nowMillis / 1000L;
    List<Map<String, Object>> documents = new ArrayList<>();
    List<Map<String, Object>> boostDocuments = new ArrayList<>();
    for (RulesSnapshot.RuleCounts rule : counts) {
      if (rule.counts.hasSamplingCounts()) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("RuleName", rule.ruleName);
        document.put("ClientID", clientId);
        document.put("Timestamp", timestamp);
        document.put("RequestCount", rule.counts.requests);
        document.put("SampledCount", rule.counts.sampled);
        document.put("BorrowCount", rule.counts.borrowed);
        documents.add(document);
      }
      if (rule.counts.hasBoostCounts()) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("RuleName", rule.ruleName);
        document.put("ServiceName", rule.serviceName);
        document.put("Timestamp", timestamp);
        document.put("TotalCount", rule.counts.boostTotal);
        document.put("AnomalyCount", rule.counts.anomalies);
        document.put("SampledAnomalyCount", rule.counts.sampledAnomalies);
        boostDocuments.add(document);
      }
    }
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("SamplingStatisticsDocuments", documents);
    if (!boostDocuments.isEmpty()) {
      request.put("SamplingBoostStatisticsDocuments", boostDocuments);
    }
    return write(request);
  }

  public static RulesPage parseRules(String body) throws SamplingApiException {
    Map<String, Object> response = object(body, "GetSamplingRules");
    Object records = response.get("SamplingRuleRecords");
    if (!(records instanceof List)) {
      throw new SamplingApiException("GetSamplingRules answer has no SamplingRuleRecords array");
    }
    List<SamplingRule> rules = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (Object record : (List<?>) records) {
      Object rule = record instanceof Map ? ((Map<?, ?>) record).get("SamplingRule") : null;
      if (!(rule instanceof Map)) {
        skipped.add("a rule record without a SamplingRule object was skipped");
        continue;
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> fields = (Map<String, Object>) rule;
      try {
        SamplingRule parsed = rule(fields);
        Object boost = fields.get("SamplingRateBoost");
        if (boost != null) {
          try {
            parsed = parsed.withBoost(boost(boost));
          } catch (InvalidJson e) {
            skipped.add(
                "sampling rule '"
                    + parsed.ruleName()
                    + "' takes no part in sampling boost: SamplingRateBoost "
                    + e.getMessage());
          }
        }
        rules.add(parsed);
      } catch (InvalidJson e) {
        Object name = fields.get("RuleName");
        skipped.add(
            "sampling rule '"
                + (name == null ? "?" : RuleLimits.forLog(name))
                + "' was skipped: "
                + e.getMessage());
      }
    }
    Object token = response.get("NextToken");
    return new RulesPage(
        rules,
        skipped,
        token instanceof String && !((String) token).isEmpty() ? (String) token : null);
  }

  static Targets parseTargets(String body) throws SamplingApiException {
    Map<String, Object> response = object(body, "SamplingTargets");
    Map<String, RulesSnapshot.TargetGrant> grants = new HashMap<>();
    List<String> problems = new ArrayList<>();
    Object documents = response.get("SamplingTargetDocuments");
    if (documents instanceof List) {
      for (Object document : (List<?>) documents) {
        if (!(document instanceof Map)) {
          problems.add("a SamplingTargetDocument that is not an object was skipped");
          continue;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>) document;
        try {
          String name = JsonValues.string(fields, "RuleName");
          grants.put(name, grant(fields));
        } catch (InvalidJson e) {
          problems.add("a sampling target was skipped: " + e.getMessage());
        }
      }
    } else if (documents != null) {
      throw new SamplingApiException(
          "SamplingTargets answer has a SamplingTargetDocuments that is not an array");
    }
    unprocessed(response, "UnprocessedBoostStatistics", "boost statistics", problems);
    unprocessed(response, "UnprocessedStatistics", "statistics", problems);
    Long lastModification;
    try {
      lastModification = JsonValues.timestampMillis(response, "LastRuleModification");
    } catch (InvalidJson e) {
      problems.add("SamplingTargets answer: " + e.getMessage());
      lastModification = null;
    }
    return new Targets(grants, lastModification, problems);
  }

  /** X-Ray's word on each rule whose {@code what} it did not take, from the list at {@code key}. */
  private static void unprocessed(
      Map<String, Object> response, String key, String what, List<String> problems) {
    Object entries = response.get(key);
    if (!(entries instanceof List)) {
      return;
    }
    for (Object entry : (List<?>) entries) {
      if (entry instanceof Map) {
        Map<?, ?> fields = (Map<?, ?>) entry;
        problems.add(
            "X-Ray did not accept the "
                + what
                + " of rule '"
                + fields.get("RuleName")
                + "': "
                + fields.get("ErrorCode")
                + " "
                + fields.get("Message"));
      }
    }
  }

  private static SamplingRule rule(Map<String, Object> fields) throws InvalidJson {
    String name = RuleLimits.string(fields, "RuleName", RuleLimits.RULE_NAME);
    if (name.isEmpty()) {
      throw new InvalidJson("RuleName is empty");
    }
    int version = JsonValues.integer(fields, "Version");
    if (version != 1) {
      // Only version 1 exists; the X-Ray SDK drops other versions too.
      throw new InvalidJson("Version " + version + " is not supported");
    }
    Map<String, String> attributes = new HashMap<>();
    Object rawAttributes = fields.get("Attributes");
    if (rawAttributes instanceof Map) {
      Map<?, ?> map = (Map<?, ?>) rawAttributes;
      if (map.size() > RuleLimits.ATTRIBUTES) {
        throw new InvalidJson(
            "Attributes has " + map.size() + " entries; the limit is " + RuleLimits.ATTRIBUTES);
      }
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        String key = String.valueOf(entry.getKey());
        if (key.isEmpty()) {
          throw new InvalidJson("Attributes has an empty key");
        }
        RuleLimits.checkLength("an Attributes key", key, RuleLimits.ATTRIBUTE_KEY);
        if (!(entry.getValue() instanceof String)) {
          throw new InvalidJson("Attributes." + key + " is not a string");
        }
        String value = (String) entry.getValue();
        if (value.isEmpty()) {
          throw new InvalidJson("Attributes." + key + " is empty");
        }
        attributes.put(
            key, RuleLimits.checkLength("Attributes." + key, value, RuleLimits.ATTRIBUTE_VALUE));
      }
    } else if (rawAttributes != null) {
      throw new InvalidJson("Attributes is not an object");
    }
    return new SamplingRule(
        name,
        JsonValues.integer(fields, "Priority"),
        JsonValues.rate(fields, "FixedRate"),
        JsonValues.nonNegativeInt(fields, "ReservoirSize"),
        RuleLimits.string(fields, "ServiceName", RuleLimits.SERVICE_NAME),
        RuleLimits.string(fields, "ServiceType", RuleLimits.SERVICE_TYPE),
        RuleLimits.string(fields, "Host", RuleLimits.HOST),
        RuleLimits.string(fields, "HTTPMethod", RuleLimits.HTTP_METHOD),
        RuleLimits.string(fields, "URLPath", RuleLimits.URL_PATH),
        RuleLimits.string(fields, "ResourceARN", RuleLimits.RESOURCE_ARN),
        attributes,
        SamplingRule.Origin.XRAY);
  }

  private static RulesSnapshot.TargetGrant grant(Map<String, Object> fields) throws InvalidJson {
    double rate = JsonValues.rate(fields, "FixedRate");
    Integer quota =
        fields.get("ReservoirQuota") == null
            ? null
            : JsonValues.nonNegativeInt(fields, "ReservoirQuota");
    Long ttl = JsonValues.timestampMillis(fields, "ReservoirQuotaTTL");
    Integer interval =
        fields.get("Interval") == null ? null : JsonValues.nonNegativeInt(fields, "Interval");
    Double boostRate = null;
    long boostExpiresAtMillis = 0;
    Object boost = fields.get("SamplingBoost");
    if (boost instanceof Map) {
      @SuppressWarnings("unchecked")
      Map<String, Object> boostFields = (Map<String, Object>) boost;
      Long expiry = JsonValues.timestampMillis(boostFields, "BoostRateTTL");
      // A boost without an end would never end: ignored, as contrib ignores it.
      if (expiry != null) {
        boostRate = JsonValues.rate(boostFields, "BoostRate");
        boostExpiresAtMillis = expiry;
      }
    } else if (boost != null) {
      throw new InvalidJson("SamplingBoost is not an object");
    }
    return new RulesSnapshot.TargetGrant(
        rate, quota, ttl, interval, boostRate, boostExpiresAtMillis);
  }

  private static SamplingRateBoost boost(Object value) throws InvalidJson {
    if (!(value instanceof Map)) {
      throw new InvalidJson("is not an object");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> fields = (Map<String, Object>) value;
    return new SamplingRateBoost(
        JsonValues.rate(fields, "MaxRate"),
        JsonValues.nonNegativeInt(fields, "CooldownWindowMinutes"));
  }

  private static Map<String, Object> object(String body, String call) throws SamplingApiException {
    try {
      return JsonValues.parseObject(JsonValues.STRICT, body);
    } catch (InvalidJson e) {
      throw new SamplingApiException(call + " answer " + e.getMessage());
    }
  }

  private static String write(Map<String, Object> value) {
    try {
      return JsonValues.STRICT.asString(value);
    } catch (IOException e) {
      // Maps of strings and numbers always serialise.
      throw new IllegalStateException(e);
    }
  }
}
